// Migration 13: what the CDR (话单) needs that was not stored — the template and signature a message was
// composed with (written at intake, in the same insert), and each part's raw receipt status (e.g. MK:0005).
import type { Migration } from './migration.ts';

const change = `
ALTER TABLE messages ADD COLUMN template_code TEXT;
ALTER TABLE messages ADD COLUMN signature TEXT;
ALTER TABLE message_parts ADD COLUMN raw_status TEXT;
`;

export const messageOrigin: Migration = { version: 13, name: 'message-origin', sqlite: change, postgres: change };
