// SMGP PDUs ⇄ domain: OutboundMessage → Submit bodies, report Deliver → ReceiptEvent, MO → MoEvent.
import type { MoEvent, OutboundMessage, ReceiptEvent } from '../../core/connector.ts';
import type { InboundText } from '../../protocols/smgp/inbound-message.ts';
import { MsgFormat } from '../../protocols/smgp/message-format.ts';
import { messageParts } from '../../protocols/smgp/message-parts.ts';
import type { SmgpBody } from '../../protocols/smgp/pdu-types.ts';
import { parseReport, type ReportFailure } from '../../protocols/smgp/report.ts';
import { reportStateOf, type ReportStatusTable } from '../../protocols/smgp/report-status.ts';
import { absoluteTime, parseReportDate } from '../../protocols/smgp/smgp-time.ts';
import type { SmgpTlvs } from '../../protocols/smgp/tlvs.ts';
import type { SmgpConnectorSettings } from './settings.ts';

/** MsgType 6: MT, SP to handset (smgp.md 5, field 1). */
const MSG_TYPE_MT = 6;

/**
 * SrcTermID: the SP number, the connector's extension, then the message's sender digits as a
 * further extension code (扩展码). A sender that already starts with the SP number is used whole;
 * a non-numeric sender (a brand name) cannot be an SMGP source and is left out.
 */
export function sourceOf(sender: string | null, settings: Pick<SmgpConnectorSettings, 'spNumber' | 'extension' | 'senderAs'>): string {
  const base = settings.spNumber + settings.extension;
  const digits = (sender ?? '').trim();
  if (settings.senderAs === 'ignore' || !/^\d+$/.test(digits)) return base;
  if (digits.startsWith(settings.spNumber)) return digits;
  return base + digits;
}

/** DestTermID from an E.164 recipient: +86 numbers nationally (no country code) unless asked otherwise. */
export function destinationOf(recipient: string, format: SmgpConnectorSettings['recipientFormat']): string {
  const digits = recipient.replace(/^\+/, '');
  if (format === 'national' && recipient.startsWith('+86')) return digits.slice(2);
  return digits;
}

/** A handset number from the SMGW back to E.164 when it is recognisably Chinese mobile. */
export function senderOf(termId: string): string {
  if (/^1\d{10}$/.test(termId)) return `+86${termId}`;
  if (/^861\d{10}$/.test(termId)) return `+${termId}`;
  return termId;
}

/** SMGP Priority (0 low … 3 high) for our priority: urgent 2, normal 1, bulk 0. */
export function priorityOf(priority: OutboundMessage['priority']): number {
  return priority === 0 ? 2 : priority === 1 ? 1 : 0;
}

/**
 * One Submit body per part. `reference` is this message's concatenation reference. Throws
 * EncodingError when no allowed format carries the text.
 */
export function submitBodies(message: OutboundMessage, settings: SmgpConnectorSettings, reference: number, now: number): SmgpBody<'Submit'>[] {
  const refBits = settings.concat === 'udh16' ? 16 : 8;
  const parts = messageParts(message.text, { allowed: settings.encodings, reference: reference & (refBits === 8 ? 0xff : 0xffff), referenceBits: refBits });
  // ValidTime as an absolute time in the SMGW's zone; left empty (SMGW default) once it has passed.
  const ValidTime = message.validUntil > now ? absoluteTime(new Date(message.validUntil), settings.utcOffsetMinutes) : '';
  const extra: SmgpTlvs = settings.msgSrc ? { MsgSrc: settings.msgSrc } : {};
  return parts.map((part) => ({
    MsgType: MSG_TYPE_MT,
    // Always: the platform needs every outcome, whatever the customer asked.
    NeedReport: 1,
    Priority: priorityOf(message.priority),
    ServiceID: settings.serviceId,
    FeeType: settings.feeType,
    FeeCode: settings.feeCode,
    FixedFee: settings.fixedFee,
    MsgFormat: part.MsgFormat,
    ValidTime,
    SrcTermID: sourceOf(message.sender, settings),
    DestTermID: [destinationOf(message.recipient, settings.recipientFormat)],
    MsgContent: part.MsgContent,
    TLVs: { ...part.TLVs, ...extra },
  }));
}

export type ReceiptMapResult = { ok: true; event: ReceiptEvent } | { ok: false; reason: ReportFailure; detail: string };

/** A Deliver with IsReport = 1 → ReceiptEvent, looked up by the original Submit's MsgID. */
export function receiptEventOf(content: Buffer, connectorId: string, table: ReportStatusTable, utcOffsetMinutes: number, now: number): ReceiptMapResult {
  const parsed = parseReport(content);
  if (!parsed.ok) return parsed;
  const { report } = parsed;
  return {
    ok: true,
    event: {
      connectorId,
      upstreamKeys: [report.id],
      state: reportStateOf(report.stat, table),
      rawStatus: report.stat,
      errorCode: report.err === '' || report.err === '000' ? null : report.err,
      doneAt: parseReportDate(report.doneDate, utcOffsetMinutes)?.getTime() ?? now,
    },
  };
}

/**
 * The encoding name the core knows for a MsgFormat. GBK has none there; it is reported as 'ucs2',
 * the core's name for "not a single-byte alphabet", since the text itself is already decoded.
 */
function encodingName(msgFormat: number): MoEvent['encoding'] {
  if (msgFormat === MsgFormat.ASCII) return 'ia5';
  if (msgFormat === MsgFormat.UCS2 || msgFormat === MsgFormat.GBK) return 'ucs2';
  return 'binary';
}

/**
 * A reassembled MO → MoEvent. The recipient is the full number the handset sent to: SP number plus
 * extension code, which the MO routing table matches to the account that sent from it.
 */
export function moEventOf(mo: InboundText, connectorId: string, now: number): MoEvent {
  return { connectorId, sender: senderOf(mo.source), recipient: mo.destination, text: mo.text, encoding: encodingName(mo.MsgFormat), receivedAt: now };
}
