// Batches writes from many callers into one transaction: what arrives in one turn of the event loop
// (or within a given delay), or a few hundred rows, whichever comes first. Each caller's promise
// settles only when the transaction holding its rows committed.
import { isRowRefused } from '../store/store-errors.ts';

interface Waiter<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /**
   * How long the first row waits for others. 0, the default: until the end of the event-loop turn it
   * came in, which gathers everything one socket read brought. A fixed 2 ms wait cost a customer
   * with 10 submits in flight a third of its throughput (bench/RESULTS.md, BENCH_WINDOW=10).
   */
  maxDelayMs?: number;
  maxItems?: number;
}

export class GroupCommitter<T> {
  private waiters: Waiter<T>[] = [];
  private pendingItems = 0;
  /** Cancels the scheduled write of what is pending; null when none is scheduled. */
  private cancelScheduled: (() => void) | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly maxDelayMs: number;
  private readonly maxItems: number;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    options: GroupCommitOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 0;
    this.maxItems = options.maxItems ?? 500;
  }

  add(items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ items, resolve, reject });
      this.pendingItems += items.length;
      if (this.pendingItems >= this.maxItems) this.flushNow();
      else this.cancelScheduled ??= this.schedule();
    });
  }

  private schedule(): () => void {
    if (this.maxDelayMs === 0) {
      const immediate = setImmediate(() => this.flushNow());
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(() => this.flushNow(), this.maxDelayMs);
    return () => clearTimeout(timer);
  }

  /** Writes whatever is pending and resolves when everything added so far is committed. */
  async flush(): Promise<void> {
    this.flushNow();
    await this.flushing;
  }

  private flushNow(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    if (this.waiters.length === 0) return;
    const batch = this.waiters;
    this.waiters = [];
    this.pendingItems = 0;
    // Transactions run one after another, so commit order follows acceptance order.
    this.flushing = this.flushing.then(async () => {
      try {
        await this.write(batch.flatMap((w) => w.items));
        for (const w of batch) w.resolve();
      } catch (error) {
        if (batch.length === 1 || !isRowRefused(error)) {
          for (const w of batch) w.reject(error);
          return;
        }
        // One caller's bad row must not fail the others (another customer's, often). The failed
        // transaction wrote nothing, so each caller's rows go in on their own.
        for (const w of batch) await this.write(w.items).then(w.resolve, w.reject);
      }
    });
  }
}
