// A fake ISMG (China Mobile gateway) for tests, benchmarks and operators: behaviour chosen by
// option, status reports with a configurable Stat mix, MO injection. The CMPP twin of FakeSmsc.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { CmppConnectStatus } from '../connect-status.ts';
import { cmppDeliverParts, cmppReportDeliver } from '../deliver-parts.ts';
import type { CmppFrame, CmppFrameOf } from '../dialect.ts';
import { groupMsgIds } from '../msg-id.ts';
import { MsgIdGenerator } from '../msg-id-generator.ts';
import type { CmppTextEncoding } from '../msg-fmt.ts';
import { formatReportTime } from '../report-time.ts';
import { CmppResult } from '../result.ts';
import { CmppServer, type CmppSession } from '../server.ts';
import type { CmppVersion } from '../version.ts';
import { NO_REPLY, type FramedReply } from '../../shared/framed-session.ts';
import { ReportScheduler } from './report-scheduler.ts';

/** How the fake ISMG answers SUBMITs. */
export type FakeIsmgMode =
  | 'happy' // accept everything
  | 'black-hole' // never answer a SUBMIT
  | 'error-result' // answer every SUBMIT with `errorResult`
  | 'bad-length' // answer with a frame whose Total_Length is impossible, then nothing more
  | 'close-mid-window'; // drop the connection after `closeAfter` unanswered SUBMITs

export interface FakeIsmgOptions {
  mode?: FakeIsmgMode;
  /** Layout per connection: 'auto' (default) follows each CONNECT's Version. */
  version?: CmppVersion | 'auto';
  /** SP_Id → shared secret. When absent, any SP_Id logs in with `secret`. */
  accounts?: Record<string, string>;
  /** The secret of every SP when `accounts` is absent. Default 'secret'. */
  secret?: string;
  /** Refuse every CONNECT with this Status (e.g. 3, authentication failed). */
  connectReject?: number;
  /** Delay before each SUBMIT is answered. */
  slowMs?: number;
  /** Every n-th SUBMIT is answered Result 8, flow control (0 = never). */
  throttleEvery?: number;
  errorResult?: number;
  closeAfter?: number;
  /** A SUBMIT naming any of these Dest_terminal_Ids is answered Result 13 (bad Dest_terminal_Id), as a whole. */
  rejectDestinations?: string[];
  /** Send a status report when Registered_Delivery asks for one. */
  reports?: {
    delayMs?: number;
    /** Stat values and their weights, e.g. { DELIVRD: 95, UNDELIV: 4, 'MK:0005': 1 }. */
    outcomes?: Record<string, number>;
  };
  /** This gateway's code in the Msg_Ids it issues (22 bits). */
  gatewayId?: number;
  window?: number;
  activeTestIntervalMs?: number;
  /** Keep every accepted SUBMIT in `submits` (tests); off for long-running simulators. */
  record?: boolean;
  random?: () => number;
}

export interface FakeIsmgStats {
  logins: number;
  submits: number;
  accepted: number;
  throttled: number;
  reportsSent: number;
  reportsQueued: number;
  moSent: number;
}

export interface InjectedMo {
  /** The handset. */
  from: string;
  /** The SP number (Dest_Id). */
  to: string;
  text: string;
  /** Default: ASCII when the text is, else UCS2. */
  encoding?: CmppTextEncoding;
  serviceId?: string;
  linkId?: string;
}

/** Events: 'submit' (pdu, session), 'ready' (session), 'sessionClosed' (session, reason). */
export class FakeIsmg extends EventEmitter {
  readonly server: CmppServer;
  readonly submits: CmppFrameOf<'submit'>[] = [];
  private readonly options: FakeIsmgOptions;
  private readonly reports: ReportScheduler;
  private readonly ids: MsgIdGenerator;
  private moReference = 0;
  private readonly counters = { logins: 0, submits: 0, accepted: 0, throttled: 0, moSent: 0 };
  private readonly unanswered = new Map<CmppSession, number>();

  constructor(options: FakeIsmgOptions = {}) {
    super();
    this.options = options;
    this.ids = new MsgIdGenerator({ gatewayId: options.gatewayId ?? 1 });
    this.server = new CmppServer({
      version: options.version ?? 'auto',
      window: options.window ?? 512,
      activeTestIntervalMs: options.activeTestIntervalMs ?? 30_000,
      authenticate: (connect) => {
        if (options.connectReject) return { status: options.connectReject };
        const secret = options.accounts ? options.accounts[connect.Source_Addr] : (options.secret ?? 'secret');
        if (secret === undefined) return { status: CmppConnectStatus.BAD_SOURCE_ADDR };
        this.counters.logins++;
        return { secret };
      },
      onRequest: (pdu, session) => this.onRequest(pdu, session),
    });
    this.reports = new ReportScheduler(this.server, options.reports?.delayMs ?? 0, CmppServer.versionOf);
    this.server.on('ready', (session: CmppSession) => {
      this.emit('ready', session);
      session.on('drain', () => this.reports.pump());
      this.reports.pump();
    });
    this.server.on('sessionClosed', (session: CmppSession, reason: string) => {
      this.unanswered.delete(session);
      this.emit('sessionClosed', session, reason);
    });
  }

  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return this.server.listen(port, host);
  }

  get port(): number {
    return this.server.address.port;
  }

  stats(): FakeIsmgStats {
    return { ...this.counters, ...this.reports.stats() };
  }

  /** Sends a mobile-originated message (several DELIVERs when long) to one of the SP's connections. */
  async injectMo(spId: string, mo: InjectedMo): Promise<void> {
    const session = this.server.sessionsOf(spId)[0];
    if (!session) throw new Error(`no connection logged in as ${spId}`);
    this.moReference = (this.moReference + 1) & 0xff;
    const base = { Dest_Id: mo.to, Service_Id: mo.serviceId ?? '', Src_terminal_Id: mo.from, LinkID: mo.linkId ?? '' };
    const parts = cmppDeliverParts(mo.text, base, () => this.ids.next(), { encoding: mo.encoding, reference: this.moReference });
    // Parts in order on one connection, so the SP can join them as they come.
    await Promise.all(parts.map((body) => session.request('deliver', body)));
    this.counters.moSent++;
  }

  async close(): Promise<void> {
    this.reports.stop();
    await this.server.close();
  }

  private onRequest(pdu: CmppFrame, session: CmppSession): FramedReply | Promise<FramedReply> {
    switch (pdu.command) {
      case 'submit':
        return this.slowly(() => this.onSubmit(pdu, session));
      case 'query':
        return { Time: pdu.Time, Query_Type: pdu.Query_Type, Query_Code: pdu.Query_Code, MT_TLMsg: this.counters.submits, MT_Scs: this.counters.accepted };
      case 'cancel':
        return { Success_Id: 1 };
      default:
        return { Result: CmppResult.BAD_COMMAND };
    }
  }

  private slowly<T>(answer: () => T): T | Promise<T> {
    const { slowMs = 0 } = this.options;
    if (slowMs <= 0) return answer();
    return new Promise((resolve) => setTimeout(() => resolve(answer()), slowMs));
  }

  private onSubmit(pdu: CmppFrameOf<'submit'>, session: CmppSession): FramedReply {
    const n = ++this.counters.submits;
    this.emit('submit', pdu, session);
    const { mode = 'happy', throttleEvery = 0 } = this.options;
    switch (mode) {
      case 'black-hole':
        return NO_REPLY;
      case 'error-result':
        return { Result: this.options.errorResult ?? CmppResult.BAD_DEST_TERMINAL_ID };
      case 'bad-length': {
        const garbage = Buffer.alloc(12);
        garbage.writeUInt32BE(0xfffffff0, 0);
        garbage.writeUInt32BE(0x80000004, 4);
        garbage.writeUInt32BE(pdu.Sequence_Id, 8);
        session.writeRaw(garbage);
        return NO_REPLY;
      }
      case 'close-mid-window': {
        const count = (this.unanswered.get(session) ?? 0) + 1;
        this.unanswered.set(session, count);
        if (count >= (this.options.closeAfter ?? 10)) session.destroy('fake ISMG drops the connection mid-window');
        return NO_REPLY;
      }
    }
    if (throttleEvery > 0 && n % throttleEvery === 0) {
      this.counters.throttled++;
      return { Result: CmppResult.FLOW_CONTROL };
    }
    if (this.options.rejectDestinations?.some((bad) => pdu.Dest_terminal_Id.includes(bad))) return { Result: CmppResult.BAD_DEST_TERMINAL_ID };
    this.counters.accepted++;
    if (this.options.record) this.submits.push(pdu);
    const destinations = pdu.Dest_terminal_Id;
    // Group send: one Msg_Id answers, the destinations get it and the following ones (cmpp.md 5).
    const first = this.ids.nextBlock(destinations.length);
    if (pdu.Registered_Delivery === 1) this.scheduleReports(pdu, session.identity, groupMsgIds(first, destinations.length));
    return { Msg_Id: first, Result: CmppResult.OK };
  }

  private scheduleReports(pdu: CmppFrameOf<'submit'>, spId: string, msgIds: string[]): void {
    const submitted = new Date();
    pdu.Dest_terminal_Id.forEach((destination, i) => {
      const stat = this.pickStat();
      this.reports.schedule(spId, (version) =>
        cmppReportDeliver(
          { Msg_Id: msgIds[i], Stat: stat, Submit_time: formatReportTime(submitted), Done_time: formatReportTime(new Date()), Dest_terminal_Id: destination, SMSC_sequence: i + 1 },
          { Msg_Id: this.ids.next(), Dest_Id: pdu.Src_Id, Service_Id: pdu.Service_Id },
          version,
        ),
      );
    });
  }

  private pickStat(): string {
    const outcomes = Object.entries(this.options.reports?.outcomes ?? { DELIVRD: 1 });
    const total = outcomes.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = (this.options.random ?? Math.random)() * total;
    for (const [stat, weight] of outcomes) {
      roll -= weight;
      if (roll < 0) return stat;
    }
    return outcomes[outcomes.length - 1]![0];
  }
}
