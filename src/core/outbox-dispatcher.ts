// Delivers the callback outbox: batched, signed HTTP webhooks per account and URL, deliver_sm to
// customers' SMPP binds and DELIVER to their CMPP connections (only while connected). Failures are
// retried with backoff.
import { createHmac } from 'node:crypto';
import type { OutboxItem, Store } from '../store/types.ts';
import type { CmppDeliveryPort, SessionDeliveryPort, SmppDeliveryPort, MoPayload, StatusPayload } from './intake-port.ts';

export interface OutboxDispatcherOptions {
  store: Store;
  smpp?: SmppDeliveryPort;
  cmpp?: CmppDeliveryPort;
  /** Delays after the 1st, 2nd, … failed attempt; the last one repeats. */
  retryIntervalsMs?: number[];
  batchSize?: number;
  pollMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/** How long a claimed item is ours before another pass or node may take it (longer than any delivery). */
export const OUTBOX_LEASE_MS = 60_000;

/** Deliveries in flight at once per customer system_id / SP_Id. */
const SESSION_CONCURRENCY = 32;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Deliveries of offered items still under way; stop() waits for them. */
  private readonly offered = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly intervals: number[];
  readonly counters = { delivered: 0, failed: 0 };
  /** The last store failure a pass met, for diagnostics. */
  lastError: Error | null = null;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.now = options.now ?? Date.now;
    this.intervals = options.retryIntervalsMs ?? [1_000, 5_000, 30_000, 120_000, 600_000, 3_600_000];
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.pollMs ?? 200);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([this.running, ...this.offered]);
  }

  /**
   * Passes over what is due until a pass finds less than a full batch; overlapping calls share them.
   * Never rejects: when the store fails, what was due stays due and the next poll tries again.
   */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        while ((await this.pass()) === this.batchSize) {
          // A full batch: more is waiting, go on at once instead of at the next poll.
        }
      } catch (error) {
        this.lastError = error as Error;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 1000;
  }

  private async pass(): Promise<number> {
    const { store, smpp, cmpp } = this.options;
    const now = this.now();
    const due = await store.outbox.claim(now, this.batchSize, now + OUTBOX_LEASE_MS, { smpp: smpp?.boundSystemIds() ?? [], cmpp: cmpp?.boundSystemIds() ?? [] });
    if (due.length === 0) return 0;
    await this.deliver(due);
    return due.length;
  }

  /**
   * Delivers items just committed under a lease (see Notifier.statusItems) without reading them
   * back from the store. Never rejects: what fails is retried from the store.
   */
  offer(items: OutboxItem[]): void {
    if (items.length === 0) return;
    const bound = { smpp: new Set(this.options.smpp?.boundSystemIds() ?? []), cmpp: new Set(this.options.cmpp?.boundSystemIds() ?? []) };
    const now: OutboxItem[] = [];
    const waiting: string[] = [];
    for (const item of items) {
      if ((item.kind === 'smpp' || item.kind === 'cmpp') && !bound[item.kind].has(item.target)) waiting.push(item.id);
      else now.push(item);
    }
    // A customer that is not bound gets these when it binds again: due at once, for the claim to find.
    const released = waiting.length > 0 ? this.options.store.outbox.retry(waiting, this.now()) : Promise.resolve();
    const delivery = Promise.all([released, this.deliver(now)]).then(
      () => undefined,
      (error: unknown) => {
        this.lastError = error as Error;
      },
    );
    this.offered.add(delivery);
    void delivery.finally(() => this.offered.delete(delivery));
  }

  private async deliver(items: OutboxItem[]): Promise<void> {
    const groups = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const key = `${item.kind}\u0000${item.accountId}\u0000${item.target}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(item);
    }
    const { smpp, cmpp } = this.options;
    await Promise.all(
      [...groups.values()].map((group) => {
        if (group[0].kind === 'http') return this.postWebhook(group);
        if (group[0].kind === 'kannel') return Promise.all(group.map((item) => this.getKannelDlr(item)));
        if (group[0].kind === 'aliyun' || group[0].kind === 'tencent') return this.postCloudReports(group);
        return this.deliverToSessions(group, group[0].kind === 'cmpp' ? cmpp : smpp);
      }),
    );
  }

  /** A Kannel dlr-url: one GET per report, its answer's body ignored (as Kannel does); any 2xx counts. */
  private async getKannelDlr(item: OutboxItem): Promise<void> {
    let ok = false;
    try {
      const response = await fetch(item.target, { method: 'GET', signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
      ok = response.ok;
      await response.body?.cancel();
    } catch {
      ok = false;
    }
    await this.settle([item], ok);
  }

  /**
   * Aliyun SmsReport / SmsUp and Tencent status callbacks: JSON arrays, one per event kind; Tencent's reply
   * callback is one object per reply. Unsigned (neither cloud signs its pushes); any 2xx counts.
   */
  private async postCloudReports(items: OutboxItem[]): Promise<void> {
    const single = items[0].kind === 'tencent' ? items.filter((i) => i.event === 'mo') : [];
    const arrays = (['status', 'mo'] as const).map((event) => items.filter((i) => i.event === event && !single.includes(i))).filter((group) => group.length > 0);
    await Promise.all([
      ...arrays.map((group) => this.postCloud(group, group.map((item) => item.payload))),
      ...single.map((item) => this.postCloud([item], item.payload)),
    ]);
  }

  private async postCloud(items: OutboxItem[], body: unknown): Promise<void> {
    let ok = false;
    try {
      const response = await fetch(items[0].target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      ok = response.ok;
      await response.body?.cancel();
    } catch {
      ok = false;
    }
    await this.settle(items, ok);
  }

  private async postWebhook(items: OutboxItem[]): Promise<void> {
    const account = await this.options.store.accounts.get(items[0].accountId);
    const body = JSON.stringify({ events: items.map((item) => ({ type: item.event, data: item.payload })) });
    const timestamp = Math.floor(this.now() / 1000);
    let ok = false;
    try {
      const response = await fetch(items[0].target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-kuaixin-timestamp': String(timestamp),
          'x-kuaixin-signature': signWebhook(account?.callbackSecret ?? '', timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      ok = response.ok;
      await response.body?.cancel();
    } catch {
      ok = false;
    }
    await this.settle(items, ok);
  }

  private async deliverToSessions(items: OutboxItem[], port: SessionDeliveryPort | undefined): Promise<void> {
    if (!port) return;
    const delivered: OutboxItem[] = [];
    const failed: OutboxItem[] = [];
    // A few deliveries at a time per customer: its window paces them, the rest wait their turn here.
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++];
        const event = item.event === 'status' ? { kind: 'status' as const, payload: item.payload as unknown as StatusPayload } : { kind: 'mo' as const, payload: item.payload as unknown as MoPayload };
        await port.deliver(item.target, event).then(
          () => delivered.push(item),
          () => failed.push(item),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(SESSION_CONCURRENCY, items.length) }, worker));
    if (delivered.length) await this.settle(delivered, true);
    if (failed.length) await this.settle(failed, false);
  }

  private async settle(items: OutboxItem[], ok: boolean): Promise<void> {
    const ids = items.map((i) => i.id);
    if (ok) {
      this.counters.delivered += ids.length;
      await this.options.store.outbox.complete(ids);
      return;
    }
    this.counters.failed += ids.length;
    const attempts = Math.max(...items.map((i) => i.attempts));
    await this.options.store.outbox.retry(ids, this.now() + this.intervals[Math.min(attempts, this.intervals.length - 1)]);
  }
}
