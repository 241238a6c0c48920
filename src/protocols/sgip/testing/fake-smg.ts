// A fake SGIP SMG for tests, benchmarks and operators: takes the SP's Submits (Login Type 1) and,
// like a real SMG, connects back to the SP's own server (Login Type 2) to send Reports and MO.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SgipClient } from '../client.ts';
import { LoginType } from '../command-ids.ts';
import { sgipMessageParts } from '../message-parts.ts';
import type { SgipTextEncoding } from '../message-coding.ts';
import type { SgipPdu, SgipPduOf } from '../pdu-types.ts';
import { ReportState } from '../report-status.ts';
import { SgipResult } from '../result-codes.ts';
import { SgipCounter } from '../sequence-number.ts';
import { credentialsAuthenticator, NO_REPLY, SgipServer, type SgipReply, type SgipSession } from '../server.ts';
import { OutboundQueue } from './outbound-queue.ts';

/** How the fake SMG answers Submits. */
export type FakeSmgMode =
  | 'happy' // accept everything
  | 'black-hole' // never answer a Submit
  | 'error-result' // answer every Submit with `errorResult`
  | 'bad-length' // answer with a frame whose Message Length is impossible, then nothing more
  | 'close-mid-window'; // drop the connection after `closeAfter` unanswered Submits

/** A report outcome by its raw status: 'DELIVRD', 'ENROUTE' or 'ERR:<ErrorCode>' (see report-status.ts). */
export type FakeReportOutcome = 'DELIVRD' | 'ENROUTE' | `ERR:${number}`;

export interface FakeSmgOptions {
  mode?: FakeSmgMode;
  /** Delay before each Submit is answered. */
  slowMs?: number;
  /** Every n-th Submit is answered Result 11 (node busy, flow control); 0 = never. */
  throttleEvery?: number;
  errorResult?: number;
  closeAfter?: number;
  /** SP login name → password for Login Type 1 binds; when absent any credentials are accepted. */
  accounts?: Record<string, string>;
  /** Refuse every Bind with this Result. */
  bindReject?: number;
  /** The SMG's node id (1AAAAX), stamped on the Reports and Delivers it creates. */
  nodeId?: number;
  /** Where the SP's own SGIP server listens, and the credentials it gave this SMG (sgip.md §1). */
  connectBack?: { host: string; port: number; loginName: string; loginPassword: string; connections?: number; idleTimeoutMs?: number };
  /** Send Reports as ReportFlag asks (sgip.md §6 field 15). */
  reports?: {
    delayMs?: number;
    /** Outcomes and their weights, e.g. { DELIVRD: 0.95, 'ERR:25': 0.05 }. */
    outcomes?: Partial<Record<FakeReportOutcome, number>>;
  };
  window?: number;
  /** Drop an SP link idle this long (sgip.md §1: 60 s). */
  idleTimeoutMs?: number;
  /** Keep every accepted Submit in `submits` (tests); off for long-running simulators. */
  record?: boolean;
  random?: () => number;
}

export interface FakeSmgStats {
  binds: number;
  submits: number;
  accepted: number;
  throttled: number;
  reportsSent: number;
  reportsQueued: number;
  moSent: number;
  connectBackFailures: number;
  /** Reports and MO the SP refused or did not answer; each is sent again. */
  refusedByPeer: number;
}

export interface FakeMo {
  /** The handset, with 86 prefix. */
  from: string;
  /** The SP number and extension code the user sent to. */
  to: string;
  text: string;
  /** Default: ascii when the text is ASCII, else ucs2. */
  encoding?: SgipTextEncoding;
}

/** Events: 'submit' (pdu, session), 'bound' (session), 'sessionClosed' (session, reason). */
export class FakeSmg extends EventEmitter {
  readonly server: SgipServer;
  readonly submits: Array<SgipPduOf<'submit'>> = [];
  private readonly links: SgipClient[] = [];
  private readonly outbound = new OutboundQueue();
  private readonly nodeId: number;
  private readonly counter: SgipCounter;
  private readonly counters = { binds: 0, submits: 0, accepted: 0, throttled: 0, moSent: 0 };
  private readonly unanswered = new Map<SgipSession, number>();
  private moReference = 0;

  constructor(private readonly options: FakeSmgOptions = {}) {
    super();
    const nodeId = (this.nodeId = options.nodeId ?? 101001);
    // One counter for the SMG's server and its connect-back links: one node, unique sequence numbers.
    const counter = (this.counter = new SgipCounter());
    const accept = options.accounts ? credentialsAuthenticator(options.accounts, [LoginType.SP_TO_SMG]) : undefined;
    this.server = new SgipServer({
      nodeId,
      counter,
      window: options.window ?? 512,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      authenticate: (bind, session) => {
        if (options.bindReject) return options.bindReject;
        const result = accept ? accept(bind, session) : bind.LoginType === LoginType.SP_TO_SMG ? SgipResult.OK : SgipResult.BAD_LOGIN_TYPE;
        if (result === SgipResult.OK) this.counters.binds++;
        return result as number;
      },
      onRequest: (pdu, session) => this.onRequest(pdu, session),
    });
    this.server.on('bound', (session: SgipSession) => this.emit('bound', session));
    this.server.on('sessionClosed', (session: SgipSession, reason: string) => {
      this.unanswered.delete(session);
      this.emit('sessionClosed', session, reason);
    });
    if (options.connectBack) this.connectBackTo(options.connectBack);
  }

  /** Where Reports and MO go: the SP's own SGIP server (when it was not known at construction). */
  connectBackTo(back: NonNullable<FakeSmgOptions['connectBack']>): void {
    for (let i = 0; i < (back.connections ?? 1); i++) {
      const link = new SgipClient({
        host: back.host,
        port: back.port,
        nodeId: this.nodeId,
        counter: this.counter,
        loginType: LoginType.SMG_TO_SP,
        loginName: back.loginName,
        loginPassword: back.loginPassword,
        window: this.options.window ?? 32,
        idleTimeoutMs: back.idleTimeoutMs ?? 5_000,
        backoff: { initialMs: 100, maxMs: 2000 },
      });
      this.links.push(link);
      this.outbound.addLink(link);
    }
  }

  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return this.server.listen(port, host);
  }

  get port(): number {
    return this.server.address.port;
  }

  stats(): FakeSmgStats {
    const { counts } = this.outbound;
    return { ...this.counters, reportsSent: counts.report, reportsQueued: this.outbound.size, moSent: counts.deliver, refusedByPeer: counts.failures, connectBackFailures: this.links.reduce((n, l) => n + l.stats().connectFailures, 0) };
  }

  /**
   * Sends a mobile-originated message to the SP over the connect-back link, as several Delivers
   * with a concatenation UDH when it is long; resolves once the SP answered every part.
   */
  async injectMo(mo: FakeMo): Promise<void> {
    if (this.links.length === 0) throw new Error('fake SMG has no connectBack address for MO');
    this.moReference = (this.moReference + 1) & 0xff;
    const parts = sgipMessageParts(mo.text, { encoding: mo.encoding ?? (/^[\x00-\x7f]*$/.test(mo.text) ? 'ascii' : 'ucs2'), reference: this.moReference });
    await Promise.all(parts.map((part) => this.outbound.add('deliver', { UserNumber: mo.from, SPNumber: mo.to, TP_pid: 0, ...part })));
  }

  /** Sends a UserRpt (a user's state changed, sgip.md §9) to the SP. */
  async injectUserRpt(report: { SPNumber: string; UserNumber: string; UserCondition: number }): Promise<void> {
    await this.outbound.add('userrpt', report);
  }

  async close(): Promise<void> {
    this.outbound.stop();
    await Promise.all([this.server.close(), ...this.links.map((link) => link.close())]);
  }

  private onRequest(pdu: SgipPdu, session: SgipSession): SgipReply | Promise<SgipReply> {
    if (pdu.command !== 'submit') return { Result: SgipResult.FUNCTION_NOT_PROVIDED };
    const { slowMs = 0 } = this.options;
    if (slowMs <= 0) return this.onSubmit(pdu, session);
    return new Promise((resolve) => setTimeout(() => resolve(this.onSubmit(pdu, session)), slowMs));
  }

  private onSubmit(pdu: SgipPduOf<'submit'>, session: SgipSession): SgipReply {
    const n = ++this.counters.submits;
    this.emit('submit', pdu, session);
    const { mode = 'happy', throttleEvery = 0 } = this.options;
    switch (mode) {
      case 'black-hole':
        return NO_REPLY;
      case 'error-result':
        return { Result: this.options.errorResult ?? SgipResult.SYSTEM_FAILURE };
      case 'bad-length': {
        const garbage = Buffer.alloc(20);
        garbage.writeUInt32BE(0xfffffff0, 0);
        garbage.writeUInt32BE(0x80000003, 4);
        session.writeRaw(garbage);
        return NO_REPLY;
      }
      case 'close-mid-window': {
        const count = (this.unanswered.get(session) ?? 0) + 1;
        this.unanswered.set(session, count);
        if (count >= (this.options.closeAfter ?? 10)) session.destroy('fake SMG closes mid-window');
        return NO_REPLY;
      }
    }
    if (throttleEvery > 0 && n % throttleEvery === 0) {
      this.counters.throttled++;
      return { Result: SgipResult.NODE_BUSY };
    }
    this.counters.accepted++;
    if (this.options.record) this.submits.push(pdu);
    this.scheduleReports(pdu);
    return { Result: SgipResult.OK };
  }

  /** One Report per recipient, as ReportFlag asks: 0 failures only, 1 and 3 always, 2 never. */
  private scheduleReports(pdu: SgipPduOf<'submit'>): void {
    if (this.links.length === 0 || pdu.ReportFlag === 2) return;
    for (const UserNumber of pdu.UserNumber) {
      const outcome = this.pickOutcome();
      const [State, ErrorCode] = outcome === 'DELIVRD' ? [ReportState.DELIVERED, 0] : outcome === 'ENROUTE' ? [ReportState.WAITING, 0] : [ReportState.FAILED, Number(outcome.slice(4))];
      if (pdu.ReportFlag === 0 && State !== ReportState.FAILED) continue;
      // The Report names the Submit by its sequence number (sgip.md §8).
      this.outbound.schedule('report', { SubmitSequenceNumber: pdu.SequenceNumber, ReportType: 0, UserNumber, State, ErrorCode }, this.options.reports?.delayMs ?? 0);
    }
  }

  private pickOutcome(): FakeReportOutcome {
    const outcomes = Object.entries(this.options.reports?.outcomes ?? { DELIVRD: 1 }) as Array<[FakeReportOutcome, number]>;
    const total = outcomes.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = (this.options.random ?? Math.random)() * total;
    for (const [outcome, weight] of outcomes) {
      roll -= weight;
      if (roll < 0) return outcome;
    }
    return outcomes[outcomes.length - 1]![0];
  }
}
