// Migration 4: blacklist entries (platform, account, unsubscribe, carrier), looked up by number.
import type { Migration } from './migration.ts';

function tables(serial: string, int64: string): string {
  return `
-- account_id and signature are '' when not applicable, so the unique key treats "none" as one value
-- (NULLs would be distinct and let the same entry be added twice).
CREATE TABLE blacklist (
  seq ${serial},
  scope TEXT NOT NULL,
  account_id TEXT NOT NULL,
  signature TEXT NOT NULL,
  number TEXT NOT NULL,
  reason TEXT,
  created_at ${int64} NOT NULL
);
CREATE UNIQUE INDEX blacklist_entry ON blacklist (number, scope, account_id, signature);
CREATE INDEX blacklist_owner_page ON blacklist (account_id, created_at, seq);
`;
}

export const blacklist: Migration = {
  version: 4,
  name: 'blacklist',
  // AUTOINCREMENT: seq is never reused, which the book's (max seq, count) version relies on.
  sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER'),
  postgres: tables('BIGSERIAL PRIMARY KEY', 'BIGINT'),
};
