// The gateway core assembled: intake, routing, one lane per connector, receipts, MO, callbacks,
// housekeeping and crash recovery. main.ts builds the connectors and hands them in.
import type { Composer } from './templates/composer-port.ts';
import type { MessageUpdate, OutboxItem, Store, SubmittedCursor } from '../store/types.ts';
import { ThroughputMeter } from '../observability/throughput.ts';
import type { Connector } from './connector.ts';
import type { CmppDeliveryPort, SmppDeliveryPort } from './intake-port.ts';
import { AwaitingReceipts } from './awaiting-receipts.ts';
import { Housekeeping } from './housekeeping.ts';
import { HELD_BY_LANE, Intake, type IntakeOptions, type LaneHandoff, type TextMeasure } from './intake.ts';
import { Lane } from './lane.ts';
import type { Message } from './message.ts';
import { MoProcessor } from './mo.ts';
import type { OptOut } from './opt-out.ts';
import { Notifier, type Notify } from './notifier.ts';
import type { NumberNormalizer } from './numbers.ts';
import { OutboxDispatcher } from './outbox-dispatcher.ts';
import type { PolicyStage } from './pipeline.ts';
import { ReceiptProcessor } from './receipts.ts';
import { RetryPolicy } from './retry-policy.ts';
import { MoRouter, MtRouter } from './router.ts';

export interface GatewayOptions {
  store: Store;
  numbers: NumberNormalizer;
  measure: TextMeasure;
  stages?: PolicyStage[];
  /** Makes the final text (signature, template, opt-out) before intake measures it. */
  composer?: Composer;
  validitySeconds: number;
  maxSegments: number;
  maxRecipients: number;
  receiptTimeoutMs: number;
  retentionMs: number;
  /** Audit entries older than this are purged by housekeeping (absent = kept forever). */
  auditRetentionMs?: number;
  /** What to do with messages found in flight after a crash: send again (may duplicate) or fail them for review. */
  inflightPolicy: 'resubmit' | 'review';
  retry?: RetryPolicy;
  carrierOf?: (e164: string) => string | null;
  /** Told about messages after their final state committed (e.g. to learn ported numbers); must not throw. */
  onFinal?: (messages: Message[]) => void;
  /** Billing: told when a batch's reservations committed (written entries) or failed (null). */
  onReserved?: IntakeOptions['onReserved'];
  /** Opt-out by MO keyword; its confirmation goes through this gateway's intake. */
  optOut?: OptOut;
  /** Told when a lane could not store outcomes and will try again in retryInMs (for the log). */
  onLaneStoreError?: (connectorId: string, error: unknown, retryInMs: number) => void;
}

/** Per-connector lane settings taken from the connector's own configuration. */
export interface LaneSettings {
  tps: number;
  maxInFlight: number;
}

export class Gateway {
  readonly router: MtRouter;
  readonly moRouter = new MoRouter();
  readonly intake: Intake;
  readonly throughput = new ThroughputMeter();
  readonly lanes = new Map<string, Lane>();
  readonly connectors = new Map<string, Connector>();
  private readonly receipts: ReceiptProcessor;
  private readonly mo: MoProcessor;
  private readonly notifier: Notifier;
  private readonly housekeeping: Housekeeping;
  private outbox: OutboxDispatcher;
  private readonly smppSystemIds = new Map<string, string>();
  private readonly cmppSpIds = new Map<string, string>();
  private deliveryPorts: { smpp?: SmppDeliveryPort; cmpp?: CmppDeliveryPort } = {};
  private readonly retry: RetryPolicy;
  private readonly awaiting = new AwaitingReceipts();

  constructor(private readonly options: GatewayOptions) {
    const { store } = options;
    this.retry = options.retry ?? new RetryPolicy();
    this.router = new MtRouter({ carrierOf: options.carrierOf, isUp: (id) => this.connectors.get(id)?.state === 'up' });
    this.notifier = new Notifier(store);
    this.intake = new Intake({
      store,
      router: this.router,
      numbers: options.numbers,
      measure: options.measure,
      stages: options.stages ?? [],
      composer: options.composer,
      validitySeconds: options.validitySeconds,
      maxSegments: options.maxSegments,
      maxRecipients: options.maxRecipients,
      carrierOf: options.carrierOf,
      onQueued: (ids) => this.wakeLanes(ids),
      onAccepted: (count) => this.throughput.add('accepted', count),
      onReserved: options.onReserved,
      // With 'review', a message must be marked in flight before it is sent: no hot path then.
      handoff: options.inflightPolicy === 'resubmit' ? this.handoff() : undefined,
    });
    const notify = this.notify;
    this.receipts = new ReceiptProcessor(store, notify, (messages, notifications) => this.afterFinal(messages, notifications), Date.now, this.awaiting);
    options.optOut?.useIntake(this.intake);
    this.mo = new MoProcessor(
      store,
      this.moRouter,
      this.notifier,
      (id) => this.smppSystemIds.get(id) ?? null,
      undefined,
      (id) => this.cmppSpIds.get(id) ?? null,
      options.optOut ?? null,
    );
    this.outbox = new OutboxDispatcher({ store });
    this.housekeeping = new Housekeeping({
      store,
      receipts: this.receipts,
      receiptTimeoutMs: options.receiptTimeoutMs,
      retentionMs: options.retentionMs,
      auditRetentionMs: options.auditRetentionMs,
      onQueued: (ids) => this.wakeLanes(ids),
      notify,
      onFinal: (messages, notifications) => this.afterFinal(messages, notifications),
    });
  }

  /** Outbox items telling customers about a message that reached a final state. */
  private readonly notify: Notify = (message) =>
    this.notifier.statusItems(
      message,
      (accountId) => this.smppSystemIds.get(accountId) ?? null,
      (accountId) => this.cmppSpIds.get(accountId) ?? null,
    );

  /** Where receipts and MO for customers bound over SMPP go (the SMPP ingress). Before start(). */
  setSmppDelivery(port: SmppDeliveryPort): void {
    this.deliveryPorts = { ...this.deliveryPorts, smpp: port };
    this.outbox = new OutboxDispatcher({ store: this.options.store, ...this.deliveryPorts });
  }

  /** Where receipts and MO for customers connected over CMPP go (the CMPP ingress). Before start(). */
  setCmppDelivery(port: CmppDeliveryPort): void {
    this.deliveryPorts = { ...this.deliveryPorts, cmpp: port };
    this.outbox = new OutboxDispatcher({ store: this.options.store, ...this.deliveryPorts });
  }

  async start(): Promise<void> {
    await this.reloadRoutes();
    await this.reloadSmppIds();
    await this.recoverInflight();
    await this.resumeReceipts();
    for (const connector of this.connectors.values()) void connector.start().catch(() => undefined);
    for (const lane of this.lanes.values()) lane.start();
    this.outbox.start();
    this.housekeeping.start();
  }

  async stop(): Promise<void> {
    this.housekeeping.stop();
    await this.intake.flush();
    await Promise.all([...this.lanes.values()].map((lane) => lane.stop()));
    await this.outbox.stop();
    await Promise.all([...this.connectors.values()].map((c) => c.stop().catch(() => undefined)));
  }

  /** Adds a connector and its lane (before start, or while running). */
  addConnector(connector: Connector, settings: LaneSettings): void {
    this.connectors.set(connector.id, connector);
    connector.attach({
      onReceipt: async (receipt) => {
        await this.receipts.handle(receipt);
      },
      onMo: (mo) => this.mo.handle(mo),
    });
    const lane = new Lane({ store: this.options.store, connector, retry: this.retry, maxInFlight: settings.maxInFlight, tps: settings.tps, maxHeld: 20_000, notify: this.notify, awaiting: this.awaiting });
    lane.on('outcome', (updates: MessageUpdate[], finals: Message[], notifications: OutboxItem[]) => this.onLaneOutcome(updates, finals, notifications));
    lane.on('storeError', (error: unknown, retryInMs: number) => this.options.onLaneStoreError?.(connector.id, error, retryInMs));
    this.lanes.set(connector.id, lane);
  }

  async removeConnector(id: string): Promise<void> {
    await this.lanes.get(id)?.stop();
    await this.connectors.get(id)?.stop();
    this.lanes.delete(id);
    this.connectors.delete(id);
  }

  async reloadRoutes(): Promise<void> {
    this.router.load(await this.options.store.routes.list());
    this.moRouter.load(await this.options.store.routes.listMo());
  }

  /**
   * Accounts with SMPP credentials get receipts and MO as deliver_sm to their first system_id; those
   * with CMPP credentials as DELIVER to their first SP_Id.
   */
  async reloadSmppIds(): Promise<void> {
    this.smppSystemIds.clear();
    this.cmppSpIds.clear();
    for (const account of await this.options.store.accounts.list()) {
      const credentials = await this.options.store.credentials.listForAccount(account.id);
      const smpp = credentials.find((c) => c.kind === 'smpp');
      if (smpp) this.smppSystemIds.set(account.id, smpp.identifier);
      const cmpp = credentials.find((c) => c.kind === 'cmpp');
      if (cmpp) this.cmppSpIds.set(account.id, cmpp.identifier);
    }
  }

  private handoff(): LaneHandoff {
    return {
      reserve: (connectorId) => this.lanes.get(connectorId)?.reserve() ?? false,
      release: (connectorId, count) => this.lanes.get(connectorId)?.release(count),
      deliver: (messages) => {
        const byLane = new Map<string, Message[]>();
        for (const m of messages) {
          let list = byLane.get(m.connectorId!);
          if (!list) byLane.set(m.connectorId!, (list = []));
          list.push(m);
        }
        for (const [id, list] of byLane) this.lanes.get(id)?.offer(list);
      },
    };
  }

  private wakeLanes(connectorIds: Set<string>): void {
    for (const id of connectorIds) this.lanes.get(id)?.wake();
  }

  /** DESIGN: every message not final is found again after a crash; in-flight ones per policy. */
  private async recoverInflight(): Promise<void> {
    const { store } = this.options;
    const now = Date.now();
    for (;;) {
      const stuck = await store.messages.listInflight(1000);
      if (stuck.length === 0) return;
      // Held by a lane in memory but never handed to a connector: queue again, whatever the policy.
      const neverSent = stuck.filter((m) => m.inflightSince === HELD_BY_LANE);
      if (neverSent.length > 0) {
        await store.messages.applyUpdates(neverSent.map((m) => ({ id: m.id, state: 'queued', at: now, detail: 'waiting in memory when the platform stopped: queued again', set: { inflightSince: null, nextAttemptAt: now } })));
        continue;
      }
      if (this.options.inflightPolicy === 'resubmit') {
        await store.messages.applyUpdates(stuck.map((m) => ({ id: m.id, state: 'queued', at: now, detail: 'in flight when the platform stopped: sending again', set: { inflightSince: null, nextAttemptAt: now } })));
      } else {
        await store.messages.applyUpdates(stuck.map((m) => ({ id: m.id, state: 'failed', at: now, detail: 'in flight when the platform stopped: held for review', set: { inflightSince: null, doneAt: now, errorCode: 'review:inflight_at_stop' } })));
      }
    }
  }

  /** Tells in-process carriers (see Connector.resumeReceipts) which of their parts still await a receipt. */
  private async resumeReceipts(): Promise<void> {
    const { store } = this.options;
    for (const connector of this.connectors.values()) {
      if (!connector.resumeReceipts) continue;
      let after: SubmittedCursor | undefined;
      for (;;) {
        const messages = await store.messages.listSubmittedOn(connector.id, 1000, after);
        if (messages.length === 0) break;
        const parts = await store.messages.partsOf(messages.map((m) => m.id));
        connector.resumeReceipts(parts.filter((p) => p.state === 'submitted' && p.connectorId === connector.id).map((p) => p.upstreamId));
        const last = messages[messages.length - 1]!;
        after = { submittedAt: last.submittedAt!, id: last.id };
      }
    }
  }

  private onLaneOutcome(updates: MessageUpdate[], finals: Message[], notifications: OutboxItem[]): void {
    const submitted = updates.filter((u) => u.state === 'submitted').length;
    if (submitted) this.throughput.add('submitted', submitted);
    if (finals.length > 0) this.afterFinal(finals, notifications);
  }

  /** Metering, and the committed notifications straight to the dispatcher. */
  private afterFinal(messages: Message[], notifications: OutboxItem[]): void {
    for (const m of messages) this.throughput.add(m.state === 'delivered' ? 'delivered' : 'failed');
    this.outbox.offer(notifications);
    this.options.onFinal?.(messages);
  }
}
