// The built-in simulator: a carrier inside the process that accepts messages and sends receipts and MO.
import { EventEmitter } from 'node:events';
import type { Connector, ConnectorHandlers, ConnectorState, ConnectorStats, MoEvent, OutboundMessage, ReceiptEvent, SubmitResult } from '../../core/connector.ts';
import { TokenBucket } from '../../core/token-bucket.ts';
import { canEncodeGsm7 } from '../../protocols/encoding/gsm7.ts';
import { parseSimulatorSettings, type SimulatedOutcome, type SimulatorSettings } from './settings.ts';

export interface SimulatorStats extends ConnectorStats {
  /** Receipts waiting for their time (or for a retry after the handler failed). */
  receiptsPending: number;
  receiptsSent: number;
  moSent: number;
}

export interface SimulatorOptions {
  /** Clock; the one timer is a plain setTimeout, so fake timers drive both. */
  now?: () => number;
  /** Random source for outcome draws. */
  random?: () => number;
}

interface PendingReceipt {
  dueAt: number;
  event: ReceiptEvent;
}

/** A FIFO of items that all wait the same delay, hence already in due order. */
class DueQueue {
  private items: PendingReceipt[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  get nextDueAt(): number {
    return this.head < this.items.length ? this.items[this.head].dueAt : Infinity;
  }

  push(item: PendingReceipt): void {
    this.items.push(item);
  }

  /** The next item if it is due by `now`. */
  shiftDue(now: number): PendingReceipt | undefined {
    if (this.head >= this.items.length || this.items[this.head].dueAt > now) return undefined;
    const item = this.items[this.head++];
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

const RAW_STATUS: Record<SimulatedOutcome, { stat: string; err: string }> = {
  delivered: { stat: 'DELIVRD', err: '000' },
  undelivered: { stat: 'UNDELIV', err: '001' },
  expired: { stat: 'EXPIRED', err: '002' },
  rejected: { stat: 'REJECTD', err: '003' },
  unknown: { stat: 'UNKNOWN', err: '004' },
};

/** A receipt the core could not take is offered again after max(this, receiptDelayMs). */
const MIN_RETRY_MS = 1000;

/**
 * Every accepted message gets one upstream id per segment and, after receiptDelayMs, one receipt
 * per segment. All receipts wait the same delay, so a FIFO is already due-ordered: one timer,
 * armed for the earliest due item (receipt, MO or TPS refill), drives everything, which keeps the
 * cost per message constant at tens of thousands of messages per second.
 * Events: 'state', 'busy', 'drain'.
 */
export class SimulatorConnector extends EventEmitter implements Connector {
  readonly settings: SimulatorSettings;
  private handlers: ConnectorHandlers | null = null;
  private currentState: ConnectorState = 'stopped';
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly bucket: TokenBucket;
  private readonly queue = new DueQueue();
  /** Receipts the core refused, waiting to be offered again (their own FIFO: a longer, fixed delay). */
  private readonly retries = new DueQueue();
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = Infinity;
  private nextMoAt = Infinity;
  private nextId = 1;
  /** Makes ids unique across restarts and nodes, as a real carrier's are: "<start time>-<instance>-<counter>". */
  private readonly idPrefix = `${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}-`;
  private submits = 0;
  private wasBusy = true;
  private readonly counters = { submitted: 0, failed: 0, receiptsSent: 0, moSent: 0 };
  private readonly weights: Array<[SimulatedOutcome, number]>;
  private readonly totalWeight: number;

  constructor(
    readonly id: string,
    settings: unknown = {},
    options: SimulatorOptions = {},
  ) {
    super();
    this.settings = parseSimulatorSettings(settings);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.bucket = new TokenBucket(this.settings.tps, undefined, this.now);
    this.weights = Object.entries(this.settings.outcomes).filter(([, w]) => (w ?? 0) > 0) as Array<[SimulatedOutcome, number]>;
    this.totalWeight = this.weights.reduce((sum, [, w]) => sum + w, 0);
  }

  attach(handlers: ConnectorHandlers): void {
    this.handlers = handlers;
  }

  get state(): ConnectorState {
    return this.currentState;
  }

  async start(): Promise<void> {
    if (this.currentState === 'up') return;
    this.setState('up');
    if (this.settings.moEveryMs > 0) this.nextMoAt = this.now() + this.settings.moEveryMs;
    this.arm();
    this.refreshBusy();
  }

  async stop(): Promise<void> {
    this.setState('stopped');
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDueAt = Infinity;
    this.nextMoAt = Infinity;
    this.refreshBusy();
  }

  get busy(): boolean {
    return this.currentState !== 'up' || this.bucket.waitMs() > 0;
  }

  async submit(message: OutboundMessage): Promise<SubmitResult> {
    if (this.currentState !== 'up') return this.refuse('transient', 'connector:down', 'simulator is not started');
    if (!this.bucket.tryTake()) {
      this.refreshBusy();
      return this.refuse('transient', 'connector:busy', `tps limit ${this.settings.tps} reached`);
    }
    const n = ++this.submits;
    const { failEvery, throttleEvery } = this.settings;
    if (failEvery > 0 && n % failEvery === 0) return this.refuse('permanent', 'simulator:rejected', `submit ${n}: every ${failEvery}th is rejected`);
    if (throttleEvery > 0 && n % throttleEvery === 0) return this.refuse('throttled', 'simulator:throttled', `submit ${n}: every ${throttleEvery}th is throttled`);

    const now = this.now();
    const upstreamIds: string[] = [];
    for (let i = 0; i < Math.max(1, message.segments); i++) {
      const upstreamId = `${this.idPrefix}${this.nextId++}`;
      upstreamIds.push(upstreamId);
      // Connectors always ask for receipts (the customer's wish only decides whether it is told).
      this.queue.push({ dueAt: now + this.settings.receiptDelayMs, event: this.receiptFor(upstreamId) });
    }
    this.arm();
    this.counters.submitted++;
    return { ok: true, upstreamIds };
  }

  /** Receipts owed from before the platform stopped: sent after receiptDelayMs, as for a new submit. */
  resumeReceipts(upstreamIds: string[]): void {
    const dueAt = this.now() + this.settings.receiptDelayMs;
    for (const upstreamId of upstreamIds) this.queue.push({ dueAt, event: this.receiptFor(upstreamId) });
    this.arm();
  }

  /** Hands an MO to the core as the carrier would; resolves once the core has taken it. */
  async injectMo(sender: string, recipient: string, text: string): Promise<void> {
    if (!this.handlers) throw new Error('simulator has no handlers attached');
    const mo: MoEvent = { connectorId: this.id, sender, recipient, text, encoding: canEncodeGsm7(text) ? 'gsm7' : 'ucs2', receivedAt: this.now() };
    await this.handlers.onMo(mo);
    this.counters.moSent++;
  }

  stats(): SimulatorStats {
    const up = this.currentState === 'up';
    return {
      state: this.currentState,
      inFlight: 0,
      window: this.settings.window,
      sessionsUp: up ? 1 : 0,
      sessionsTotal: 1,
      submitted: this.counters.submitted,
      failed: this.counters.failed,
      receiptsPending: this.queue.size + this.retries.size,
      receiptsSent: this.counters.receiptsSent,
      moSent: this.counters.moSent,
    };
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private refuse(outcome: 'permanent' | 'transient' | 'throttled', errorCode: string, errorMessage: string): SubmitResult {
    this.counters.failed++;
    return { ok: false, outcome, errorCode, errorMessage };
  }

  private receiptFor(upstreamId: string): ReceiptEvent {
    const state = this.drawOutcome();
    const { stat, err } = RAW_STATUS[state];
    return { connectorId: this.id, upstreamKeys: [upstreamId], state, rawStatus: stat, errorCode: err, doneAt: 0 };
  }

  private drawOutcome(): SimulatedOutcome {
    let roll = this.random() * this.totalWeight;
    for (const [state, weight] of this.weights) {
      roll -= weight;
      if (roll < 0) return state;
    }
    return this.weights[this.weights.length - 1][0];
  }

  /** Earliest moment something has to happen: next receipt, next MO, or the TPS bucket refilling. */
  private nextDueAt(): number {
    let due = Math.min(this.queue.nextDueAt, this.retries.nextDueAt, this.nextMoAt);
    const wait = this.bucket.waitMs();
    if (wait > 0 && this.wasBusy) due = Math.min(due, this.now() + wait);
    return due;
  }

  private arm(): void {
    if (this.currentState !== 'up') return;
    const due = this.nextDueAt();
    if (due === Infinity || due >= this.timerDueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAt = due;
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - this.now()));
    this.timer.unref?.();
  }

  private tick(): void {
    this.timer = null;
    this.timerDueAt = Infinity;
    const now = this.now();
    for (let item = this.queue.shiftDue(now); item; item = this.queue.shiftDue(now)) this.send(item);
    for (let item = this.retries.shiftDue(now); item; item = this.retries.shiftDue(now)) this.send(item);
    if (now >= this.nextMoAt) {
      this.nextMoAt = now + this.settings.moEveryMs;
      const { moSender, moRecipient, moText } = this.settings;
      // A refused MO is simply not counted; the next one comes on schedule.
      this.injectMo(moSender, moRecipient, moText).catch(() => undefined);
    }
    this.refreshBusy();
    this.arm();
  }

  private send(item: PendingReceipt): void {
    const handlers = this.handlers;
    const event = { ...item.event, doneAt: this.now() };
    const retry = () => {
      this.retries.push({ dueAt: this.now() + Math.max(MIN_RETRY_MS, this.settings.receiptDelayMs), event: item.event });
      this.arm();
    };
    if (!handlers) return retry();
    handlers.onReceipt(event).then(() => {
      this.counters.receiptsSent++;
    }, retry);
  }

  private setState(state: ConnectorState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }

  private refreshBusy(): void {
    const busy = this.busy;
    if (busy !== this.wasBusy) {
      this.wasBusy = busy;
      this.emit(busy ? 'busy' : 'drain');
    }
    if (busy) this.arm();
  }
}
