// CMPP upstream connector: a pool of connections to one China Mobile ISMG behind the core's Connector contract.
import { EventEmitter } from 'node:events';
import type { Connector, ConnectorHandlers, ConnectorState, ConnectorStats, OutboundMessage, SubmitResult } from '../../core/connector.ts';
import { TokenBucket } from '../../core/token-bucket.ts';
import { CmppClient } from '../../protocols/cmpp/client.ts';
import { nthMsgId } from '../../protocols/cmpp/msg-id.ts';
import type { CmppSubmitBody } from '../../protocols/cmpp/submit-parts.ts';
import { CmppInbound } from './inbound.ts';
import { destinationOf, groupKeyOf, submitBodies } from './map.ts';
import { parseCmppSettings, type CmppConnectorSettings } from './settings.ts';
import { mayBeOneDestination, submitFailure, type SubmitFailure } from './submit-failure.ts';
import { GroupPacker } from '../shared/group-packer.ts';
import { roomOn, sendParts, takeToken } from '../shared/pacing.ts';
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

/** A message waiting to go out in a group SUBMIT, and how to answer its submit(). */
interface GroupMember {
  message: OutboundMessage;
  destination: string;
  resolve: (result: SubmitResult) => void;
}

/**
 * Events: 'state' (ConnectorState), 'busy', 'drain', 'reportUnreadable' (reason, pdu),
 * 'moIncomplete' (expired parts), 'protocolError' (error), 'reconnecting' (info).
 *
 * The core hands the connector one message (one recipient) at a time. Without `groupSend` each
 * goes out in its own SUBMITs. With it, concurrent messages with the same SUBMIT apart from the
 * recipient (groupKeyOf) are packed into group SUBMITs (up to 99 Dest_terminal_Ids); member i of a
 * group answered with Msg_Id M gets M+i (cmpp.md 5), which its report carries.
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
  /** Group send: messages waiting for companions (null when groupSend is off). */
  private readonly packer: GroupPacker<GroupMember> | null;
  /** Groups whose linger ended or that are full, waiting for window room, oldest first. */
  private readonly readyGroups: GroupMember[][] = [];

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
    const group = this.settings.groupSend;
    this.packer = group ? new GroupPacker<GroupMember>({ max: group.max, lingerMs: group.lingerMs, flush: (members) => this.onGroupReady(members) }) : null;
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
      client.on('drain', () => {
        this.signals.refreshBusy();
        this.sendReadyGroups();
      });
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
    const waiting = [...(this.packer?.takeAll() ?? []), ...this.readyGroups.splice(0).flat()];
    this.refuseAll(waiting, { outcome: 'transient', errorCode: 'connector:down', errorMessage: 'connector stopped before the group SUBMIT went out' });
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

  /**
   * Sends every part of the message on one connection, in order; with group send, in the group
   * SUBMITs of the messages it joins. Never throws.
   */
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
    if (this.packer) return this.joinGroup(this.packer, message);
    return this.sendAlone(client, message);
  }

  /** The message's own SUBMITs, one per part, on `client`. */
  private async sendAlone(client: CmppClient, message: OutboundMessage): Promise<SubmitResult> {
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

  // ── group send ─────────────────────────────────────────────────────────────────────────────

  /** Waits (at most lingerMs) for messages with the same SUBMIT; answered when its group is. */
  private joinGroup(packer: GroupPacker<GroupMember>, message: OutboundMessage): Promise<SubmitResult> {
    const destination = destinationOf(message, this.settings);
    const key = groupKeyOf(message, this.settings, this.now());
    return new Promise((resolve) => packer.add(key, destination, { message, destination, resolve }));
  }

  private onGroupReady(members: GroupMember[]): void {
    this.readyGroups.push(members);
    this.sendReadyGroups();
  }

  /**
   * Sends ready groups while a connection has window room (one slot per SUBMIT); the rest wait for a
   * 'drain'. With no connection logged in they are refused at once.
   */
  private sendReadyGroups(): void {
    while (this.readyGroups.length > 0) {
      const client = this.pickClient();
      if (!client) {
        if (!this.clients.some((c) => c.state === 'ready')) {
          this.refuseAll(this.readyGroups.splice(0).flat(), { outcome: 'transient', errorCode: 'connector:down', errorMessage: 'no connection logged in' });
        }
        return;
      }
      // sendGroup takes its window slot before its first await, so the next pick sees it.
      void this.sendGroup(client, this.readyGroups.shift()!);
    }
  }

  /**
   * One group SUBMIT per part to every member's destination. TPS: one token per destination (each
   * member took its first at submit()); window: one slot per SUBMIT. A failure only one destination
   * can cause (mayBeOneDestination) is not pinned on the others: each member is then resent alone.
   */
  private async sendGroup(client: CmppClient, members: GroupMember[]): Promise<void> {
    if (members.length === 1) {
      members[0]!.resolve(await this.sendAlone(client, members[0]!.message));
      return;
    }
    const overrides = this.settings.resultOverrides;
    let bodies: CmppSubmitBody[];
    try {
      bodies = submitBodies(members[0]!.message, this.settings, this.nextReference(), this.now(), members.map((m) => m.destination));
    } catch (error) {
      this.refuseAll(members, submitFailure(error, overrides));
      return;
    }
    const sent = await sendParts(client, bodies, client.submitBody, { ...this.pacing, tokensPerPart: members.length });
    this.signals.refreshBusy();
    if (sent.ok) {
      this.counters.submitted += members.length;
      for (let i = 0; i < members.length; i++) members[i]!.resolve({ ok: true, upstreamIds: sent.responses.map((r) => nthMsgId(r.Msg_Id, i)) });
      return;
    }
    if (mayBeOneDestination(sent.reason, overrides)) {
      await this.resendOneByOne(client, members);
      return;
    }
    const where = bodies.length > 1 ? `group of ${members.length}, part ${sent.part} of ${bodies.length}` : `group of ${members.length}`;
    this.refuseAll(members, submitFailure(sent.reason, overrides, where));
  }

  /** Each member in its own SUBMITs, each taking a TPS token and window room as it comes. */
  private async resendOneByOne(client: CmppClient, members: GroupMember[]): Promise<void> {
    const sending: Promise<void>[] = [];
    for (const member of members) {
      try {
        await takeToken(this.bucket);
        if (client.busy) await roomOn(client, this.settings.requestTimeoutMs);
      } catch (error) {
        member.resolve(this.refuse(submitFailure(error, this.settings.resultOverrides)));
        continue;
      }
      sending.push(this.sendAlone(client, member.message).then(member.resolve));
    }
    await Promise.all(sending);
  }

  private refuseAll(members: GroupMember[], failure: SubmitFailure): void {
    for (const member of members) member.resolve(this.refuse(failure));
  }

  // ── state and busy ─────────────────────────────────────────────────────────────────────────

  private onSessionChange(): void {
    if (this.signals.state !== 'stopped') this.signals.setState(this.clients.some((c) => c.state === 'ready') ? 'up' : 'down');
    this.signals.refreshBusy();
    this.sendReadyGroups();
  }

}
