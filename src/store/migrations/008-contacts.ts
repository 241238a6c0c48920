// Migration 8: the address book — contacts, groups and their members, import jobs with their staged rows and errors.
import type { Migration } from './migration.ts';

/** `text` is the type of keys compared by byte prefix (number / name search); PostgreSQL gets the C collation for it. */
function tables(serial: string, int64: string, text: string, staging: string, clustered: string): string {
  return `
-- name is '' when unknown; fields is a JSON object; tags a JSON array of strings.
CREATE TABLE contacts (
  id ${serial},
  account_id TEXT NOT NULL,
  number ${text} NOT NULL,
  name ${text} NOT NULL,
  fields TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at ${int64} NOT NULL,
  updated_at ${int64} NOT NULL
);
CREATE UNIQUE INDEX contacts_number ON contacts (account_id, number);
CREATE INDEX contacts_page ON contacts (account_id, id);
CREATE INDEX contacts_name ON contacts (account_id, name);

-- kind 'static' (members in contact_group_members) or 'dynamic' (filter is a JSON ContactFilter).
CREATE TABLE contact_groups (
  id ${serial},
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  filter TEXT,
  created_at ${int64} NOT NULL,
  updated_at ${int64} NOT NULL
);
CREATE UNIQUE INDEX contact_groups_name ON contact_groups (account_id, name);

CREATE TABLE contact_group_members (
  group_id ${int64} NOT NULL,
  contact_id ${int64} NOT NULL,
  PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX contact_group_members_contact ON contact_group_members (contact_id);

CREATE TABLE contact_imports (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  status TEXT NOT NULL,
  phase TEXT NOT NULL,
  format TEXT NOT NULL,
  mode TEXT NOT NULL,
  group_id ${int64},
  file_name TEXT,
  bytes ${int64} NOT NULL,
  bytes_read ${int64} NOT NULL,
  total ${int64} NOT NULL,
  done ${int64} NOT NULL,
  inserted ${int64} NOT NULL,
  updated ${int64} NOT NULL,
  skipped ${int64} NOT NULL,
  errors ${int64} NOT NULL,
  columns TEXT,
  message TEXT,
  created_at ${int64} NOT NULL,
  finished_at ${int64}
);
CREATE INDEX contact_imports_owner ON contact_imports (account_id, created_at);

-- Rows of a running import: nothing reaches contacts until the whole file parsed (then one INSERT … SELECT).
CREATE ${staging} TABLE contact_import_rows (
  job_id TEXT NOT NULL,
  row_no ${int64} NOT NULL,
  number ${text} NOT NULL,
  name ${text} NOT NULL,
  fields TEXT NOT NULL,
  tags TEXT NOT NULL,
  PRIMARY KEY (job_id, row_no)
)${clustered};

CREATE TABLE contact_import_errors (
  job_id TEXT NOT NULL,
  row_no ${int64} NOT NULL,
  number TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (job_id, row_no)
);
`;
}

export const contacts: Migration = {
  version: 8,
  name: 'contacts',
  // WITHOUT ROWID: staged rows live in their key's order, so a job's rows are one range to read and delete.
  sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER', 'TEXT', '', ' WITHOUT ROWID'),
  // Staged rows are throw-away (a crash fails the job anyway): UNLOGGED spares the WAL.
  postgres: tables('BIGSERIAL PRIMARY KEY', 'BIGINT', 'TEXT COLLATE "C"', 'UNLOGGED', ''),
};
