// Applies pending migrations to PostgreSQL in one transaction under an advisory lock, so nodes starting together don't race.
import type pg from 'pg';
import { pendingMigrations } from './migrations.ts';

/** pg_advisory_xact_lock key for migrations ("kx" "mig" in ASCII). */
const MIGRATION_LOCK = 0x6b78_6d69_67;

export async function migratePostgres(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Held until COMMIT/ROLLBACK; a second node blocks here, then finds nothing pending.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const pending = pendingMigrations(rows.map((r) => r.version));
    for (const m of pending) {
      await client.query(m.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
    }
    await client.query('COMMIT');
    return pending.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
