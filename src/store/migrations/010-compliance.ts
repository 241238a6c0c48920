// Migration 10: compliance settings (frequency limits, whitelist, sending hours, consent switch) and consent records.
import type { Migration } from './migration.ts';

function tables(serial: string, int64: string): string {
  return `
-- owner is '' for the platform's defaults, else the account id; policy is the JSON document.
CREATE TABLE compliance_policies (
  owner TEXT PRIMARY KEY,
  policy TEXT NOT NULL,
  revision ${int64} NOT NULL,
  updated_at ${int64} NOT NULL
);

-- Append-only evidence (kept at least 5 months, domain.md 2.1): the latest row per number is its status.
CREATE TABLE consents (
  seq ${serial},
  account_id TEXT NOT NULL,
  number TEXT NOT NULL,
  status TEXT NOT NULL,
  source TEXT NOT NULL,
  evidence TEXT,
  at ${int64} NOT NULL,
  expires_at ${int64},
  created_at ${int64} NOT NULL
);
CREATE INDEX consents_number ON consents (account_id, number, at, seq);
CREATE INDEX consents_page ON consents (account_id, created_at, seq);
`;
}

export const compliance: Migration = {
  version: 10,
  name: 'compliance',
  sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER'),
  postgres: tables('BIGSERIAL PRIMARY KEY', 'BIGINT'),
};
