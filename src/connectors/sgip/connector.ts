// SGIP upstream connector: SP → SMG links for Submits, and the SP's own server the SMG connects back
// to with Reports and MO (sgip.md §1), behind the core's Connector contract.
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Connector, ConnectorHandlers, ConnectorState, ConnectorStats, MoEvent, OutboundMessage, SubmitResult } from '../../core/connector.ts';
import { TokenBucket } from '../../core/token-bucket.ts';
import { splitUserData } from '../../protocols/encoding/udh.ts';
import { SgipClient } from '../../protocols/sgip/client.ts';
import { LoginType } from '../../protocols/sgip/command-ids.ts';
import { SgipInboundAssembler } from '../../protocols/sgip/inbound-message.ts';
import type { SgipBody, SgipPdu, SgipPduOf } from '../../protocols/sgip/pdu-types.ts';
import { DEFAULT_REPORT_STATUS_TABLE, reportStatusNormalizer, type NormalizedReportStatus } from '../../protocols/sgip/report-status.ts';
import { SgipResult } from '../../protocols/sgip/result-codes.ts';
import { SgipCounter } from '../../protocols/sgip/sequence-number.ts';
import { credentialsAuthenticator, SgipServer, type SgipReply } from '../../protocols/sgip/server.ts';
import { moEventOf, receiptEventOf, submitBodies, upstreamIdOf } from './map.ts';
import { parseSgipSettings, type SgipConnectorSettings } from './settings.ts';
import { submitFailure, type SubmitFailure } from './submit-failure.ts';
import { sendParts } from '../shared/pacing.ts';
import { RoundRobin } from '../shared/round-robin.ts';
import { ConnectorSignals } from '../shared/connector-signals.ts';

const FAILED_MO_MEMORY = 1000;

export interface SgipConnectorStats extends ConnectorStats {
  /** SP → SMG links bound right now (the others are idle and connect on demand). */
  linksOpen: number;
  /** SMG → SP links bound to our server. */
  smgLinks: number;
  /** Our server for the SMG's connect-back is listening (false when not configured or its port is taken). */
  listening: boolean;
  receipts: number;
  /** Reports about a forwarded Deliver rather than one of our Submits (ReportType 1): answered and dropped. */
  receiptsIgnored: number;
  mo: number;
  /** Long MO dropped because its parts did not all arrive in time. */
  moIncomplete: number;
  /** UserRpt notices (a user deregistered, suspended or back), passed on as 'userReport' events. */
  userReports: number;
}

/**
 * Events: 'state' (ConnectorState), 'busy', 'drain', 'protocolError' (error), 'connectFailed'
 * ({ error, retryInMs }), 'listenFailed' (error), 'moIncomplete' (expired parts), 'userReport' (UserRpt PDU).
 *
 * Up means the SMG can be reached: links connect on demand and unbind when idle, so an up connector
 * may have no link open. It goes down when every link failed its last connect or bind, and comes
 * back by itself: each failed link is tried again after its backoff.
 * As for SMPP, a part of a long MO is answered as soon as it is held; Reports and single MO only
 * once their handler resolved (a failure answers Result 11, so the SMG sends it again).
 */
export class SgipConnector extends EventEmitter implements Connector {
  readonly settings: SgipConnectorSettings;
  private handlers: ConnectorHandlers | null = null;
  private clients: SgipClient[] = [];
  private server: SgipServer | null = null;
  private readonly counter = new SgipCounter(randomInt(0x100000000));
  private readonly rotation = new RoundRobin();
  private reference = randomInt(0x100);
  private readonly bucket: TokenBucket;
  private readonly assembler: SgipInboundAssembler;
  private readonly normalize: (raw: string) => NormalizedReportStatus;
  private readonly signals = new ConnectorSignals(this, () => this.busy, () => this.bucket.waitMs());
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** Completed long MO whose handler failed, by reassembly key, so the SMG's resend retries it. */
  private readonly failedMo = new Map<string, MoEvent>();
  private readonly counters = { submitted: 0, failed: 0, receipts: 0, receiptsIgnored: 0, mo: 0, moIncomplete: 0, userReports: 0 };

  /** `settings` is validated here (parseSgipSettings) and throws ConnectorSettingsError naming the field. */
  constructor(
    readonly id: string,
    settings: unknown,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.settings = parseSgipSettings(settings);
    this.bucket = new TokenBucket(this.settings.tps, undefined, now);
    this.normalize = reportStatusNormalizer({ ...DEFAULT_REPORT_STATUS_TABLE, ...this.settings.reportStatuses });
    this.assembler = new SgipInboundAssembler({
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

  /** The port our server listens on for the SMG (useful when configured as 0); null until it listens. */
  get listenPort(): number | null {
    const address = this.server?.address as { port: number } | null | undefined;
    return address ? address.port : null;
  }

  /**
   * Starts the server for the SMG's connect-back, then binds every link once to check the SMG can
   * be reached; resolves when each has bound or failed (failed ones are retried with backoff).
   */
  async start(): Promise<void> {
    if (this.clients.length > 0) return;
    this.signals.setState('starting');
    const s = this.settings;
    this.assembler.start(Math.max(50, Math.min(1000, s.moReassemblyTimeoutMs >> 2)));
    if (s.listen) {
      this.server = new SgipServer({
        nodeId: s.nodeId,
        counter: this.counter,
        utcOffsetMinutes: s.utcOffsetMinutes,
        idleTimeoutMs: s.listen.idleTimeoutMs,
        maxConnections: s.listen.maxConnections,
        requestTimeoutMs: s.requestTimeoutMs,
        authenticate: credentialsAuthenticator({ [s.listen.loginName]: s.listen.password }, [LoginType.SMG_TO_SP]),
        onRequest: (pdu) => this.onSmgRequest(pdu),
      });
      this.server.on('protocolError', (error: Error) => this.emit('protocolError', error));
      await this.listenForSmg(this.server, s.listen);
    }
    for (let i = 0; i < s.connections; i++) {
      const client = new SgipClient({
        host: s.host,
        port: s.port,
        tls: s.tls,
        nodeId: s.nodeId,
        counter: this.counter,
        utcOffsetMinutes: s.utcOffsetMinutes,
        loginType: LoginType.SP_TO_SMG,
        loginName: s.loginName,
        loginPassword: s.password,
        window: s.window,
        requestTimeoutMs: s.requestTimeoutMs,
        idleTimeoutMs: s.idleTimeoutMs,
        connectTimeoutMs: s.connectTimeoutMs,
        backoff: { initialMs: s.reconnectInitialMs, maxMs: s.reconnectMaxMs },
      });
      client.on('ready', () => this.onLinkChange());
      client.on('disconnected', () => this.onLinkChange());
      client.on('busy', () => this.signals.refreshBusy());
      client.on('drain', () => this.signals.refreshBusy());
      client.on('protocolError', (error: Error) => this.emit('protocolError', error));
      client.on('connectFailed', (info: { error: Error; retryInMs: number }) => this.onConnectFailed(client, info));
      this.clients.push(client);
    }
    await Promise.allSettled(this.clients.map((client) => client.connect()));
    this.onLinkChange();
  }

  /**
   * A port still held (a restart right after a crash) must not keep Submits from going out: the
   * listener is tried again every reconnectMaxMs, and each failure is reported.
   */
  private async listenForSmg(server: SgipServer, listen: NonNullable<SgipConnectorSettings['listen']>): Promise<void> {
    try {
      await server.listen(listen.port, listen.host);
    } catch (error) {
      this.emit('listenFailed', error);
      if (this.signals.state === 'stopped' || this.server !== server) return;
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        if (this.server === server) void this.listenForSmg(server, listen);
      }, this.settings.reconnectMaxMs);
      timer.unref();
      this.retryTimers.add(timer);
    }
  }

  async stop(): Promise<void> {
    this.signals.setState('stopped');
    this.signals.stop();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.assembler.stop();
    const clients = this.clients;
    const server = this.server;
    this.clients = [];
    this.server = null;
    await Promise.allSettled([...clients.map((client) => client.close()), server?.close()]);
    this.signals.refreshBusy();
  }

  get busy(): boolean {
    if (this.signals.state !== 'up') return true;
    if (this.bucket.waitMs() > 0) return true;
    return !this.clients.some((client) => !client.busy);
  }

  /** Sends every part of the message on one link, in order. Never throws. */
  async submit(message: OutboundMessage): Promise<SubmitResult> {
    const client = this.pickClient();
    if (!client) {
      const down = this.signals.state !== 'up';
      return this.refuse({ outcome: 'transient', errorCode: down ? 'connector:down' : 'connector:busy', errorMessage: down ? 'the SMG cannot be reached' : 'every link is busy' });
    }
    if (!this.bucket.tryTake()) {
      this.signals.refreshBusy();
      return this.refuse({ outcome: 'transient', errorCode: 'connector:busy', errorMessage: `tps limit ${this.settings.tps} reached` });
    }
    let bodies: Array<SgipBody<'submit'>>;
    try {
      bodies = submitBodies(message, this.settings, this.nextReference(), this.now());
    } catch (error) {
      return this.refuse(submitFailure(error, this.settings.statusOverrides));
    }
    const sent = await sendParts(client, bodies, (body) => client.submit(body), {
      bucket: this.bucket,
      timeoutMs: this.settings.requestTimeoutMs, failures: ['disconnected', 'connectFailed'],
      onSent: () => this.signals.refreshBusy(),
    });
    this.signals.refreshBusy();
    if (!sent.ok) return this.refuse(submitFailure(sent.reason, this.settings.statusOverrides, bodies.length > 1 ? `part ${sent.part} of ${bodies.length}` : undefined));
    this.counters.submitted++;
    // The Submit's sequence number is the only handle a Report names (sgip.md §6).
    return { ok: true, upstreamIds: sent.responses.map(upstreamIdOf) };
  }

  stats(): SgipConnectorStats {
    let inFlight = 0;
    let linksOpen = 0;
    let sessionsUp = 0;
    for (const client of this.clients) {
      inFlight += client.stats().inFlight;
      if (client.state === 'ready') linksOpen++;
      if (client.state === 'ready' || client.state === 'idle') sessionsUp++;
    }
    return {
      state: this.signals.state,
      inFlight,
      window: this.settings.window * this.settings.connections,
      sessionsUp,
      sessionsTotal: this.settings.connections,
      linksOpen,
      smgLinks: this.server?.stats().ready ?? 0,
      listening: this.listenPort !== null,
      ...this.counters,
    };
  }

  // ── sending ────────────────────────────────────────────────────────────────────────────────

  /** Round robin over links that can take a Submit now (idle links connect on demand). */
  private pickClient(): SgipClient | null {
    return this.rotation.pick(this.clients, (client) => !client.busy);
  }

  private nextReference(): number {
    this.reference = (this.reference + 1) & 0xff;
    return this.reference;
  }

  private refuse(failure: SubmitFailure): SubmitResult {
    this.counters.failed++;
    return { ok: false, ...failure };
  }

  // ── state and busy ─────────────────────────────────────────────────────────────────────────

  /** A failed link is tried again after its backoff, so the connector recovers without traffic. */
  private onConnectFailed(client: SgipClient, info: { error: Error; retryInMs: number }): void {
    this.emit('connectFailed', info);
    this.onLinkChange();
    if (this.signals.state === 'stopped') return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (this.signals.state !== 'stopped' && client.state === 'idle') client.connect().catch(() => undefined);
    }, info.retryInMs + 1);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private onLinkChange(): void {
    if (this.signals.state !== 'stopped') this.signals.setState(this.clients.some((c) => c.state !== 'backoff' && c.state !== 'closed') ? 'up' : 'down');
    this.signals.refreshBusy();
  }

  // ── receiving (the SMG's connect-back) ─────────────────────────────────────────────────────

  private async onSmgRequest(pdu: SgipPdu): Promise<SgipReply> {
    const handlers = this.handlers;
    switch (pdu.command) {
      case 'report':
        // Nobody to hand it to yet: "busy" makes the SMG keep it and send it again.
        return handlers ? this.onReport(pdu, handlers) : { Result: SgipResult.NODE_BUSY };
      case 'deliver':
        return handlers ? this.onDeliver(pdu, handlers) : { Result: SgipResult.NODE_BUSY };
      case 'userrpt':
        this.counters.userReports++;
        this.emit('userReport', pdu);
        return { Result: SgipResult.OK };
      default:
        // sgip.md §1: a command the SP does not handle gets its response with a non-zero Result.
        return { Result: SgipResult.FUNCTION_NOT_PROVIDED };
    }
  }

  private async onReport(pdu: SgipPduOf<'report'>, handlers: ConnectorHandlers): Promise<SgipReply> {
    // ReportType 1 is about a Deliver some SMG forwarded, not a Submit of ours (sgip.md §8).
    if (pdu.ReportType !== 0) {
      this.counters.receiptsIgnored++;
      return { Result: SgipResult.OK };
    }
    try {
      await handlers.onReceipt(receiptEventOf(pdu, this.id, this.normalize, this.now()));
    } catch {
      return { Result: SgipResult.NODE_BUSY };
    }
    this.counters.receipts++;
    return { Result: SgipResult.OK };
  }

  private async onDeliver(pdu: SgipPduOf<'deliver'>, handlers: ConnectorHandlers): Promise<SgipReply> {
    let result;
    try {
      result = this.assembler.add(pdu);
    } catch {
      // A broken UDH reads no better when sent again.
      return { Result: SgipResult.BAD_PARAMETER_FORMAT };
    }
    if (result.status === 'rejected') return { Result: SgipResult.BAD_PARAMETER_FORMAT };
    if (result.status === 'duplicate') return this.retryFailedMo(pdu, handlers);
    if (result.status !== 'complete') return { Result: SgipResult.OK };
    const event = moEventOf(result.message, this.id, this.now());
    try {
      await handlers.onMo(event);
    } catch {
      if (result.message.parts > 1) this.rememberFailedMo(pdu, event);
      return { Result: SgipResult.NODE_BUSY };
    }
    this.counters.mo++;
    return { Result: SgipResult.OK };
  }

  /** The reassembly key of a part of a long MO, or undefined for a single one. */
  private moKey(pdu: SgipPduOf<'deliver'>): string | undefined {
    if ((pdu.TP_udhi & 1) === 0) return undefined;
    const concat = splitUserData(pdu.MessageContent).udh.concat;
    return concat && `${pdu.UserNumber}\0${pdu.SPNumber}\0${concat.ref}\0${concat.total}`;
  }

  private rememberFailedMo(pdu: SgipPduOf<'deliver'>, event: MoEvent): void {
    const key = this.moKey(pdu);
    if (!key) return;
    if (this.failedMo.size >= FAILED_MO_MEMORY) this.failedMo.delete(this.failedMo.keys().next().value as string);
    this.failedMo.set(key, event);
  }

  /** A part sent again after its long MO's handler failed retries the handler; other duplicates are simply acknowledged. */
  private async retryFailedMo(pdu: SgipPduOf<'deliver'>, handlers: ConnectorHandlers): Promise<SgipReply> {
    const key = this.moKey(pdu);
    const event = key === undefined ? undefined : this.failedMo.get(key);
    if (!key || !event) return { Result: SgipResult.OK };
    try {
      await handlers.onMo({ ...event, receivedAt: this.now() });
    } catch {
      return { Result: SgipResult.NODE_BUSY };
    }
    this.failedMo.delete(key);
    this.counters.mo++;
    return { Result: SgipResult.OK };
  }
}
