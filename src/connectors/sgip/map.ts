// SGIP PDUs ⇄ domain: OutboundMessage → Submit bodies, Report → ReceiptEvent, reassembled Deliver → MoEvent.
import type { MoEvent, OutboundMessage, ReceiptEvent } from '../../core/connector.ts';
import { PduEncodeError } from '../../protocols/shared/decode-error.ts';
import type { SgipInboundText } from '../../protocols/sgip/inbound-message.ts';
import { MessageCoding } from '../../protocols/sgip/message-coding.ts';
import { chooseSgipEncoding, sgipMessageParts } from '../../protocols/sgip/message-parts.ts';
import type { SgipBody, SgipPduOf } from '../../protocols/sgip/pdu-types.ts';
import { rawReportStatus, type NormalizedReportStatus } from '../../protocols/sgip/report-status.ts';
import { formatSequenceNumber } from '../../protocols/sgip/sequence-number.ts';
import type { SgipConnectorSettings } from './settings.ts';

/** 21 octets hold a number (sgip.md §6). */
const NUMBER_WIDTH = 21;

/**
 * SPNumber for a message (sgip.md §6 field 1): a sender that already starts with the SP number is
 * sent as it is; other digits are the account's extension code and are appended to it (扩展码);
 * no sender, or a name, gets the SP number with the connector's own extension.
 */
export function spNumberFor(sender: string | null, settings: Pick<SgipConnectorSettings, 'spNumber' | 'extension'>): string {
  const digits = sender?.trim().replace(/^\+/, '') ?? '';
  let number: string;
  if (/^\d+$/.test(digits)) number = digits.startsWith(settings.spNumber) ? digits : settings.spNumber + digits;
  else number = settings.spNumber + settings.extension;
  if (number.length > NUMBER_WIDTH) throw new PduEncodeError('SPNumber', `${number} is longer than ${NUMBER_WIDTH} digits`);
  return number;
}

/**
 * UserNumber as SGIP wants it: with the 86 prefix and no '+' (sgip.md §6 field 4). A bare Chinese
 * mobile number (11 digits starting with 1) gets the prefix added.
 */
export function userNumberFor(recipient: string): string {
  const digits = recipient.trim().replace(/^(\+|00)/, '');
  const number = /^1\d{10}$/.test(digits) ? `86${digits}` : digits;
  if (!/^\d{1,21}$/.test(number)) throw new PduEncodeError('UserNumber', `${recipient} is not a number of at most ${NUMBER_WIDTH} digits`);
  return number;
}

/** Priority 0–9, low to high (sgip.md §6 field 12): bulk 0, normal 1, urgent 2, as for SMPP's priority_flag. */
export function sgipPriorityOf(priority: OutboundMessage['priority']): number {
  return priority === 0 ? 2 : priority === 1 ? 1 : 0;
}

/** ExpireTime `yymmddhhmmsstnnp` (sgip.md §6 field 13): local time at `utcOffsetMinutes`, t = tenths (0), nn = quarter hours, p = sign. */
export function sgipTime(at: number, utcOffsetMinutes: number): string {
  const d = new Date(at + utcOffsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const quarters = two(Math.floor(Math.abs(utcOffsetMinutes) / 15));
  return `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}0${quarters}${utcOffsetMinutes < 0 ? '-' : '+'}`;
}

/**
 * One Submit body per part of the message. `reference` is the concatenation reference for this
 * message. Throws EncodingError when no allowed encoding fits, PduEncodeError for a bad number.
 */
export function submitBodies(message: OutboundMessage, settings: SgipConnectorSettings, reference: number, now: number): Array<SgipBody<'submit'>> {
  const encoding = chooseSgipEncoding(message.text, settings.encodings);
  const parts = sgipMessageParts(message.text, { encoding, reference });
  const common: SgipBody<'submit'> = {
    SPNumber: spNumberFor(message.sender, settings),
    ChargeNumber: settings.chargeNumber,
    UserNumber: [userNumberFor(message.recipient)],
    CorpId: settings.corpId,
    ServiceType: settings.serviceType,
    FeeType: settings.feeType,
    FeeValue: settings.feeValue,
    GivenValue: settings.givenValue,
    AgentFlag: settings.agentFlag,
    MorelatetoMTFlag: settings.morelatetoMTFlag,
    Priority: sgipPriorityOf(message.priority),
    // Left empty (the SMSC's default) once the validity has passed.
    ExpireTime: message.validUntil > now ? sgipTime(message.validUntil, settings.utcOffsetMinutes) : '',
    // 1 = report always (sgip.md §6 field 15): the platform needs every outcome, whatever the customer asked.
    ReportFlag: 1,
    MessageType: 0,
  };
  return parts.map((part) => ({ ...common, ...part }));
}

/** The upstream id of a Submit: its 12-octet sequence number as text (SGIP has no message id). */
export function upstreamIdOf(response: SgipPduOf<'submit_resp'>): string {
  return formatSequenceNumber(response.SequenceNumber);
}

/** A Report about one of our Submits → ReceiptEvent, its state through the connector's table. */
export function receiptEventOf(report: SgipPduOf<'report'>, connectorId: string, normalize: (raw: string) => NormalizedReportStatus, now: number): ReceiptEvent {
  const rawStatus = rawReportStatus(report.State, report.ErrorCode);
  return {
    connectorId,
    upstreamKeys: [formatSequenceNumber(report.SubmitSequenceNumber)],
    state: normalize(rawStatus),
    rawStatus,
    errorCode: report.ErrorCode === 0 ? null : String(report.ErrorCode),
    // A Report carries no time: it is done when it arrives.
    doneAt: now,
  };
}

/** MoEvent for a reassembled Deliver; the recipient is the full SP number with extension, so MO routes match on it. */
export function moEventOf(mo: SgipInboundText, connectorId: string, now: number): MoEvent {
  // The text is decoded already; GBK MO is reported as UCS2, the alphabet a reply would need.
  const encoding = mo.MessageCoding === MessageCoding.ASCII ? 'ia5' : mo.MessageCoding === MessageCoding.UCS2 || mo.MessageCoding === MessageCoding.GBK ? 'ucs2' : 'binary';
  return {
    connectorId,
    // UserNumber carries the 86 prefix without '+' (sgip.md §7); the core works in E.164.
    sender: /^86\d{6,}$/.test(mo.source) ? `+${mo.source}` : mo.source,
    recipient: mo.destination,
    text: mo.text,
    encoding,
    receivedAt: now,
  };
}
