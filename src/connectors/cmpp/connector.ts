// CMPP upstream connector: a pool of connections to one China Mobile ISMG behind the core's Connector contract.
import { EventEmitter } from 'node:events';
import type { Connector, ConnectorHandlers, ConnectorState, ConnectorStats, OutboundMessage, SubmitResult } from '../../core/connector.ts';
import { TokenBucket } from '../../core/token-bucket.ts';
import { CmppClient } from '../../protocols/cmpp/client.ts';
import type { CmppSubmitBody } from '../../protocols/cmpp/submit-parts.ts';
import { CmppInbound } from './inbound.ts';
import { submitBodies } from './map.ts';
import { parseCmppSettings, type CmppConnectorSettings } from './settings.ts';
import { submitFailure, type SubmitFailure } from './submit-failure.ts';
import { sendParts } from '../shared/pacing.ts';
import { RoundRobin } from '../shared/round-robin.ts';
import { ConnectorSignals } from '../shared/connector-signals.ts';

export interface CmppConnectorStats extends ConnectorStats {
  receipts: number;
  /** Reports that could not be read (bad length, empty Stat); acknowledged, since a resend reads no better. */
  receiptsUnreadable: number;
  mo: number;
  /** Long MO messages dropped because their parts did not all arrive in time. */
  moIncomplete: number;
}

/**
 * Events: 'state' (ConnectorState), 'busy', 'drain', 'reportUnreadable' (reason, pdu),
 * 'moIncomplete' (expired parts), 'protocolError' (error), 'reconnecting' (info).
 *
 * One recipient per SUBMIT: the core hands the connector one message (one recipient) at a time, so
 * CMPP group send (up to 99 Dest_terminal_Ids) is not used here.
 */
export class CmppConnector extends EventEmitter implements Connector {
  readonly settings: CmppConnectorSettings;
  private handlers: ConnectorHandlers | null = null;
  private clients: CmppClient[] = [];
  private readonly rotation = new RoundRobin();
  private reference = Math.floor(Math.random() * 0x10000);
  private readonly bucket: TokenBucket;
  private readonly inbound: CmppInbound;
  private readonly signals = new ConnectorSignals(this, () => this.busy, () => this.bucket.waitMs());
  private readonly counters = { submitted: 0, failed: 0 };
  /** Made once: per-message closures cost more than they look under tsx, which names each one it creates. */
  private readonly pacing: Parameters<typeof sendParts>[3];

  /** `settings` is validated here (parseCmppSettings) and throws ConnectorSettingsError naming the field. */
  constructor(
    readonly id: string,
    settings: unknown,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.settings = parseCmppSettings(settings);
    this.bucket = new TokenBucket(this.settings.tps, undefined, now);
    this.inbound = new CmppInbound(id, this.settings, now);
    this.pacing = { bucket: this.bucket, timeoutMs: this.settings.requestTimeoutMs, onSent: () => this.signals.refreshBusy() };
    this.inbound.on('reportUnreadable', (reason: string, pdu: unknown) => this.emit('reportUnreadable', reason, pdu));
    this.inbound.on('moIncomplete', (expired: unknown) => this.emit('moIncomplete', expired));
  }

  attach(handlers: ConnectorHandlers): void {
    this.handlers = handlers;
  }

  get state(): ConnectorState {
    return this.signals.state;
  }

  /** Opens every connection; resolves once each has logged in or failed its first attempt (failed ones keep retrying). */
  async start(): Promise<void> {
    if (this.clients.length > 0) return;
    this.signals.setState('starting');
    this.inbound.start();
    const s = this.settings;
    for (let i = 0; i < s.connections; i++) {
      const client = new CmppClient({
        host: s.host,
        port: s.port,
        tls: s.tls,
        version: s.version,
        spId: s.spId,
        secret: s.secret,
        verifyAuthenticator: s.verifyAuthenticator,
        window: s.window,
        requestTimeoutMs: s.requestTimeoutMs,
        activeTestIntervalMs: s.activeTestIntervalMs,
        activeTestMaxMissed: s.activeTestMaxMissed,
        connectTimeoutMs: s.connectTimeoutMs,
        reconnect: { initialMs: s.reconnectInitialMs, maxMs: s.reconnectMaxMs },
        onDeliver: (pdu) => this.inbound.handle(pdu, this.handlers),
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
    this.inbound.stop();
    const clients = this.clients;
    this.clients = [];
    await Promise.allSettled(clients.map((client) => client.close()));
    this.signals.refreshBusy();
  }

  get busy(): boolean {
    if (this.signals.state !== 'up') return true;
    if (this.bucket.waitMs() > 0) return true;
    return !this.clients.some((client) => !client.busy);
  }

  /** Sends every part of the message on one connection, in order. Never throws. */
  async submit(message: OutboundMessage): Promise<SubmitResult> {
    const client = this.pickClient();
    if (!client) {
      const down = this.signals.state !== 'up';
      return this.refuse({ outcome: 'transient', errorCode: down ? 'connector:down' : 'connector:busy', errorMessage: down ? 'no connection logged in' : 'every connection is busy' });
    }
    if (!this.bucket.tryTake()) {
      this.signals.refreshBusy();
      return this.refuse({ outcome: 'transient', errorCode: 'connector:busy', errorMessage: `tps limit ${this.settings.tps} reached` });
    }
    let bodies: CmppSubmitBody[];
    try {
      bodies = submitBodies(message, this.settings, this.nextReference(), this.now());
    } catch (error) {
      return this.refuse(submitFailure(error, this.settings.resultOverrides));
    }
    const sent = await sendParts(client, bodies, client.submitBody, this.pacing);
    this.signals.refreshBusy();
    if (!sent.ok) return this.refuse(submitFailure(sent.reason, this.settings.resultOverrides, bodies.length > 1 ? `part ${sent.part} of ${bodies.length}` : undefined));
    this.counters.submitted++;
    // Msg_Id as 16 lower-case hex digits: the form reports are looked up by.
    return { ok: true, upstreamIds: sent.responses.map((r) => r.Msg_Id) };
  }

  stats(): CmppConnectorStats {
    let inFlight = 0;
    let sessionsUp = 0;
    for (const client of this.clients) {
      const session = client.currentSession;
      if (session) inFlight += session.stats().inFlight;
      if (client.state === 'ready') sessionsUp++;
    }
    return {
      state: this.signals.state,
      inFlight,
      window: this.settings.window * this.settings.connections,
      sessionsUp,
      sessionsTotal: this.settings.connections,
      ...this.counters,
      ...this.inbound.counters,
    };
  }

  // ── sending ────────────────────────────────────────────────────────────────────────────────

  /** Round robin over connections that can take a SUBMIT now. */
  private pickClient(): CmppClient | null {
    return this.rotation.pick(this.clients, (client) => !client.busy);
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

}
