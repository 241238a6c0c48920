// Migration 9: signatures (签名), message templates with their stable codes, and phrases (常用语).
import type { Migration } from './migration.ts';

function tables(serial: string, int64: string): string {
  return `
CREATE TABLE signatures (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  is_default INTEGER NOT NULL DEFAULT 0,
  remark TEXT,
  created_at ${int64} NOT NULL,
  updated_at ${int64} NOT NULL,
  reviewed_at ${int64}
);
CREATE UNIQUE INDEX signatures_name ON signatures (account_id, name);
CREATE INDEX signatures_page ON signatures (account_id, created_at, id);
CREATE INDEX signatures_review ON signatures (status, created_at, id);
-- code is SMS_ + the zero-padded seq: stable, never reused (seq is never reused either).
CREATE TABLE templates (
  seq ${serial},
  code TEXT NOT NULL,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  remark TEXT,
  created_at ${int64} NOT NULL,
  updated_at ${int64} NOT NULL,
  reviewed_at ${int64}
);
CREATE UNIQUE INDEX templates_code ON templates (code);
CREATE INDEX templates_page ON templates (account_id, created_at, seq);
CREATE INDEX templates_review ON templates (status, created_at, seq);
CREATE TABLE phrases (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  title TEXT,
  text TEXT NOT NULL,
  created_at ${int64} NOT NULL,
  updated_at ${int64} NOT NULL
);
CREATE INDEX phrases_page ON phrases (account_id, created_at, id);
`;
}

export const templates: Migration = {
  version: 9,
  name: 'templates',
  sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER'),
  // An identity column, as in 001: backup/restore moves identity sequences past the restored codes.
  postgres: tables('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', 'BIGINT'),
};
