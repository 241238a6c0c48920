// SMGP 3.0 upstream connector: a pool of sessions to one China Telecom SMGW behind the core's Connector contract.
import { EventEmitter } from 'node:events';
import type { Connector, ConnectorHandlers, ConnectorState, ConnectorStats, MoEvent, OutboundMessage, SubmitResult } from '../../core/connector.ts';
import { TokenBucket } from '../../core/token-bucket.ts';
import type { FramedReply } from '../../protocols/shared/framed-session.ts';
import { SmgpClient } from '../../protocols/smgp/client.ts';
import { InboundMessageAssembler, userDataOf } from '../../protocols/smgp/inbound-message.ts';
import { LoginMode } from '../../protocols/smgp/login-mode.ts';
import type { SmgpPduOf } from '../../protocols/smgp/pdu-types.ts';
import { reportStatusTable, type ReportStatusTable } from '../../protocols/smgp/report-status.ts';
import { SmgpStatus } from '../../protocols/smgp/status.ts';
import { moEventOf, receiptEventOf, submitBodies } from './map.ts';
import { parseSmgpSettings, type SmgpConnectorSettings } from './settings.ts';
import { submitFailure, type SubmitFailure } from './submit-failure.ts';
import { sendParts } from '../shared/pacing.ts';
import { RoundRobin } from '../shared/round-robin.ts';
import { ConnectorSignals } from '../shared/connector-signals.ts';

export interface SmgpConnectorStats extends ConnectorStats {
  receipts: number;
  /** Reports that could not be read; answered Status 0, since a resend reads no better. */
  receiptsUnreadable: number;
  mo: number;
  /** Long MO messages dropped because their parts did not all arrive in time. */
  moIncomplete: number;
}

type Deliver = SmgpPduOf<'Deliver'>;

const LOGIN_MODE = { transmitter: LoginMode.SEND, receiver: LoginMode.RECEIVE, transceiver: LoginMode.TRANSMIT } as const;
const FAILED_MO_MEMORY = 1000;
const OK = { Status: SmgpStatus.OK };
// Nobody could take it now: "system busy" makes the SMGW keep the Deliver and send it again.
const RETRY_LATER = { Status: SmgpStatus.SYSTEM_BUSY };
// A broken long-message header reads no better when resent.
const UNREADABLE = { Status: SmgpStatus.MESSAGE_STRUCTURE_ERROR };

/**
 * Events: 'state' (ConnectorState), 'busy', 'drain', 'receiptUnreadable' (detail, pdu),
 * 'moIncomplete' (expired parts), 'protocolError' (error), 'reconnecting' (info).
 *
 * MO acknowledgement follows the SMPP connector: a part of a long MO is answered as soon as it is
 * held in memory, and only the part that completes the message waits for handlers.onMo; reports
 * and single-part MO are answered only once their handler resolved.
 */
export class SmgpConnector extends EventEmitter implements Connector {
  readonly settings: SmgpConnectorSettings;
  private handlers: ConnectorHandlers | null = null;
  private clients: SmgpClient[] = [];
  private readonly rotation = new RoundRobin();
  private reference = Math.floor(Math.random() * 0x10000);
  private readonly bucket: TokenBucket;
  private readonly reportTable: ReportStatusTable;
  private readonly assembler: InboundMessageAssembler;
  private readonly failedMo = new Map<string, MoEvent>();
  private readonly signals = new ConnectorSignals(this, () => this.busy, () => this.bucket.waitMs());
  private readonly counters = { submitted: 0, failed: 0, receipts: 0, receiptsUnreadable: 0, mo: 0, moIncomplete: 0 };

  /** `settings` is validated here (parseSmgpSettings) and throws ConnectorSettingsError naming the field. */
  constructor(
    readonly id: string,
    settings: unknown,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.settings = parseSmgpSettings(settings);
    this.bucket = new TokenBucket(this.settings.tps, undefined, now);
    this.reportTable = reportStatusTable(this.settings.reportStates);
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

  /** Opens every session; resolves once each has logged in or failed its first attempt (failed ones keep retrying). */
  async start(): Promise<void> {
    if (this.clients.length > 0) return;
    this.signals.setState('starting');
    this.assembler.start(Math.max(50, Math.min(1000, this.settings.moReassemblyTimeoutMs >> 2)));
    const s = this.settings;
    for (let i = 0; i < s.binds; i++) {
      const client = new SmgpClient({
        host: s.host,
        port: s.port,
        tls: s.tls,
        clientId: s.clientId,
        secret: s.secret,
        loginMode: LOGIN_MODE[s.bindMode],
        clientVersion: s.clientVersion,
        verifyServer: s.verifyServer,
        offsetMinutes: s.utcOffsetMinutes,
        window: s.window,
        requestTimeoutMs: s.requestTimeoutMs,
        activeTestIntervalMs: s.activeTestIntervalMs,
        connectTimeoutMs: s.connectTimeoutMs,
        reconnect: { initialMs: s.reconnectInitialMs, maxMs: s.reconnectMaxMs },
        onDeliver: (pdu) => this.onDeliver(pdu),
      });
      client.on('ready', () => this.onSessionChange());
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

  /** Sends every part of the message on one session, in order. Never throws. */
  async submit(message: OutboundMessage): Promise<SubmitResult> {
    const client = this.pickClient();
    if (!client) {
      const down = this.signals.state !== 'up';
      return this.refuse({ outcome: 'transient', errorCode: down ? 'connector:down' : 'connector:busy', errorMessage: down ? 'no logged-in session that may send' : 'every session is busy' });
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
    // The MsgID's 20 digits are both the display id and the key reports are matched by.
    const upstreamIds = sent.responses.map((r) => r.MsgID);
    return { ok: true, upstreamIds, upstreamKeys: upstreamIds };
  }

  stats(): SmgpConnectorStats {
    let inFlight = 0;
    let sessionsUp = 0;
    for (const client of this.clients) {
      const session = client.currentSession;
      if (session) inFlight += session.stats().inFlight;
      if (client.state === 'ready') sessionsUp++;
    }
    return { state: this.signals.state, inFlight, window: this.settings.window * this.settings.binds, sessionsUp, sessionsTotal: this.settings.binds, ...this.counters };
  }

  // ── sending ────────────────────────────────────────────────────────────────────────────────

  /**
   * A session that may take a Submit now. With `backlog`, one whose socket is only backed up counts
   * too: the lane already stopped pulling (busy), and what it had in hand is bounded by the window,
   * so those few are buffered rather than refused and retried seconds later.
   */
  private canSubmitOn(client: SmgpClient, backlog = false): boolean {
    // smgp.md 4.1: a receive-mode session carries no MT.
    if (this.settings.bindMode === 'receiver' || client.state !== 'ready') return false;
    if (!client.busy) return true;
    return backlog && (client.currentSession?.stats().inFlight ?? Infinity) < this.settings.window;
  }

  /** Round robin over sessions with room, preferring those whose socket is not backed up. */
  private pickClient(): SmgpClient | null {
    // Sessions with window room first; then ones whose socket is only backed up.
    return this.rotation.pick(this.clients, (client) => this.canSubmitOn(client)) ?? this.rotation.pick(this.clients, (client) => this.canSubmitOn(client, true));
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
    if (this.signals.state !== 'stopped') this.signals.setState(this.clients.some((c) => c.state === 'ready') ? 'up' : 'down');
    this.signals.refreshBusy();
  }

  // ── receiving ──────────────────────────────────────────────────────────────────────────────

  private async onDeliver(pdu: Deliver): Promise<FramedReply> {
    const handlers = this.handlers;
    if (!handlers) return RETRY_LATER;
    // smgp.md 6: IsReport 1 carries a status report, 0 an MO.
    return pdu.IsReport === 1 ? this.onReport(pdu, handlers) : this.onMo(pdu, handlers);
  }

  private async onReport(pdu: Deliver, handlers: ConnectorHandlers): Promise<FramedReply> {
    const mapped = receiptEventOf(pdu.MsgContent, this.id, this.reportTable, this.settings.utcOffsetMinutes, this.now());
    if (!mapped.ok) {
      this.counters.receiptsUnreadable++;
      this.emit('receiptUnreadable', mapped.detail, pdu);
      return OK;
    }
    try {
      await handlers.onReceipt(mapped.event);
    } catch {
      return RETRY_LATER;
    }
    this.counters.receipts++;
    return OK;
  }

  private async onMo(pdu: Deliver, handlers: ConnectorHandlers): Promise<FramedReply> {
    let result;
    try {
      result = this.assembler.add(pdu);
    } catch {
      return UNREADABLE;
    }
    if (result.status !== 'complete') {
      if (result.status === 'rejected') return UNREADABLE;
      return result.status === 'duplicate' ? this.retryFailedMo(pdu, handlers) : OK;
    }
    const event = moEventOf(result.message, this.id, this.now());
    try {
      await handlers.onMo(event);
    } catch {
      if (result.message.parts > 1) this.rememberFailedMo(pdu, event);
      return RETRY_LATER;
    }
    this.counters.mo++;
    return OK;
  }

  private moKey(pdu: Deliver): string | undefined {
    const concat = userDataOf(pdu).concat;
    return concat && `${pdu.SrcTermID}\0${pdu.DestTermID}\0${concat.reference}\0${concat.total}`;
  }

  private rememberFailedMo(pdu: Deliver, event: MoEvent): void {
    const key = this.moKey(pdu);
    if (!key) return;
    if (this.failedMo.size >= FAILED_MO_MEMORY) this.failedMo.delete(this.failedMo.keys().next().value as string);
    this.failedMo.set(key, event);
  }

  /** A resent part of a long MO whose handler failed retries the handler; other duplicates are simply acknowledged. */
  private async retryFailedMo(pdu: Deliver, handlers: ConnectorHandlers): Promise<FramedReply> {
    const key = this.moKey(pdu);
    const event = key === undefined ? undefined : this.failedMo.get(key);
    if (!key || !event) return OK;
    try {
      await handlers.onMo({ ...event, receivedAt: this.now() });
    } catch {
      return RETRY_LATER;
    }
    this.failedMo.delete(key);
    this.counters.mo++;
    return OK;
  }
}
