// Inserting outbox items on PostgreSQL, on its own or inside a message update's transaction.
import type pg from 'pg';
import type { OutboxItem } from '../types.ts';

export async function insertOutbox(client: pg.PoolClient, items: OutboxItem[]): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map((o) => [o.id, o.accountId, o.kind, o.target, o.event, JSON.stringify(o.payload), o.attempts, o.nextAttemptAt, o.createdAt]);
  await client.query(
    `INSERT INTO outbox (id, account_id, kind, target, event, payload, attempts, next_attempt_at, created_at)
     SELECT i, a, k, t, e, p::jsonb, n, na, ca
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int4[], $8::int8[], $9::int8[])
       AS x(i, a, k, t, e, p, n, na, ca)`,
    rows[0].map((_, column) => rows.map((row) => row[column])),
  );
}
