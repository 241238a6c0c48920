// A fake China Telecom SMGW for tests, benchmarks and operators: behaviour chosen by option,
// status reports with a configurable outcome mix, MO injection, and long submits reassembled.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { FramedReply, FramedSession } from '../../shared/framed-session.ts';
import { NO_REPLY } from '../../shared/framed-session.ts';
import { InboundMessageAssembler, type InboundText } from '../inbound-message.ts';
import { MsgFormat } from '../message-format.ts';
import { messageParts } from '../message-parts.ts';
import { MsgIdGenerator, groupMemberId } from '../msg-id.ts';
import type { SmgpPdu, SmgpPduOf } from '../pdu-types.ts';
import { formatReport, reportText } from '../report.ts';
import { SmgpServer } from '../server.ts';
import { recvTime, reportDate } from '../smgp-time.ts';
import { SmgpStatus } from '../status.ts';
import { ReportScheduler } from './report-scheduler.ts';

/** How the fake SMGW answers Submit. */
export type FakeSmgwMode =
  | 'happy' // accept everything
  | 'black-hole' // never answer a Submit
  | 'error-status' // answer every Submit with `errorStatus`
  | 'bad-length' // answer with a packet whose PacketLength is impossible, then nothing more
  | 'close-mid-window'; // close the connection after `closeAfter` unanswered Submits

export interface FakeSmgwOptions {
  mode?: FakeSmgwMode;
  /** Delay before each Submit is answered. */
  slowMs?: number;
  /** Every n-th Submit is answered Status 1 (system busy: flow control); 0 = never. */
  throttleEvery?: number;
  errorStatus?: number;
  closeAfter?: number;
  /** ClientID → shared secret; when absent any ClientID logs in unchecked (AuthenticatorServer empty). */
  accounts?: Record<string, string>;
  /** Refuse every login with this Status (e.g. 21). */
  loginReject?: number;
  /** Status reports for Submits with NeedReport = 1. */
  reports?: {
    delayMs?: number;
    /** Stat words and their weights, e.g. { DELIVRD: 0.95, UNDELIV: 0.04, 'MK:0005': 0.01 }. */
    outcomes?: Record<string, number>;
  };
  /** 6-digit SMGW code at the head of every MsgID. */
  smgwCode?: string;
  window?: number;
  activeTestIntervalMs?: number;
  /** Keep every accepted Submit in `submits` and every whole message in `messages` (tests). */
  record?: boolean;
  random?: () => number;
}

export interface FakeSmgwStats {
  logins: number;
  submits: number;
  accepted: number;
  throttled: number;
  reportsSent: number;
  reportsQueued: number;
  moSent: number;
}

/** Err code written with each stat word (smgp.md 8 pairs them). */
const ERR_OF: Record<string, string> = { DELIVRD: '000', EXPIRED: '001', UNDELIV: '006', DELETED: '010', REJECTD: '009', UNKNOWN: '999' };

/** Events: 'submit' (pdu, session), 'message' (InboundText, pdu) for every whole message, 'ready', 'sessionClosed'. */
export class FakeSmgw extends EventEmitter {
  readonly server: SmgpServer;
  readonly submits: SmgpPduOf<'Submit'>[] = [];
  readonly messages: InboundText[] = [];
  private readonly options: FakeSmgwOptions;
  private readonly ids: MsgIdGenerator;
  private readonly scheduler: ReportScheduler;
  private readonly assembler = new InboundMessageAssembler();
  private readonly counters = { logins: 0, submits: 0, accepted: 0, throttled: 0, moSent: 0 };
  private readonly unanswered = new Map<FramedSession<SmgpPdu>, number>();
  private moReference = 0;

  constructor(options: FakeSmgwOptions = {}) {
    super();
    this.options = options;
    this.ids = new MsgIdGenerator({ smgwCode: options.smgwCode ?? '010061' });
    this.server = new SmgpServer({
      window: options.window ?? 512,
      activeTestIntervalMs: options.activeTestIntervalMs ?? 30_000,
      secretOf: (clientId) => (options.accounts ? options.accounts[clientId] : null),
      admit: () => options.loginReject ?? SmgpStatus.OK,
      onRequest: (pdu, session) => this.onRequest(pdu, session),
    });
    this.server.on('ready', (session: FramedSession<SmgpPdu>, login: unknown) => {
      this.counters.logins++;
      this.emit('ready', session, login);
      session.on('drain', () => this.scheduler.pump());
      this.scheduler.pump();
    });
    this.server.on('sessionClosed', (session: FramedSession<SmgpPdu>, reason: string) => {
      this.unanswered.delete(session);
      this.emit('sessionClosed', session, reason);
    });
    this.scheduler = new ReportScheduler(this.server, options.reports?.delayMs ?? 0);
  }

  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return this.server.listen(port, host);
  }

  get port(): number {
    return this.server.address.port;
  }

  stats(): FakeSmgwStats {
    return { ...this.counters, ...this.scheduler.stats() };
  }

  /**
   * Sends a mobile-originated message to a receiving session of `clientId`: `to` is the full SP
   * number the handset dialled (service number + extension). Long text goes as UDH parts.
   */
  async injectMo(clientId: string, mo: { from: string; to: string; text: string; format?: 'ascii' | 'gbk' | 'ucs2' }): Promise<void> {
    this.moReference = (this.moReference + 1) & 0xff;
    const parts = messageParts(mo.text, { format: mo.format, reference: this.moReference });
    const now = new Date();
    for (const part of parts) {
      await this.server.deliver(clientId, { MsgID: this.ids.next(), IsReport: 0, RecvTime: recvTime(now), SrcTermID: mo.from, DestTermID: mo.to, ...part });
    }
    this.counters.moSent++;
  }

  async close(): Promise<void> {
    this.scheduler.stop();
    await this.server.close();
  }

  private onRequest(pdu: SmgpPdu, session: FramedSession<SmgpPdu>): FramedReply | Promise<FramedReply> {
    switch (pdu.command) {
      case 'Submit':
        return this.slowly(() => this.onSubmit(pdu, session));
      case 'Query':
        return { QueryTime: pdu.QueryTime, QueryType: pdu.QueryType, QueryCode: pdu.QueryCode, MT_TLMsg: this.counters.submits, MT_Scs: this.counters.accepted, MT_FL: this.counters.submits - this.counters.accepted };
      default:
        return { Status: SmgpStatus.COMMAND_WORD_ERROR };
    }
  }

  private slowly<T>(answer: () => T): T | Promise<T> {
    const { slowMs = 0 } = this.options;
    if (slowMs <= 0) return answer();
    return new Promise((resolve) => setTimeout(() => resolve(answer()), slowMs));
  }

  private onSubmit(pdu: SmgpPduOf<'Submit'>, session: FramedSession<SmgpPdu>): FramedReply {
    const n = ++this.counters.submits;
    this.emit('submit', pdu, session);
    const { mode = 'happy', throttleEvery = 0 } = this.options;
    switch (mode) {
      case 'black-hole':
        return NO_REPLY;
      case 'error-status':
        return { Status: this.options.errorStatus ?? SmgpStatus.ROUTING_ERROR };
      case 'bad-length': {
        const garbage = Buffer.alloc(12);
        garbage.writeUInt32BE(0xfffffff0, 0);
        garbage.writeUInt32BE(0x80000002, 4);
        garbage.writeUInt32BE(pdu.sequence, 8);
        session.writeRaw(garbage);
        return NO_REPLY;
      }
      case 'close-mid-window': {
        const count = (this.unanswered.get(session) ?? 0) + 1;
        this.unanswered.set(session, count);
        if (count >= (this.options.closeAfter ?? 10)) session.destroy('fake SMGW closes mid-window');
        return NO_REPLY;
      }
    }
    if (throttleEvery > 0 && n % throttleEvery === 0) {
      this.counters.throttled++;
      return { Status: SmgpStatus.SYSTEM_BUSY };
    }
    this.counters.accepted++;
    if (this.options.record) this.record(pdu);
    // Group send: one id M answered, recipients numbered M … M+(n−1) (smgp.md 5.1).
    const MsgID = this.ids.next(pdu.DestTermID.length);
    if (pdu.NeedReport === 1) pdu.DestTermID.forEach((recipient, i) => this.scheduleReport(pdu, session.identity, groupMemberId(MsgID, i), recipient));
    return { MsgID, Status: SmgpStatus.OK };
  }

  private record(pdu: SmgpPduOf<'Submit'>): void {
    // The decoded PDU holds views into the socket's buffer: keep copies.
    const copy = { ...pdu, MsgContent: Buffer.from(pdu.MsgContent), DestTermID: [...pdu.DestTermID] };
    this.submits.push(copy);
    try {
      const result = this.assembler.add(copy);
      if (result.status !== 'complete') return;
      this.messages.push(result.message);
      this.emit('message', result.message, copy);
    } catch {
      // A broken UDH is the test's business: the Submit itself is kept above.
    }
  }

  private scheduleReport(pdu: SmgpPduOf<'Submit'>, clientId: string, id: string, recipient: string): void {
    const stat = this.pickOutcome();
    const now = new Date();
    const delivered = stat === 'DELIVRD';
    const content = formatReport({
      id,
      sub: '001',
      dlvrd: delivered ? '001' : '000',
      submitDate: reportDate(now),
      doneDate: reportDate(now),
      stat,
      err: ERR_OF[stat] ?? '006',
      text: reportText(pdu.MsgContent),
    });
    this.scheduler.schedule(clientId, {
      MsgID: this.ids.next(),
      IsReport: 1,
      MsgFormat: MsgFormat.ASCII,
      RecvTime: recvTime(now),
      SrcTermID: recipient,
      DestTermID: pdu.SrcTermID,
      MsgContent: content,
    });
  }

  private pickOutcome(): string {
    const outcomes = Object.entries(this.options.reports?.outcomes ?? { DELIVRD: 1 });
    const total = outcomes.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = (this.options.random ?? Math.random)() * total;
    for (const [stat, weight] of outcomes) {
      roll -= weight;
      if (roll < 0) return stat;
    }
    return outcomes[outcomes.length - 1][0];
  }
}
