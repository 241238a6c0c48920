// Runs a function inside one PostgreSQL transaction on a pooled client: COMMIT on success, ROLLBACK on error,
// and the whole transaction again when PostgreSQL aborted it as a deadlock victim or a serialization failure.
import type pg from 'pg';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** SQLSTATEs after which running the same transaction again is correct: 40P01 deadlock_detected, 40001 serialization_failure. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: unknown } | null)?.code as string);
}

export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(pool, fn);
    } catch (error) {
      // Two nodes (or a lane and the receipt processor) updating overlapping rows in different orders:
      // PostgreSQL aborts one of them, which rolled back completely and may simply run again.
      if (!isRetryable(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

async function once<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is destroyed rather than returned to the pool.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw err;
  } finally {
    client.release(broken);
  }
}
