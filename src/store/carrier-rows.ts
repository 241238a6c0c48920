// Maps carrier table rows (both dialects) to the domain types.
import type { Carrier, CarrierSegment, SegmentKind } from '../core/carriers/carrier.ts';
import type { CarrierOverride } from './types.ts';

type Row = Record<string, unknown>;

export function segmentFromRow(r: Row): CarrierSegment {
  // SQLite stores the flag as 0/1, PostgreSQL as a boolean.
  return { prefix: r.prefix as string, carrier: r.carrier as Carrier, virtual: Boolean(r.virtual), kind: r.kind as SegmentKind };
}

export function overrideFromRow(r: Row): CarrierOverride {
  return {
    number: r.number as string,
    carrier: (r.carrier ?? null) as Carrier | null,
    origin: r.origin as CarrierOverride['origin'],
    note: (r.note ?? null) as string | null,
    updatedAt: Number(r.updated_at),
  };
}
