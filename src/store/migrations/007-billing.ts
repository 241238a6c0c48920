// Migration 7: billing — what each message was charged, the ledger, per-account balance and policy, and price plans.
import type { Migration } from './migration.ts';

function tables(serial: string): string {
  return `
-- cost / unit_price in li (1/10000 yuan); NULL = the account is not billed. refunded_at is set once (失败返还).
ALTER TABLE messages ADD COLUMN cost BIGINT;
ALTER TABLE messages ADD COLUMN unit_price BIGINT;
ALTER TABLE messages ADD COLUMN refunded_at BIGINT;
-- Billed failures not yet refunded: normally empty (refunds follow within ms); after a crash the sweep finds them here.
CREATE INDEX messages_unrefunded ON messages (done_at)
  WHERE cost > 0 AND refunded_at IS NULL AND state IN ('undelivered', 'expired', 'rejected', 'failed', 'cancelled');
-- The cached balance: always the sum of the account's ledger amounts (updated in the same transaction).
CREATE TABLE billing_accounts (
  account_id TEXT PRIMARY KEY,
  balance BIGINT NOT NULL DEFAULT 0,
  policy TEXT NOT NULL DEFAULT 'delivery',
  low_balance_threshold BIGINT NOT NULL DEFAULT 0,
  low_balance_alerted INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
-- Append-only. Reservations and refunds are aggregated: one row per account per commit batch.
CREATE TABLE ledger (
  seq ${serial},
  account_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  amount BIGINT NOT NULL,
  messages INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  balance_after BIGINT NOT NULL
);
CREATE INDEX ledger_account_seq ON ledger (account_id, seq);
CREATE INDEX ledger_account_at ON ledger (account_id, at, seq);
-- category and value are '' for "any" and for the default price, so the unique key sees them as one value.
CREATE TABLE prices (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  match_kind TEXT NOT NULL,
  match_value TEXT NOT NULL,
  category TEXT NOT NULL,
  unit_price BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX prices_key ON prices (account_id, match_kind, match_value, category);
`;
}

export const billing: Migration = {
  version: 7,
  name: 'billing',
  sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT'),
  postgres: tables('BIGSERIAL PRIMARY KEY'),
};
