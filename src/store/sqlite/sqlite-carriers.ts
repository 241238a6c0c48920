// The carrier repository on SQLite: segment table (replaced in one transaction, version +1) and overrides.
import type Database from 'better-sqlite3';
import type { CarrierSegment } from '../../core/carriers/carrier.ts';
import { overrideFromRow, segmentFromRow } from '../carrier-rows.ts';
import type { CarrierOverride, CarrierRepository, StoredSegments } from '../types.ts';

type Row = Record<string, unknown>;

export function sqliteCarriers(db: Database.Database): CarrierRepository {
  const p = (sql: string) => db.prepare(sql);
  const q = {
    meta: p('SELECT version, base, updated_at FROM carrier_table WHERE id = 1'),
    segments: p('SELECT * FROM carrier_segments ORDER BY prefix'),
    bump: p(`INSERT INTO carrier_table (id, version, base, updated_at) VALUES (1, 1, ?, ?)
      ON CONFLICT (id) DO UPDATE SET version = carrier_table.version + 1, base = excluded.base, updated_at = excluded.updated_at
      RETURNING version`).pluck(),
    clear: p('DELETE FROM carrier_segments'),
    insert: p('INSERT INTO carrier_segments (prefix, carrier, virtual, kind) VALUES (?, ?, ?, ?)'),
    get: p('SELECT * FROM carrier_overrides WHERE number = ?'),
    list: p('SELECT * FROM carrier_overrides WHERE number > ? ORDER BY number LIMIT ?'),
    upsert: p(`INSERT INTO carrier_overrides (number, carrier, origin, note, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (number) DO UPDATE SET carrier = excluded.carrier, origin = excluded.origin, note = excluded.note, updated_at = excluded.updated_at`),
    delete: p('DELETE FROM carrier_overrides WHERE number = ?'),
    since: p('SELECT * FROM carrier_overrides WHERE updated_at >= ? ORDER BY updated_at, number'),
    stamp: p(`SELECT (SELECT COALESCE(MAX(version), 0) FROM carrier_table) AS version, COUNT(*) AS n, COALESCE(MAX(updated_at), 0) AS latest
      FROM carrier_overrides`),
  };
  const read = db.transaction((): StoredSegments => {
    const meta = q.meta.get() as Row | undefined;
    const segments = (q.segments.all() as Row[]).map(segmentFromRow);
    if (!meta) return { version: 0, base: 'builtin', segments, updatedAt: null };
    return { version: Number(meta.version), base: meta.base as StoredSegments['base'], segments, updatedAt: Number(meta.updated_at) };
  });
  const replace = db.transaction((base: StoredSegments['base'], segments: CarrierSegment[], at: number): number => {
    const version = q.bump.get(base, at) as number;
    q.clear.run();
    for (const s of segments) q.insert.run(s.prefix, s.carrier, s.virtual ? 1 : 0, s.kind);
    return version;
  });
  return {
    segments: async () => read(),
    replaceSegments: async (base, segments, at) => replace(base, segments, at),
    getOverride: async (number) => {
      const row = q.get.get(number) as Row | undefined;
      return row ? overrideFromRow(row) : null;
    },
    listOverrides: async (after, limit) => (q.list.all(after ?? '', limit) as Row[]).map(overrideFromRow),
    upsertOverride: async (o: CarrierOverride) => void q.upsert.run(o.number, o.carrier, o.origin, o.note, o.updatedAt),
    deleteOverride: async (number) => q.delete.run(number).changes > 0,
    overridesSince: async (at) => (q.since.all(at) as Row[]).map(overrideFromRow),
    stamp: async () => {
      const r = q.stamp.get() as Row;
      return { version: Number(r.version), overrides: Number(r.n), latest: Number(r.latest) };
    },
  };
}
