// Runs a store measurement on a fresh SQLite file and, when DATABASE_URL is set, on a fresh PostgreSQL schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PgStore } from '../src/store/pg/pg-store.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../src/store/types.ts';

export type StoreMeasure = (kind: 'sqlite' | 'postgres', store: Store) => Promise<Record<string, unknown>[]>;

export async function onEachStore(name: string, measure: StoreMeasure): Promise<Record<string, unknown>[]> {
  const results: Record<string, unknown>[] = [];
  const dir = mkdtempSync(join(tmpdir(), `kx-bench-${name}-`));
  const sqlite = await SqliteStore.open(join(dir, 'bench.db'));
  try {
    results.push(...(await measure('sqlite', sqlite)));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `kx_bench_${name.replace(/\W/g, '_')}_${process.pid}`;
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const store = await PgStore.open({ connectionString: url, options: `-c search_path=${schema}` });
      try {
        results.push(...(await measure('postgres', store)));
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }
  return results;
}
