// Migration 6: user roles and lock-out, sub-accounts (accounts.parent_id), named API keys, and the audit log.
import type { Migration } from './migration.ts';

function change(int64: string, json: string, bool: string, no: string): string {
  return `
ALTER TABLE accounts ADD COLUMN parent_id TEXT;
CREATE INDEX accounts_parent ON accounts (parent_id) WHERE parent_id IS NOT NULL;

-- Console users of an account were all "account" before roles existed: they become its owners.
UPDATE users SET role = 'owner' WHERE role = 'account';
ALTER TABLE users ADD COLUMN disabled ${bool} NOT NULL DEFAULT ${no};
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until ${int64};
-- Console sessions issued before this time (a password change or reset) no longer count.
ALTER TABLE users ADD COLUMN sessions_valid_from ${int64} NOT NULL DEFAULT 0;
CREATE INDEX users_account ON users (account_id, username);

ALTER TABLE credentials ADD COLUMN name TEXT;

-- One row per thing someone did; listed newest first per account (or platform-wide for admins).
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at ${int64} NOT NULL,
  actor TEXT NOT NULL,
  account_id TEXT,
  action TEXT NOT NULL,
  target TEXT,
  detail ${json},
  ip TEXT
);
CREATE INDEX audit_log_account_at ON audit_log (account_id, at, id);
CREATE INDEX audit_log_at ON audit_log (at, id);
`;
}

export const tenants: Migration = { version: 6, name: 'tenants', sqlite: change('INTEGER', 'TEXT', 'INTEGER', '0'), postgres: change('BIGINT', 'JSONB', 'BOOLEAN', 'FALSE') };
