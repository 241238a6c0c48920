// Store types of carrier routing (三网合一): the operator's number-segment table and ported-number overrides.
import type { Carrier, CarrierSegment } from '../core/carriers/carrier.ts';

/** The operator's number-segment table: `base` says whether its rows extend the built-in table or replace it. */
export interface StoredSegments {
  /** 0 until the operator first changes the table; +1 on every change. */
  version: number;
  base: 'builtin' | 'empty';
  segments: CarrierSegment[];
  updatedAt: number | null;
}

/** A number that left its segment's carrier (携号转网). carrier null = ported, destination unknown. */
export interface CarrierOverride {
  /** E.164. */
  number: string;
  carrier: Carrier | null;
  /** 'manual' entries come from the admin API; learning from receipts never overwrites them. */
  origin: 'manual' | 'receipt';
  note: string | null;
  updatedAt: number;
}

export interface CarrierRepository {
  segments(): Promise<StoredSegments>;
  /** Replaces the operator's table in one transaction; resolves with the new version. */
  replaceSegments(base: StoredSegments['base'], segments: CarrierSegment[], at: number): Promise<number>;
  getOverride(number: string): Promise<CarrierOverride | null>;
  /** Overrides ordered by number, those after `after` (a number) when given. */
  listOverrides(after: string | null, limit: number): Promise<CarrierOverride[]>;
  upsertOverride(override: CarrierOverride): Promise<void>;
  deleteOverride(number: string): Promise<boolean>;
  /** Overrides changed at or after `at` (ms), for a node catching up with others' edits. */
  overridesSince(at: number): Promise<CarrierOverride[]>;
  /** A cheap summary of both tables: when it is unchanged a node need not re-read them. */
  stamp(): Promise<CarrierStamp>;
}

export interface CarrierStamp {
  /** The segment table's version. */
  version: number;
  /** How many overrides exist, and the latest updatedAt among them (0 when none). */
  overrides: number;
  latest: number;
}
