// The tables of the connection's schema (the one search_path selects), found in the catalog rather than listed
// by hand, ordered so every table comes after the tables its foreign keys reference.
import type pg from 'pg';

export interface PgTable {
  name: string;
  /** Identity columns, whose sequences must be moved past the restored values. */
  identityColumns: string[];
}

export async function schemaTables(client: pg.ClientBase): Promise<PgTable[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const { rows: edges } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace AND c.relname <> p.relname`,
  );
  const { rows: identity } = await client.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
  );
  const names = tables.map((t) => t.name);
  return dependencyOrder(names, edges).map((name) => ({
    name,
    identityColumns: identity.filter((c) => c.table_name === name).map((c) => c.column_name),
  }));
}

/** Depth-first topological order; the alphabetical input order keeps it stable between runs. */
function dependencyOrder(names: string[], edges: Array<{ child: string; parent: string }>): string[] {
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`foreign keys form a cycle through table ${name}`);
    state.set(name, 'visiting');
    for (const e of edges) if (e.child === name && names.includes(e.parent)) visit(e.parent);
    state.set(name, 'done');
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

/** A double-quoted identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
