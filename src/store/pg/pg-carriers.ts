// The carrier repository on PostgreSQL: segment table (replaced in one transaction, version +1) and overrides.
import type pg from 'pg';
import { overrideFromRow, segmentFromRow } from '../carrier-rows.ts';
import type { CarrierOverride, CarrierRepository, StoredSegments } from '../types.ts';
import { matchesNothing } from './pg-text.ts';
import { inTransaction } from './pg-transaction.ts';

export function pgCarriers(pool: pg.Pool): CarrierRepository {
  return {
    segments: async () =>
      // One transaction at REPEATABLE READ: the version and the rows read belong together.
      inTransaction(pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const meta = (await client.query('SELECT version, base, updated_at FROM carrier_table WHERE id = 1')).rows[0];
        const segments = (await client.query('SELECT * FROM carrier_segments ORDER BY prefix')).rows.map(segmentFromRow);
        if (!meta) return { version: 0, base: 'builtin' as const, segments, updatedAt: null };
        return { version: Number(meta.version), base: meta.base as StoredSegments['base'], segments, updatedAt: Number(meta.updated_at) };
      }),
    replaceSegments: async (base, segments, at) =>
      inTransaction(pool, async (client) => {
        // The upsert locks the one meta row first, so two admins replacing at once apply one after the other.
        const { rows } = await client.query(
          `INSERT INTO carrier_table (id, version, base, updated_at) VALUES (1, 1, $1, $2)
           ON CONFLICT (id) DO UPDATE SET version = carrier_table.version + 1, base = excluded.base, updated_at = excluded.updated_at
           RETURNING version`,
          [base, at],
        );
        await client.query('DELETE FROM carrier_segments');
        if (segments.length > 0) {
          await client.query(
            `INSERT INTO carrier_segments (prefix, carrier, virtual, kind)
             SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[])`,
            [segments.map((s) => s.prefix), segments.map((s) => s.carrier), segments.map((s) => s.virtual), segments.map((s) => s.kind)],
          );
        }
        return Number(rows[0].version);
      }),
    getOverride: async (number) => {
      if (matchesNothing(number)) return null;
      const { rows } = await pool.query('SELECT * FROM carrier_overrides WHERE number = $1', [number]);
      return rows[0] ? overrideFromRow(rows[0]) : null;
    },
    listOverrides: async (after, limit) =>
      (await pool.query('SELECT * FROM carrier_overrides WHERE number > $1 COLLATE "C" ORDER BY number COLLATE "C" LIMIT $2', [after ?? '', limit])).rows.map(overrideFromRow),
    upsertOverride: async (o: CarrierOverride) =>
      void (await pool.query(
        `INSERT INTO carrier_overrides (number, carrier, origin, note, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (number) DO UPDATE SET carrier = excluded.carrier, origin = excluded.origin, note = excluded.note, updated_at = excluded.updated_at`,
        [o.number, o.carrier, o.origin, o.note, o.updatedAt],
      )),
    deleteOverride: async (number) => !matchesNothing(number) && ((await pool.query('DELETE FROM carrier_overrides WHERE number = $1', [number])).rowCount ?? 0) > 0,
    overridesSince: async (at) =>
      (await pool.query('SELECT * FROM carrier_overrides WHERE updated_at >= $1 ORDER BY updated_at, number', [at])).rows.map(overrideFromRow),
    stamp: async () => {
      const { rows } = await pool.query(
        `SELECT (SELECT COALESCE(MAX(version), 0) FROM carrier_table) AS version, COUNT(*) AS n, COALESCE(MAX(updated_at), 0) AS latest
         FROM carrier_overrides`,
      );
      return { version: Number(rows[0].version), overrides: Number(rows[0].n), latest: Number(rows[0].latest) };
    },
  };
}
