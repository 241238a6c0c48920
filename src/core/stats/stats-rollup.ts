// The background job keeping stats_hourly up to date: recomputes whole UTC hours of final messages
// (so re-running a range never double counts), under a lease so one node at a time runs it.
import type { FinalMessageGroup, StatsRow, Store } from '../../store/types.ts';
import type { Carrier } from '../carriers/carrier.ts';
import type { FailureClassifier } from './failure-category.ts';
import { HOUR_MS, hourFloor } from './time-buckets.ts';

export const ROLLUP_JOB = 'stats_hourly';

export interface StatsRollupOptions {
  store: Pick<Store, 'stats'>;
  /** The carrier of an E.164 number by the segment table, for messages stored without the carrier routing resolved. */
  carrierOf: (e164: string) => Carrier | null;
  /** The failure classifier in force, asked before each run (it may have been edited). */
  classifier: () => Promise<FailureClassifier>;
  /** This node's name in the lease. */
  holder: string;
  now?: () => number;
  /**
   * How far back each run recomputes besides the hours after the watermark: a receipt may carry a
   * done time in the past, or arrive late. Older stragglers need an explicit recompute.
   */
  lateMs?: number;
  /** Hours recomputed per transaction (bounded memory and lock time). */
  chunkHours?: number;
  leaseMs?: number;
}

export interface RollupResult {
  from: number;
  to: number;
  hours: number;
  rows: number;
  messages: number;
}

/** "+86" and 7 digits, padded to a whole number the segment table can look up (it matches 3–5 digit prefixes). */
function carrierOfPrefix(prefix: string, carrierOf: (e164: string) => Carrier | null): string {
  return /^\+861\d{6}$/.test(prefix) ? (carrierOf(`${prefix}0000`) ?? '') : '';
}

/** Turns grouped final messages into rollup rows: carrier and failure category resolved, equal keys merged. */
export function rollupRows(groups: FinalMessageGroup[], carrierOf: (e164: string) => Carrier | null, classify: FailureClassifier): StatsRow[] {
  const carriers = new Map<string, string>();
  const rows = new Map<string, StatsRow>();
  for (const g of groups) {
    // The carrier routing resolved (override included); older messages fall back to the segment table now.
    let carrier = g.carrier ?? carriers.get(g.prefix);
    if (carrier === undefined) carriers.set(g.prefix, (carrier = carrierOfPrefix(g.prefix, carrierOf)));
    const failure = classify(g.state, g.errorCode) ?? '';
    const connectorId = g.connectorId ?? '';
    const key = [g.hour, g.accountId, connectorId, carrier, g.category, g.state, failure].join('\u0001');
    const row = rows.get(key);
    if (row) {
      row.messages += g.messages;
      row.segments += g.segments;
    } else {
      rows.set(key, { hour: g.hour, accountId: g.accountId, connectorId, carrier, category: g.category, state: g.state, failure, messages: g.messages, segments: g.segments });
    }
  }
  return [...rows.values()];
}

export class StatsRollup {
  private readonly now: () => number;
  private readonly lateMs: number;
  private readonly chunkHours: number;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly options: StatsRollupOptions) {
    this.now = options.now ?? Date.now;
    this.lateMs = options.lateMs ?? 2 * HOUR_MS;
    this.chunkHours = options.chunkHours ?? 24;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  /**
   * One incremental pass: from the watermark (or the first final message ever) less the lateness
   * window, up to and including the current hour. Null when another node holds the lease.
   */
  async runOnce(): Promise<RollupResult | null> {
    return this.leased(async (stats) => {
      const now = this.now();
      const current = hourFloor(now);
      let start = await stats.watermark(ROLLUP_JOB);
      if (start === null) start = hourFloor((await stats.firstDoneAt()) ?? now);
      const from = Math.min(start, hourFloor(now - this.lateMs));
      const result = await this.recomputeHours(from, current + HOUR_MS);
      await stats.setWatermark(ROLLUP_JOB, current);
      return result;
    });
  }

  /** Recomputes the hours overlapping [from, to) (after a table edit, or for late data); null when another node holds the lease. */
  async recompute(from: number, to: number): Promise<RollupResult | null> {
    return this.leased(() => this.recomputeHours(hourFloor(from), hourFloor(to - 1) + HOUR_MS));
  }

  /** Runs a pass every `intervalMs` (first one soon), never two at once on this node. */
  start(intervalMs: number, onError: (error: Error) => void): void {
    this.stopped = false;
    const tick = () => {
      if (this.running || this.stopped) return;
      this.running = this.runOnce()
        .catch(onError)
        .finally(() => (this.running = null));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    setImmediate(tick);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async leased<T>(work: (stats: Store['stats']) => Promise<T>): Promise<T | null> {
    const { stats } = this.options.store;
    const { holder } = this.options;
    if (!(await stats.lease(ROLLUP_JOB, holder, this.now(), this.now() + this.leaseMs))) return null;
    try {
      return await work(stats);
    } finally {
      await stats.releaseLease(ROLLUP_JOB, holder);
    }
  }

  private async recomputeHours(from: number, to: number): Promise<RollupResult> {
    const { stats } = this.options.store;
    const classify = await this.options.classifier();
    const result: RollupResult = { from, to, hours: (to - from) / HOUR_MS, rows: 0, messages: 0 };
    for (let a = from; a < to; a += this.chunkHours * HOUR_MS) {
      const b = Math.min(to, a + this.chunkHours * HOUR_MS);
      const rows = rollupRows(await stats.groupFinal(a, b), this.options.carrierOf, classify);
      await stats.replaceHours(a, b, rows);
      // A long first run keeps its lease.
      await stats.lease(ROLLUP_JOB, this.options.holder, this.now(), this.now() + this.leaseMs);
      result.rows += rows.length;
      for (const row of rows) result.messages += row.messages;
    }
    return result;
  }
}
