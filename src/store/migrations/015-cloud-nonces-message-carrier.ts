// Migration 15: cloud API nonces shared by every node, and the carrier routing resolved for each message.
import type { Migration } from './migration.ts';

/**
 * cloud_nonces: each Aliyun SignatureNonce (per AccessKeyId) as one row until the request's time
 * window has passed, so a replay sent to any node sharing the database is refused; housekeeping
 * deletes expired rows by the expiry index.
 * messages.carrier: the carrier the router resolved at intake (segment table or ported-number
 * override in force then), '' when unknown; NULL for messages stored before this migration, which
 * statistics still attribute by the segment table. Nullable without a default: adding it is instant.
 */
function change(int64: string): string {
  return `
CREATE TABLE cloud_nonces (
  nonce_key TEXT PRIMARY KEY,
  expires_at ${int64} NOT NULL
);
CREATE INDEX cloud_nonces_expiry ON cloud_nonces (expires_at);
ALTER TABLE messages ADD COLUMN carrier TEXT;
`;
}

export const cloudNoncesMessageCarrier: Migration = { version: 15, name: 'cloud-nonces-message-carrier', sqlite: change('INTEGER'), postgres: change('BIGINT') };
