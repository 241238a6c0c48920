// SMPP upstream connector: a pool of binds to one SMSC behind the core's Connector contract.
import { EventEmitter } from 'node:events';
import type { Connector, ConnectorHandlers, ConnectorState, ConnectorStats, MoEvent, OutboundMessage, SubmitResult } from '../../core/connector.ts';
import { TokenBucket } from '../../core/token-bucket.ts';
import { SmppClient } from '../../protocols/smpp/client.ts';
import { CommandStatus } from '../../protocols/smpp/command-status.ts';
import { InboundMessageAssembler, userDataOf } from '../../protocols/smpp/inbound-message.ts';
import type { SmppPdu, SmppPduOf } from '../../protocols/smpp/pdu-types.ts';
import { normalizeMessageId } from '../../protocols/smpp/message-id.ts';
import type { Reply } from '../../protocols/smpp/session.ts';
import { canTransmit, isBound } from '../../protocols/smpp/session-rules.ts';
import { isReceipt, moEventOf, receiptEventOf, submitBodies } from './map.ts';
import { parseSmppSettings, type SmppConnectorSettings } from './settings.ts';
import { submitFailure, type SubmitFailure } from './submit-failure.ts';
import { sendParts } from '../shared/pacing.ts';
import { RoundRobin } from '../shared/round-robin.ts';
import { ConnectorSignals } from '../shared/connector-signals.ts';

export interface SmppConnectorStats extends ConnectorStats {
  receipts: number;
  /** Receipts that could not be read (no id or no state); answered ESME_ROK, since a resend reads no better. */
  receiptsUnreadable: number;
  mo: number;
  /** Long MO messages dropped because their parts did not all arrive in time. */
  moIncomplete: number;
}

type DeliverPdu = SmppPduOf<'deliver_sm'> | SmppPduOf<'data_sm'>;
type DeliverReply = Reply<'deliver_sm'>;

const FAILED_MO_MEMORY = 1000;

/**
 * Events: 'state' (ConnectorState), 'busy', 'drain', 'receiptUnreadable' (reason, pdu),
 * 'moIncomplete' (expired parts), 'protocolError' (error), 'reconnecting' (info).
 *
 * MO acknowledgement: a part of a long MO is answered ESME_ROK as soon as it is held in memory;
 * only the part that completes the message waits for handlers.onMo. A crash between the two
 * loses the held parts although the SMSC was told they arrived. The alternative, holding every
 * part's response until the last arrives, makes SMSCs time out and resend parts, and many stop
 * the whole bind's MO flow while a window waits; losing a half-received long MO on a crash is
 * the lesser evil. Receipts and single-part MO are answered only after their handler resolved.
 */
export class SmppConnector extends EventEmitter implements Connector {
  readonly settings: SmppConnectorSettings;
  private handlers: ConnectorHandlers | null = null;
  private clients: SmppClient[] = [];
  private readonly rotation = new RoundRobin();
  private reference = Math.floor(Math.random() * 0x10000);
  private readonly bucket: TokenBucket;
  private readonly assembler: InboundMessageAssembler;
  /** Completed long MO whose handler failed, by reassembly key, so the SMSC's resend retries it. */
  private readonly failedMo = new Map<string, MoEvent>();
  private readonly signals = new ConnectorSignals(this, () => this.busy, () => this.bucket.waitMs());
  private readonly counters = { submitted: 0, failed: 0, receipts: 0, receiptsUnreadable: 0, mo: 0, moIncomplete: 0 };

  /** `settings` is validated here (parseSmppSettings) and throws ConnectorSettingsError naming the field. */
  constructor(
    readonly id: string,
    settings: unknown,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.settings = parseSmppSettings(settings);
    this.bucket = new TokenBucket(this.settings.tps, undefined, now);
    this.assembler = new InboundMessageAssembler({
      timeoutMs: this.settings.moReassemblyTimeoutMs,
      onExpired: (expired) => {
        this.counters.moIncomplete++;
        this.emit('moIncomplete', expired);
      },
    });
  }

  attach(handlers: ConnectorHandlers): void {
    this.handlers = handlers;
  }

  get state(): ConnectorState {
    return this.signals.state;
  }

  /** Opens every bind; resolves once each has bound or failed its first attempt (failed ones keep retrying). */
  async start(): Promise<void> {
    if (this.clients.length > 0) return;
    this.signals.setState('starting');
    this.assembler.start(Math.max(50, Math.min(1000, this.settings.moReassemblyTimeoutMs >> 2)));
    const s = this.settings;
    for (let i = 0; i < s.binds; i++) {
      const client = new SmppClient({
        host: s.host,
        port: s.port,
        tls: s.tls,
        system_id: s.systemId,
        password: s.password,
        system_type: s.systemType,
        bindMode: s.bindMode,
        window: s.window,
        requestTimeoutMs: s.requestTimeoutMs,
        enquireLinkIntervalMs: s.enquireLinkIntervalMs,
        connectTimeoutMs: s.connectTimeoutMs,
        reconnect: { initialMs: s.reconnectInitialMs, maxMs: s.reconnectMaxMs },
        onDeliver: (pdu) => this.onDeliver(pdu),
      });
      client.on('bound', () => this.onSessionChange());
      client.on('disconnected', () => this.onSessionChange());
      client.on('busy', () => this.signals.refreshBusy());
      client.on('drain', () => this.signals.refreshBusy());
      client.on('protocolError', (error: Error) => this.emit('protocolError', error));
      client.on('reconnecting', (info: unknown) => this.emit('reconnecting', info));
      this.clients.push(client);
    }
    await Promise.allSettled(this.clients.map((client) => client.connect()));
    this.onSessionChange();
  }

  async stop(): Promise<void> {
    this.signals.setState('stopped');
    this.signals.stop();
    this.assembler.stop();
    const clients = this.clients;
    this.clients = [];
    await Promise.allSettled(clients.map((client) => client.close()));
    this.signals.refreshBusy();
  }

  get busy(): boolean {
    if (this.signals.state !== 'up') return true;
    if (this.bucket.waitMs() > 0) return true;
    return !this.clients.some((client) => this.canSubmitOn(client));
  }

  /** Sends every part of the message on one bind. Never throws. */
  async submit(message: OutboundMessage): Promise<SubmitResult> {
    const client = this.pickClient();
    if (!client) {
      const down = this.signals.state !== 'up';
      return this.refuse({ outcome: 'transient', errorCode: down ? 'connector:down' : 'connector:busy', errorMessage: down ? 'no bound session' : 'every bound session is busy' });
    }
    if (!this.bucket.tryTake()) {
      this.signals.refreshBusy();
      return this.refuse({ outcome: 'transient', errorCode: 'connector:busy', errorMessage: `tps limit ${this.settings.tps} reached` });
    }
    let bodies;
    try {
      bodies = submitBodies(message, this.settings, this.nextReference(), this.now());
    } catch (error) {
      return this.refuse(submitFailure(error, this.settings.statusOverrides));
    }
    const sent = await sendParts(client, bodies, (body) => client.submit(body), {
      bucket: this.bucket,
      timeoutMs: this.settings.requestTimeoutMs,
      onSent: () => this.signals.refreshBusy(),
    });
    this.signals.refreshBusy();
    if (!sent.ok) return this.refuse(submitFailure(sent.reason, this.settings.statusOverrides, bodies.length > 1 ? `part ${sent.part} of ${bodies.length}` : undefined));
    this.counters.submitted++;
    const upstreamIds = sent.responses.map((r) => r.message_id);
    // Stored normalised: receipts look the part up by normalizeMessageId of their own id forms.
    return { ok: true, upstreamIds, upstreamKeys: upstreamIds.map(normalizeMessageId) };
  }

  stats(): SmppConnectorStats {
    let inFlight = 0;
    let sessionsUp = 0;
    for (const client of this.clients) {
      const session = client.currentSession;
      if (session) inFlight += session.stats().inFlight;
      if (isBound(client.state)) sessionsUp++;
    }
    return {
      state: this.signals.state,
      inFlight,
      window: this.settings.window * this.settings.binds,
      sessionsUp,
      sessionsTotal: this.settings.binds,
      ...this.counters,
    };
  }

  // ── sending ────────────────────────────────────────────────────────────────────────────────

  private canSubmitOn(client: SmppClient): boolean {
    return canTransmit(client.state) && !client.busy;
  }

  /** Round robin over binds that can take a submit now. */
  private pickClient(): SmppClient | null {
    return this.rotation.pick(this.clients, (client) => this.canSubmitOn(client));
  }

  private nextReference(): number {
    this.reference = (this.reference + 1) & 0xffff;
    return this.reference;
  }

  private refuse(failure: SubmitFailure): SubmitResult {
    this.counters.failed++;
    return { ok: false, ...failure };
  }

  // ── state and busy ─────────────────────────────────────────────────────────────────────────

  private onSessionChange(): void {
    if (this.signals.state !== 'stopped') this.signals.setState(this.clients.some((c) => isBound(c.state)) ? 'up' : 'down');
    this.signals.refreshBusy();
  }

  // ── receiving ──────────────────────────────────────────────────────────────────────────────

  private async onDeliver(pdu: SmppPdu): Promise<DeliverReply> {
    if (pdu.command !== 'deliver_sm' && pdu.command !== 'data_sm') return { command_status: CommandStatus.ESME_RINVCMDID };
    const handlers = this.handlers;
    // Nobody to hand it to yet: a temporary error makes the SMSC keep it and retry.
    if (!handlers) return { command_status: CommandStatus.ESME_RX_T_APPN };
    return isReceipt(pdu.esm_class) ? this.onReceipt(pdu, handlers) : this.onMo(pdu, handlers);
  }

  private async onReceipt(pdu: DeliverPdu, handlers: ConnectorHandlers): Promise<DeliverReply> {
    const mapped = receiptEventOf(pdu, this.id, this.settings.receiptIdFormat, this.now());
    if (!mapped.ok) {
      this.counters.receiptsUnreadable++;
      this.emit('receiptUnreadable', mapped.reason, pdu);
      return {};
    }
    try {
      await handlers.onReceipt(mapped.event);
    } catch {
      return { command_status: CommandStatus.ESME_RX_T_APPN };
    }
    this.counters.receipts++;
    return {};
  }

  private async onMo(pdu: DeliverPdu, handlers: ConnectorHandlers): Promise<DeliverReply> {
    let result;
    try {
      result = this.assembler.add(pdu);
    } catch {
      // A broken UDH reads no better when resent (3.4 §5.1.3: permanent application error).
      return { command_status: CommandStatus.ESME_RX_P_APPN };
    }
    if (result.status !== 'complete') {
      if (result.status === 'rejected') return { command_status: CommandStatus.ESME_RX_P_APPN };
      return result.status === 'duplicate' ? this.retryFailedMo(pdu, handlers) : {};
    }
    const event = moEventOf(result.message, pdu.source_addr_ton, this.id, this.now());
    try {
      await handlers.onMo(event);
    } catch {
      if (result.message.parts > 1) this.rememberFailedMo(pdu, event);
      return { command_status: CommandStatus.ESME_RX_T_APPN };
    }
    this.counters.mo++;
    return {};
  }

  private moKey(pdu: DeliverPdu): string | undefined {
    const concat = userDataOf(pdu).concat;
    return concat && `${pdu.source_addr}\0${pdu.destination_addr}\0${concat.reference}\0${concat.total}`;
  }

  private rememberFailedMo(pdu: DeliverPdu, event: MoEvent): void {
    const key = this.moKey(pdu);
    if (!key) return;
    if (this.failedMo.size >= FAILED_MO_MEMORY) this.failedMo.delete(this.failedMo.keys().next().value as string);
    this.failedMo.set(key, event);
  }

  /** A resent part of a long MO whose handler failed retries the handler; other duplicates are simply acknowledged. */
  private async retryFailedMo(pdu: DeliverPdu, handlers: ConnectorHandlers): Promise<DeliverReply> {
    const key = this.moKey(pdu);
    const event = key === undefined ? undefined : this.failedMo.get(key);
    if (!key || !event) return {};
    try {
      await handlers.onMo({ ...event, receivedAt: this.now() });
    } catch {
      return { command_status: CommandStatus.ESME_RX_T_APPN };
    }
    this.failedMo.delete(key);
    this.counters.mo++;
    return {};
  }
}
