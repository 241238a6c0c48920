// Periodic jobs: release scheduled messages, retry unmatched receipts, expire what got no receipt
// or outlived its validity, and purge in small batches old final messages, old audit entries and
// expired cloud API nonces.
import type { MessageUpdate, Store } from '../store/types.ts';
import type { Message } from './message.ts';
import type { Notify, OnFinal } from './notifier.ts';
import type { ReceiptProcessor } from './receipts.ts';

export interface HousekeepingOptions {
  store: Store;
  receipts: ReceiptProcessor;
  /** A submitted message with no receipt after this long is expired (default 72 h). */
  receiptTimeoutMs: number;
  /** Final messages older than this are deleted (default 180 days). */
  retentionMs: number;
  /** Audit entries older than this are deleted (config audit.retentionDays, default 365 days; absent = kept). */
  auditRetentionMs?: number;
  /** Told which connectors have newly due messages. */
  onQueued: (connectorIds: Set<string>) => void;
  /** The notifications for messages that reached a final state here; stored in the same transaction. */
  notify: Notify;
  onFinal: OnFinal;
  now?: () => number;
}

export class Housekeeping {
  private timers: NodeJS.Timeout[] = [];
  private readonly now: () => number;
  private busy = new Set<string>();

  constructor(private readonly options: HousekeepingOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.every(1_000, 'scheduled', () => this.releaseScheduled());
    this.every(2_000, 'receipts', () => this.options.receipts.retryUnmatched().then(() => undefined));
    this.every(30_000, 'expiry', () => this.expire());
    this.every(3_600_000, 'retention', () => this.purge());
    this.every(60_000, 'nonces', () => this.purgeNonces());
    this.every(3_600_000, 'audit-retention', () => this.purgeAudit());
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  async releaseScheduled(): Promise<number> {
    const now = this.now();
    const due = await this.options.store.messages.dueScheduled(now, 1000);
    if (due.length === 0) return 0;
    await this.options.store.messages.applyUpdates(due.map((m) => ({ id: m.id, state: 'queued', at: now, detail: 'schedule time reached', set: { nextAttemptAt: now } })));
    this.options.onQueued(new Set(due.map((m) => m.connectorId).filter((id): id is string => id !== null)));
    return due.length;
  }

  /** Submitted with no receipt for too long, or queued past validity → expired. */
  async expire(): Promise<number> {
    const now = this.now();
    const { store } = this.options;
    const stale = [
      ...(await store.messages.listStaleSubmitted(now - this.options.receiptTimeoutMs, 1000)),
      ...(await store.messages.listExpiredQueued(now, 1000)),
    ];
    if (stale.length === 0) return 0;
    const expired: Message[] = stale.map((m) => ({ ...m, state: 'expired', doneAt: now, errorCode: m.state === 'submitted' ? 'no_receipt' : 'validity', inflightSince: null }));
    const updates: MessageUpdate[] = [];
    for (const [i, m] of stale.entries()) {
      updates.push({
        id: m.id,
        state: 'expired',
        at: now,
        detail: m.state === 'submitted' ? 'no receipt in time' : 'validity passed before it could be sent',
        set: { doneAt: now, errorCode: expired[i]!.errorCode, inflightSince: null },
        // A receipt (or a lane) that got there first, maybe on another node, wins.
        onlyFrom: [m.state],
        outbox: await this.options.notify(expired[i]!),
      });
    }
    const skipped = new Set(await store.messages.applyUpdates(updates));
    const applied = updates.filter((u) => !skipped.has(u.id));
    this.options.onFinal(expired.filter((m) => !skipped.has(m.id)), applied.flatMap((u) => u.outbox ?? []));
    return applied.length;
  }

  /** Cloud API nonces past their window: a replay of them is refused by its timestamp now. */
  purgeNonces(): Promise<number> {
    return this.options.store.credentials.purgeNonces(this.now());
  }

  /** Deletes in batches so traffic keeps flowing between them. */
  async purge(): Promise<number> {
    const before = this.now() - this.options.retentionMs;
    let total = 0;
    for (;;) {
      const deleted = await this.options.store.messages.purgeFinal(before, 1000);
      total += deleted;
      if (deleted < 1000) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Old audit entries, a small batch at a time so sign-ins and writes to the log are never held up long. */
  async purgeAudit(batch = 1000): Promise<number> {
    if (this.options.auditRetentionMs === undefined) return 0;
    const before = this.now() - this.options.auditRetentionMs;
    let total = 0;
    for (;;) {
      const deleted = await this.options.store.audit.purgeBefore(before, batch);
      total += deleted;
      if (deleted < batch) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private every(ms: number, name: string, job: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      if (this.busy.has(name)) return;
      this.busy.add(name);
      job()
        .catch(() => undefined)
        .finally(() => this.busy.delete(name));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
