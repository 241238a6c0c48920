// The carrier of a number, as routing needs it: ported-number override first, then the segment table.
// Kept in memory (routing is synchronous and per message); refresh() catches up with other nodes' edits.
import type { CarrierOverride, CarrierRepository, CarrierStamp, StoredSegments } from '../../store/types.ts';
import type { Message } from '../message.ts';
import { BUILTIN_SEGMENTS } from './builtin-segments.ts';
import type { Carrier, CarrierSegment } from './carrier.ts';
import { portedHint, type PortedHint } from './ported-status.ts';
import { SegmentTable } from './segment-table.ts';

export interface CarrierAnswer {
  carrier: Carrier | null;
  virtual: boolean;
  kind: CarrierSegment['kind'] | null;
  source: 'override' | 'segment' | null;
  /** The longest matching prefix of the segment table, also when an override decides the carrier. */
  segment: string | null;
  tableVersion: number;
}

const PAGE = 5000;

/** The table in force: built-in rows (unless the operator replaced them) with the operator's rows on top. */
export function effectiveSegments(stored: Pick<StoredSegments, 'base' | 'segments'>): SegmentTable {
  return new SegmentTable(stored.base === 'builtin' ? [...BUILTIN_SEGMENTS, ...stored.segments] : stored.segments);
}

export class CarrierBook {
  private table = new SegmentTable(BUILTIN_SEGMENTS);
  private stored: StoredSegments = { version: 0, base: 'builtin', segments: [], updatedAt: null };
  private readonly overrides = new Map<string, CarrierOverride>();
  /** The store's stamp when last read; null until the first read. */
  private seen: CarrierStamp | null = null;

  constructor(private readonly repo: CarrierRepository) {}

  get version(): number {
    return this.stored.version;
  }

  get segments(): StoredSegments {
    return this.stored;
  }

  /** Rows of the table in force, ordered by prefix. */
  effectiveRows(): CarrierSegment[] {
    return this.table.rows();
  }

  /**
   * Catches up with edits other nodes made (shared PostgreSQL): nothing when the store's stamp has not
   * moved, the segment table when its version did, and only the overrides changed since the last read
   * unless the count does not add up (a deletion elsewhere), which re-reads them all. True if anything moved.
   */
  async refresh(): Promise<boolean> {
    const seen = this.seen;
    if (!seen) {
      await this.reload();
      return true;
    }
    // Taken before reading: a change made while reading moves the stamp, so the next refresh sees it.
    const stamp = await this.repo.stamp();
    if (stamp.version === seen.version && stamp.overrides === seen.overrides && stamp.latest === seen.latest) return false;
    if (stamp.version !== seen.version) await this.loadSegments();
    if (stamp.overrides !== seen.overrides || stamp.latest !== seen.latest) {
      // >=: another edit may share the last millisecond seen.
      for (const o of await this.repo.overridesSince(seen.latest)) this.overrides.set(o.number, o);
      if (this.overrides.size !== stamp.overrides) await this.loadOverrides();
    }
    this.seen = stamp;
    return true;
  }

  /** Reads the segment table and every override from the store. */
  async reload(): Promise<void> {
    const stamp = await this.repo.stamp();
    await this.loadSegments();
    await this.loadOverrides();
    this.seen = stamp;
  }

  private async loadSegments(): Promise<void> {
    const stored = await this.repo.segments();
    this.stored = stored;
    this.table = effectiveSegments(stored);
  }

  private async loadOverrides(): Promise<void> {
    const overrides: CarrierOverride[] = [];
    for (let after: string | null = null; ; ) {
      const page = await this.repo.listOverrides(after, PAGE);
      overrides.push(...page);
      if (page.length < PAGE) break;
      after = page[page.length - 1].number;
    }
    this.overrides.clear();
    for (const o of overrides) this.overrides.set(o.number, o);
  }

  /** For the router's carrier filter: null when unknown, or ported to an unknown carrier. */
  readonly carrierOf = (e164: string): Carrier | null => this.lookup(e164).carrier;

  lookup(e164: string): CarrierAnswer {
    const tableVersion = this.stored.version;
    const segment = this.table.match(e164);
    const override = this.overrides.get(e164);
    // A ported number keeps its MVNO/kind facts only if it stays on the same network; we cannot know, so none.
    const prefix = segment?.prefix ?? null;
    if (override) return { carrier: override.carrier, virtual: false, kind: segment?.kind ?? null, source: 'override', segment: prefix, tableVersion };
    if (segment) return { carrier: segment.carrier, virtual: segment.virtual, kind: segment.kind, source: 'segment', segment: prefix, tableVersion };
    return { carrier: null, virtual: false, kind: null, source: null, segment: null, tableVersion };
  }

  async replaceSegments(base: StoredSegments['base'], segments: CarrierSegment[]): Promise<number> {
    const version = await this.repo.replaceSegments(base, segments, Date.now());
    await this.loadSegments();
    return version;
  }

  async setOverride(override: CarrierOverride): Promise<void> {
    await this.repo.upsertOverride(override);
    this.overrides.set(override.number, override);
  }

  async removeOverride(number: string): Promise<boolean> {
    const removed = await this.repo.deleteOverride(number);
    this.overrides.delete(number);
    return removed;
  }

  /**
   * Learns from a receipt whose status says the number was ported. A hand-made (manual) override is
   * never replaced: the operator's knowledge wins over a guess. Resolves with the override stored, if any.
   */
  async learnFromReceipt(e164: string, rawStatus: string, errorCode: string | null, at = Date.now()): Promise<CarrierOverride | null> {
    const hint = portedHint(rawStatus, errorCode);
    if (!hint) return null;
    return this.learn(e164, hint, errorCode ? `${rawStatus}:${errorCode}` : rawStatus, at);
  }

  /** learnFromReceipt for messages that reached a final state (their error code holds the receipt's status). */
  async learnFromFinal(messages: Array<Pick<Message, 'recipient' | 'state' | 'errorCode'>>, at = Date.now()): Promise<number> {
    let learned = 0;
    for (const m of messages) {
      if (m.state === 'delivered' || !m.errorCode) continue;
      const hint = portedHint(m.errorCode);
      if (hint && (await this.learn(m.recipient, hint, m.errorCode, at))) learned++;
    }
    return learned;
  }

  private async learn(e164: string, hint: PortedHint, note: string, at: number): Promise<CarrierOverride | null> {
    const existing = this.overrides.get(e164) ?? (await this.repo.getOverride(e164));
    if (existing?.origin === 'manual') return null;
    // An unknown destination does not erase a carrier an earlier, more specific receipt taught us: with
    // several messages to one number in flight, their receipts arrive after the first one was learned.
    if (hint.carrier === null && existing?.carrier) return null;
    const override: CarrierOverride = { number: e164, carrier: hint.carrier, origin: 'receipt', note, updatedAt: at };
    await this.setOverride(override);
    return override;
  }
}
