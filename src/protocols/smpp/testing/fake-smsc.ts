// A fake SMSC for tests, benchmarks and operators: behaviour chosen by option, receipts, MO injection.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { encodePdu } from '../codec.ts';
import { CommandStatus } from '../command-status.ts';
import { stateFromStat, type ReceiptStat } from '../message-state.ts';
import type { SmppBody, SmppPdu, SmppPduOf } from '../pdu-types.ts';
import { formatReceiptText } from '../receipt.ts';
import { SmppServer } from '../server.ts';
import { NO_REPLY, type Reply, type RequestCommand, type SmppSession } from '../session.ts';
import { ReceiptScheduler } from './receipt-scheduler.ts';

/** How the fake SMSC answers submits. */
export type FakeSmscMode =
  | 'happy' // accept everything
  | 'black-hole' // never answer a submit
  | 'error-status' // answer every submit with `errorStatus`
  | 'generic-nack' // answer every submit with generic_nack
  | 'bad-length' // answer with a PDU whose command_length is impossible, then nothing more
  | 'close-mid-window'; // close the connection after `closeAfter` unanswered submits

export interface FakeSmscOptions {
  mode?: FakeSmscMode;
  /** Delay before each submit is answered. */
  slowMs?: number;
  /** Every n-th submit is answered ESME_RTHROTTLED (0 = never). */
  throttleEvery?: number;
  errorStatus?: number;
  closeAfter?: number;
  /** system_id → password; when absent any credentials are accepted. */
  accounts?: Record<string, string>;
  /** Refuse every bind with this status. */
  bindReject?: number;
  /** Send a receipt when registered_delivery asks for one. */
  receipts?: {
    delayMs?: number;
    /** Final states and their weights, e.g. { DELIVRD: 0.95, UNDELIV: 0.05 }. */
    outcomes?: Partial<Record<ReceiptStat, number>>;
  };
  /** Message ids in submit_sm_resp: hexadecimal (like most SMSCs) or decimal. */
  idFormat?: 'hex' | 'decimal';
  /** Write the receipt's id in the other base than submit_sm_resp, as some SMSCs do. */
  receiptIdInOtherBase?: boolean;
  window?: number;
  enquireLinkIntervalMs?: number;
  systemId?: string;
  /** Keep every accepted submit in `submits` (tests); off for long-running simulators. */
  record?: boolean;
  random?: () => number;
}

export interface FakeSmscStats {
  binds: number;
  submits: number;
  accepted: number;
  throttled: number;
  receiptsSent: number;
  receiptsQueued: number;
  moSent: number;
}

/** Events: 'submit' (pdu, session), plus the server's 'bound' and 'sessionClosed'. */
export class FakeSmsc extends EventEmitter {
  readonly server: SmppServer;
  readonly submits: SmppPduOf<'submit_sm'>[] = [];
  private readonly options: FakeSmscOptions;
  private readonly receiptScheduler: ReceiptScheduler;
  private nextId = 1;
  private readonly counters = { binds: 0, submits: 0, accepted: 0, throttled: 0, moSent: 0 };
  private readonly unanswered = new Map<SmppSession, number>();

  constructor(options: FakeSmscOptions = {}) {
    super();
    this.options = options;
    this.server = new SmppServer({
      systemId: options.systemId ?? 'FakeSMSC',
      window: options.window ?? 512,
      enquireLinkIntervalMs: options.enquireLinkIntervalMs ?? 30_000,
      authenticate: (bind) => {
        if (options.bindReject) return { status: options.bindReject };
        const expected = options.accounts?.[bind.system_id];
        if (options.accounts && expected === undefined) return { status: CommandStatus.ESME_RINVSYSID };
        if (expected !== undefined && expected !== bind.password) return { status: CommandStatus.ESME_RINVPASWD };
        this.counters.binds++;
        return { status: 0 };
      },
      onRequest: (pdu, session) => this.onRequest(pdu, session),
    });
    this.server.on('bound', (session: SmppSession) => {
      this.emit('bound', session);
      session.on('drain', () => this.receiptScheduler.pump());
      this.receiptScheduler.pump();
    });
    this.server.on('sessionClosed', (session: SmppSession, reason: string) => {
      this.unanswered.delete(session);
      this.emit('sessionClosed', session, reason);
    });
    this.receiptScheduler = new ReceiptScheduler(this.server, options.receipts?.delayMs ?? 0);
  }

  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return this.server.listen(port, host);
  }

  get port(): number {
    return this.server.address.port;
  }

  stats(): FakeSmscStats {
    return { ...this.counters, ...this.receiptScheduler.stats() };
  }

  /** Sends a mobile-originated message to a bound receiver of `systemId`. */
  async injectMo(systemId: string, mo: { from: string; to: string; text: string | Buffer; data_coding?: number }): Promise<void> {
    const short_message = typeof mo.text === 'string' ? Buffer.from(mo.text, 'latin1') : mo.text;
    await this.server.deliver(systemId, {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: mo.from,
      destination_addr: mo.to,
      data_coding: mo.data_coding ?? 0,
      short_message,
    });
    this.counters.moSent++;
  }

  async close(): Promise<void> {
    this.receiptScheduler.stop();
    await this.server.close();
  }

  private onRequest(pdu: SmppPdu, session: SmppSession): Reply<RequestCommand> | typeof NO_REPLY | Promise<Reply<RequestCommand> | typeof NO_REPLY> {
    switch (pdu.command) {
      case 'submit_sm':
        return this.slowly(() => this.onSubmit(pdu, session));
      case 'query_sm':
        return { command_status: CommandStatus.ESME_RQUERYFAIL };
      case 'cancel_sm':
        return { command_status: CommandStatus.ESME_RCANCELFAIL };
      case 'deliver_sm':
      case 'data_sm':
      default:
        return { command_status: CommandStatus.ESME_RINVCMDID };
    }
  }

  private slowly<T>(answer: () => T): T | Promise<T> {
    const { slowMs = 0 } = this.options;
    if (slowMs <= 0) return answer();
    return new Promise((resolve) => setTimeout(() => resolve(answer()), slowMs));
  }

  private onSubmit(pdu: SmppPduOf<'submit_sm'>, session: SmppSession): Reply<'submit_sm'> | typeof NO_REPLY {
    const n = ++this.counters.submits;
    this.emit('submit', pdu, session);
    const { mode = 'happy', throttleEvery = 0 } = this.options;
    switch (mode) {
      case 'black-hole':
        return NO_REPLY;
      case 'error-status':
        return { command_status: this.options.errorStatus ?? CommandStatus.ESME_RSYSERR };
      case 'generic-nack':
        session.writeRaw(encodePdu({ command: 'generic_nack', sequence_number: pdu.sequence_number, command_status: CommandStatus.ESME_RSYSERR }));
        return NO_REPLY;
      case 'bad-length': {
        const garbage = Buffer.alloc(16);
        garbage.writeUInt32BE(0xfffffff0, 0);
        garbage.writeUInt32BE(0x80000004, 4);
        session.writeRaw(garbage);
        return NO_REPLY;
      }
      case 'close-mid-window': {
        const count = (this.unanswered.get(session) ?? 0) + 1;
        this.unanswered.set(session, count);
        if (count >= (this.options.closeAfter ?? 10)) session.destroy('fake SMSC closes mid-window');
        return NO_REPLY;
      }
    }
    if (throttleEvery > 0 && n % throttleEvery === 0) {
      this.counters.throttled++;
      return { command_status: CommandStatus.ESME_RTHROTTLED };
    }
    this.counters.accepted++;
    if (this.options.record) this.submits.push(pdu);
    const numericId = this.nextId++;
    const messageId = this.formatId(numericId, this.options.idFormat ?? 'hex');
    if ((pdu.registered_delivery & 0x03) !== 0) this.scheduleReceipt(pdu, session.systemId, numericId);
    return { message_id: messageId };
  }

  private scheduleReceipt(pdu: SmppPduOf<'submit_sm'>, systemId: string, numericId: number): void {
    const stat = this.pickOutcome();
    // registered_delivery 0x02: receipt on failure only (3.4 §5.2.17).
    if ((pdu.registered_delivery & 0x03) === 0x02 && stat === 'DELIVRD') return;
    const idFormat = this.options.idFormat ?? 'hex';
    const receiptIdFormat = this.options.receiptIdInOtherBase ? (idFormat === 'hex' ? 'decimal' : 'hex') : idFormat;
    const now = new Date();
    const delivered = stat === 'DELIVRD';
    const body: SmppBody<'deliver_sm'> = {
      source_addr_ton: pdu.dest_addr_ton,
      source_addr_npi: pdu.dest_addr_npi,
      source_addr: pdu.destination_addr,
      dest_addr_ton: pdu.source_addr_ton,
      dest_addr_npi: pdu.source_addr_npi,
      destination_addr: pdu.source_addr,
      esm_class: 0x04,
      short_message: Buffer.from(
        formatReceiptText({
          id: this.formatId(numericId, receiptIdFormat),
          sub: 1,
          dlvrd: delivered ? 1 : 0,
          submitDate: now,
          doneDate: now,
          stat,
          err: delivered ? 0 : 1,
          text: pdu.short_message.subarray(0, 20).toString('latin1').replace(/[^\x20-\x7e]/g, '.'),
        }),
        'latin1',
      ),
      tlvs: {
        receipted_message_id: this.formatId(numericId, this.options.idFormat ?? 'hex'),
        message_state: stateFromStat(stat),
      },
    };
    this.receiptScheduler.schedule(systemId, body);
  }

  private pickOutcome(): ReceiptStat {
    const outcomes = Object.entries(this.options.receipts?.outcomes ?? { DELIVRD: 1 }) as [ReceiptStat, number][];
    const total = outcomes.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = (this.options.random ?? Math.random)() * total;
    for (const [stat, weight] of outcomes) {
      roll -= weight;
      if (roll < 0) return stat;
    }
    return outcomes[outcomes.length - 1][0];
  }

  private formatId(id: number, format: 'hex' | 'decimal'): string {
    return format === 'hex' ? id.toString(16) : String(id);
  }
}
