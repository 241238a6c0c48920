// Migration 15: a contact import is leased by the process running it, so one left 'running' by a dead
// process is found (its lease lapsed) and failed instead of showing progress forever. On SQLite, an
// import stages its rows a chunk per row (a JSON array) instead of a row per contact.
import type { Migration } from './migration.ts';

function change(int64: string): string {
  return `
-- NULL on jobs from before this migration: their process is gone, they count as lapsed.
ALTER TABLE contact_imports ADD COLUMN lease_until ${int64};
CREATE INDEX contact_imports_running ON contact_imports (lease_until) WHERE status = 'running';
`;
}

/**
 * A million single-row staging inserts (and deleting them again) were most of an import's time on
 * SQLite; a chunk of 5,000 rows as one JSON array costs one insert, and the commit reads it back with
 * json_each. Rows are [row_no, number, name, fields, tags] in row order; chunk_no is its first row_no.
 */
const SQLITE_CHUNKS = `
CREATE TABLE contact_import_chunks (
  job_id TEXT NOT NULL,
  chunk_no INTEGER NOT NULL,
  rows TEXT NOT NULL,
  PRIMARY KEY (job_id, chunk_no)
) WITHOUT ROWID;
`;

export const importLeases: Migration = { version: 14, name: 'import-leases', sqlite: change('INTEGER') + SQLITE_CHUNKS, postgres: change('BIGINT') };
