// What the CMPP connector does with a DELIVER: a status report goes to the core's receipts, an MO
// (joined when long) to its MO handler; the DELIVER_RESP is sent only once the core has it.
import { EventEmitter } from 'node:events';
import type { ConnectorHandlers, MoEvent } from '../../core/connector.ts';
import type { CmppFrameOf } from '../../protocols/cmpp/dialect.ts';
import { CmppInboundAssembler, cmppUserDataOf } from '../../protocols/cmpp/inbound-message.ts';
import { statTable, type StatTable } from '../../protocols/cmpp/report-stat.ts';
import { CmppResult } from '../../protocols/cmpp/result.ts';
import { moEventOf, receiptEventOf } from './map.ts';
import type { CmppConnectorSettings } from './settings.ts';

type DeliverReply = { Result: number };

const OK: DeliverReply = { Result: CmppResult.OK };
// "Slow down": the ISMG keeps the DELIVER and sends it again later (cmpp.md 7.2).
const TRY_AGAIN: DeliverReply = { Result: CmppResult.FLOW_CONTROL };
const FAILED_MO_MEMORY = 1000;

/**
 * Events: 'reportUnreadable' (reason, pdu), 'moIncomplete' (expired parts).
 *
 * A part of a long MO is acknowledged once held in memory; only the part completing the message
 * waits for the core (as in the SMPP connector: holding every part's answer makes ISMGs resend).
 */
export class CmppInbound extends EventEmitter {
  readonly counters = { receipts: 0, receiptsUnreadable: 0, mo: 0, moIncomplete: 0 };
  private readonly assembler: CmppInboundAssembler;
  private readonly table: StatTable;
  /** Completed long MO whose handler failed, by reassembly key, so the ISMG's resend retries it. */
  private readonly failedMo = new Map<string, MoEvent>();

  constructor(
    private readonly connectorId: string,
    private readonly settings: CmppConnectorSettings,
    private readonly now: () => number,
  ) {
    super();
    this.table = statTable(settings.statOverrides);
    this.assembler = new CmppInboundAssembler({
      timeoutMs: settings.moReassemblyTimeoutMs,
      onExpired: (expired) => {
        this.counters.moIncomplete++;
        this.emit('moIncomplete', expired);
      },
    });
  }

  start(): void {
    this.assembler.start(Math.max(50, Math.min(1000, this.settings.moReassemblyTimeoutMs >> 2)));
  }

  stop(): void {
    this.assembler.stop();
  }

  handle(pdu: CmppFrameOf<'deliver'>, handlers: ConnectorHandlers | null): DeliverReply | Promise<DeliverReply> {
    // Nobody to hand it to yet: the ISMG keeps it and tries again.
    if (!handlers) return TRY_AGAIN;
    return pdu.Registered_Delivery === 1 ? this.onReport(pdu, handlers) : this.onMo(pdu, handlers);
  }

  private async onReport(pdu: CmppFrameOf<'deliver'>, handlers: ConnectorHandlers): Promise<DeliverReply> {
    const mapped = receiptEventOf(pdu, this.connectorId, this.table, this.now());
    if (!mapped.ok) {
      // A resend reads no better: acknowledge it and count it (cmpp.md 7.2: always answer).
      this.counters.receiptsUnreadable++;
      this.emit('reportUnreadable', mapped.reason, pdu);
      return OK;
    }
    try {
      await handlers.onReceipt(mapped.event);
    } catch {
      return TRY_AGAIN;
    }
    this.counters.receipts++;
    return OK;
  }

  private async onMo(pdu: CmppFrameOf<'deliver'>, handlers: ConnectorHandlers): Promise<DeliverReply> {
    let result;
    try {
      result = this.assembler.add(pdu);
    } catch {
      return { Result: CmppResult.BAD_STRUCTURE }; // a broken UDH reads no better when resent
    }
    if (result.status === 'rejected') return { Result: CmppResult.BAD_STRUCTURE };
    if (result.status !== 'complete') return result.status === 'duplicate' ? this.retryFailedMo(pdu, handlers) : OK;
    const event = moEventOf(result.message, this.connectorId, this.now());
    try {
      await handlers.onMo(event);
    } catch {
      if (result.message.parts > 1) this.rememberFailedMo(pdu, event);
      return TRY_AGAIN;
    }
    this.counters.mo++;
    return OK;
  }

  private moKey(pdu: CmppFrameOf<'deliver'>): string | undefined {
    const concat = cmppUserDataOf(pdu).concat;
    return concat && `${pdu.Src_terminal_Id}\0${pdu.Dest_Id}\0${concat.reference}\0${concat.total}`;
  }

  private rememberFailedMo(pdu: CmppFrameOf<'deliver'>, event: MoEvent): void {
    const key = this.moKey(pdu);
    if (!key) return;
    if (this.failedMo.size >= FAILED_MO_MEMORY) this.failedMo.delete(this.failedMo.keys().next().value as string);
    this.failedMo.set(key, event);
  }

  /** A resent part of a long MO whose handler failed retries the handler; other duplicates are acknowledged. */
  private async retryFailedMo(pdu: CmppFrameOf<'deliver'>, handlers: ConnectorHandlers): Promise<DeliverReply> {
    const key = this.moKey(pdu);
    const event = key === undefined ? undefined : this.failedMo.get(key);
    if (!key || !event) return OK;
    try {
      await handlers.onMo({ ...event, receivedAt: this.now() });
    } catch {
      return TRY_AGAIN;
    }
    this.failedMo.delete(key);
    this.counters.mo++;
    return OK;
  }
}
