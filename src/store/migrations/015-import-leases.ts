// Migration 15: a contact import is leased by the process running it, so one left 'running' by a dead
// process is found (its lease lapsed) and failed instead of showing progress forever.
import type { Migration } from './migration.ts';

function change(int64: string): string {
  return `
-- NULL on jobs from before this migration: their process is gone, they count as lapsed.
ALTER TABLE contact_imports ADD COLUMN lease_until ${int64};
CREATE INDEX contact_imports_running ON contact_imports (lease_until) WHERE status = 'running';
`;
}

export const importLeases: Migration = { version: 15, name: 'import-leases', sqlite: change('INTEGER'), postgres: change('BIGINT') };
