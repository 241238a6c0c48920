// Throwaway PostgreSQL schemas for tests: a random kx_e2e_* schema and a store URL whose search_path selects it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** CI sets DATABASE_URL; on a development machine the local server (trust auth, database test) is used. */
export const TEST_DATABASE_URL: string = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  name: string;
  /** A postgres:// URL whose connections use only this schema (`options=-c search_path=…`, which pg passes on). */
  url: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestSchema(prefix = 'kx_e2e'): Promise<TestSchema> {
  // Lower-case letters, digits and '_' only: safe to splice into DDL unquoted.
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE SCHEMA ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  // Names the platform's connections in pg_stat_activity, so a test can find (and break) them.
  url.searchParams.set('application_name', name);
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    drop: () => (dropped ??= admin(async (c) => void (await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)))),
  };
}
