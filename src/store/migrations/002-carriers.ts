// Migration 2: the operator's number-segment table (号段) with its version, and ported-number overrides (携号转网).
import type { Migration } from './migration.ts';

function tables(d: { int64: string; bool: string }): string {
  return `
CREATE TABLE carrier_segments (
  prefix TEXT PRIMARY KEY,
  carrier TEXT NOT NULL,
  virtual ${d.bool} NOT NULL,
  kind TEXT NOT NULL
);

-- One row (id = 1) once the operator has changed the table; its version grows by one per change.
CREATE TABLE carrier_table (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  base TEXT NOT NULL,
  updated_at ${d.int64} NOT NULL
);

CREATE TABLE carrier_overrides (
  number TEXT PRIMARY KEY,
  carrier TEXT,
  origin TEXT NOT NULL,
  note TEXT,
  updated_at ${d.int64} NOT NULL
);
-- Nodes catch up with each other's edits by time.
CREATE INDEX carrier_overrides_updated ON carrier_overrides (updated_at);
`;
}

export const carriers: Migration = {
  version: 2,
  name: 'carriers',
  sqlite: tables({ int64: 'INTEGER', bool: 'INTEGER' }),
  postgres: tables({ int64: 'BIGINT', bool: 'BOOLEAN' }),
};
