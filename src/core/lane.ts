// One lane per connector: pulls due messages from the store, most urgent first, keeps a bounded
// window in flight, obeys the connector's TPS, and records every outcome. A slow or dead connector
// only ever holds up its own lane.
import { EventEmitter } from 'node:events';
import type { MessageUpdate, Store } from '../store/types.ts';
import type { Connector, SubmitResult } from './connector.ts';
import { GroupCommitter } from './group-commit.ts';
import type { Message } from './message.ts';
import type { AwaitingReceipts } from './awaiting-receipts.ts';
import type { Notify } from './notifier.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { TokenBucket } from './token-bucket.ts';

export interface LaneOptions {
  store: Store;
  connector: Connector;
  retry: RetryPolicy;
  /** Messages in flight at most (usually the connector's total window). */
  maxInFlight: number;
  /** Messages per second (0 = unlimited). */
  tps: number;
  /** Largest claim per store round trip. */
  claimBatch?: number;
  /** How long an idle lane waits before looking again (new work also wakes it). */
  idlePollMs?: number;
  /** Fresh messages held in memory at most (the hot path); 0 turns the hot path off. */
  maxHeld?: number;
  /** The notifications for messages that failed or expired here; stored in the same transaction. */
  notify?: Notify;
  /** Told about submitted single-part messages once committed, so their receipts skip a store read. */
  awaiting?: AwaitingReceipts;
  now?: () => number;
}

export interface LaneStats {
  connectorId: string;
  inFlight: number;
  /** Fresh messages waiting in memory (hot path). */
  held: number;
  submitted: number;
  retried: number;
  failed: number;
  throttledUntil: number;
}

type LaneRow = { update: MessageUpdate; final?: Message; submitted?: Message };

/** Backoff of a lane's store write that failed: from 100 ms, doubling, at most 5 s. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

/**
 * Events: 'outcome' (updates, final messages, their notifications) after outcomes are committed;
 * 'storeError' (error, retryInMs) when writing outcomes failed and will be tried again.
 */
export class Lane extends EventEmitter {
  private running = false;
  private inFlight = 0;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();
  private throttledUntil = 0;
  private readonly bucket: TokenBucket;
  /** Each update with the message as it now stands when the update made it final. */
  private readonly committer: GroupCommitter<LaneRow>;
  private readonly now: () => number;
  private readonly counters = { submitted: 0, retried: 0, failed: 0 };
  /** Fresh messages handed over by intake, one FIFO per priority (urgent first). */
  private readonly held: Message[][] = [[], [], []];
  private heldCount = 0;
  private reserved = 0;

  constructor(private readonly options: LaneOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.bucket = new TokenBucket(options.tps);
    this.committer = new GroupCommitter(async (rows) => {
      const finals: Message[] = [];
      for (const row of rows) {
        if (!row.final) continue;
        finals.push(row.final);
        if (options.notify) row.update.outbox = await options.notify(row.final);
      }
      const updates = rows.map((r) => r.update);
      await options.store.messages.applyUpdates(updates);
      for (const row of rows) if (row.submitted && row.update.parts?.length === 1) options.awaiting?.add(row.submitted, row.update.parts[0]!);
      this.emit('outcome', updates, finals, updates.flatMap((u) => u.outbox ?? []));
    });
    options.connector.on('drain', () => this.wake());
    options.connector.on('state', () => this.wake());
  }

  get connectorId(): string {
    return this.options.connector.id;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops pulling; resolves when every message in flight has an outcome recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.once('settled', resolve));
    // Held messages were never sent: back to the store's queue for the next start.
    const held = this.takeHeld(Infinity);
    const now = this.now();
    for (const message of held) this.record({ id: message.id, state: 'queued', at: now, detail: 'released at shutdown, not sent', set: { inflightSince: null } });
    await this.committer.flush();
  }

  private takeHeld(limit: number): Message[] {
    const taken: Message[] = [];
    for (const queue of this.held) {
      // One splice per queue: shifting one by one is quadratic on a queue of thousands.
      if (taken.length < limit && queue.length > 0) taken.push(...queue.splice(0, limit - taken.length));
    }
    this.heldCount -= taken.length;
    return taken;
  }

  /** New work may be due: look now instead of at the next poll. */
  wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }

  /** Room for one more fresh message in memory (see LaneHandoff). */
  reserve(): boolean {
    if (!this.running || this.heldCount + this.reserved >= (this.options.maxHeld ?? 0)) return false;
    // A connector that is down would keep them in memory for nothing: they wait in the store.
    if (this.options.connector.state !== 'up') return false;
    this.reserved++;
    return true;
  }

  release(count: number): void {
    this.reserved = Math.max(0, this.reserved - count);
  }

  /** Takes reserved messages, now committed, to send without claiming them from the store. */
  offer(messages: Message[]): void {
    for (const message of messages) this.held[Math.min(2, Math.max(0, message.priority))].push(message);
    this.heldCount += messages.length;
    this.release(messages.length);
    this.wake();
  }

  setTps(tps: number): void {
    this.bucket.setRate(tps);
  }

  stats(): LaneStats {
    return { connectorId: this.connectorId, inFlight: this.inFlight, held: this.heldCount, throttledUntil: this.throttledUntil, ...this.counters };
  }

  private async run(): Promise<void> {
    const { connector, store, maxInFlight } = this.options;
    const claimBatch = this.options.claimBatch ?? 200;
    while (this.running) {
      const now = this.now();
      if (now < this.throttledUntil) {
        await this.sleep(this.throttledUntil - now);
        continue;
      }
      const room = maxInFlight - this.inFlight;
      if (connector.busy || room <= 0) {
        await this.sleep(this.options.idlePollMs ?? 250);
        continue;
      }
      const wait = this.bucket.waitMs(1);
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      const limit = Math.min(room, claimBatch, this.bucket.unlimited ? claimBatch : Math.max(1, Math.floor(this.bucket.available())));
      let messages = this.takeHeld(limit);
      if (messages.length === 0) {
        try {
          messages = await store.messages.claimDue(connector.id, limit, now);
        } catch {
          await this.sleep(1000);
          continue;
        }
      }
      if (messages.length === 0) {
        await this.sleep(this.options.idlePollMs ?? 250);
        continue;
      }
      this.bucket.tryTake(messages.length);
      for (const message of messages) this.send(message);
    }
  }

  private send(message: Message): void {
    const now = this.now();
    if (message.validUntil <= now) {
      const update: MessageUpdate = { id: message.id, state: 'expired', at: now, detail: 'validity passed before it could be sent', set: { inflightSince: null, doneAt: now, errorCode: 'expired' } };
      this.record(update, { ...message, state: 'expired', doneAt: now, errorCode: 'expired', inflightSince: null });
      return;
    }
    this.inFlight++;
    this.options.connector.submit(message).then(
      (result) => this.onResult(message, result),
      (error: Error) => this.onResult(message, { ok: false, outcome: 'transient', errorCode: 'connector:error', errorMessage: error.message }),
    );
  }

  private onResult(message: Message, result: SubmitResult): void {
    const now = this.now();
    const attempts = message.attempts + 1;
    if (result.ok) {
      this.counters.submitted++;
      const keys = result.upstreamKeys ?? result.upstreamIds;
      const set = { attempts, inflightSince: null, submittedAt: now, connectorId: this.connectorId };
      const update: MessageUpdate = {
        id: message.id,
        state: 'submitted',
        at: now,
        // The row and its parts record the submission (core/message-history): no history row, no detail.
        detail: null,
        set,
        historyRow: false,
        parts: result.upstreamIds.map((upstreamId, i) => ({
          messageId: message.id,
          partNo: i + 1,
          connectorId: this.connectorId,
          upstreamId,
          upstreamKey: keys[i] ?? upstreamId,
          state: 'submitted',
          errorCode: null,
        })),
      };
      this.commit({ update, submitted: { ...message, ...set, state: 'submitted', updatedAt: now } });
    } else {
      if (result.outcome === 'throttled') this.throttledUntil = now + 1000;
      const decision = this.options.retry.decide({ attempts, validUntil: message.validUntil }, result, now);
      const detail = `${this.connectorId}: ${result.errorCode} ${result.errorMessage}`;
      if (decision.retry) {
        this.counters.retried++;
        this.record({ id: message.id, state: 'queued', at: now, detail: `retry at ${new Date(decision.at).toISOString()} after ${detail}`, set: { attempts, inflightSince: null, nextAttemptAt: decision.at, errorCode: result.errorCode, errorMessage: result.errorMessage } });
      } else {
        this.counters.failed++;
        const set = { attempts, inflightSince: null, doneAt: now, errorCode: result.errorCode, errorMessage: result.errorMessage };
        this.record({ id: message.id, state: decision.state, at: now, detail, set }, { ...message, ...set, state: decision.state });
      }
    }
    this.inFlight--;
    this.emit('settled');
    this.wake();
  }

  private record(update: MessageUpdate, final?: Message): void {
    this.commit({ update, final });
  }

  /**
   * Stores an outcome. While the store fails (locked, connection lost) the same outcome is written
   * again with backoff: left unwritten, a message handed over by intake would stay marked in flight,
   * and so unsent or unsettled, until the next start. A failed transaction wrote nothing, so writing
   * it again adds nothing twice. Once the lane stops, crash recovery at the next start takes over.
   */
  private commit(row: LaneRow, retryMs = FIRST_RETRY_MS): void {
    this.committer.add([row]).catch((error: unknown) => {
      if (!this.running) return;
      this.emit('storeError', error, retryMs);
      setTimeout(() => this.running && this.commit(row, Math.min(retryMs * 2, MAX_RETRY_MS)), retryMs);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
