// Migration 5: each message says what it is for (verification / notification / marketing).
import type { Migration } from './migration.ts';

const change = `ALTER TABLE messages ADD COLUMN category TEXT NOT NULL DEFAULT 'notification';`;

export const messageCategory: Migration = { version: 5, name: 'message-category', sqlite: change, postgres: change };
