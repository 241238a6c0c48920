// Migration 3: editable sensitive-word lists, one row per owner (the platform or an account), each with a version.
import type { Migration } from './migration.ts';

function tables(int64: string): string {
  return `
-- owner '' is the platform list, otherwise an account id. The words are one JSON array, so a list
-- and its version are replaced together in one row write and nodes read them in one query.
CREATE TABLE sensitive_word_lists (
  owner TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  words TEXT NOT NULL,
  updated_at ${int64} NOT NULL
);
`;
}

export const sensitiveWords: Migration = {
  version: 3,
  name: 'sensitive-words',
  sqlite: tables('INTEGER'),
  postgres: tables('BIGINT'),
};
