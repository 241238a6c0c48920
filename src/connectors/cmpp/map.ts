// CMPP PDUs ⇄ domain: OutboundMessage → SUBMIT bodies, report DELIVER → ReceiptEvent, MO → MoEvent.
import type { MoEvent, OutboundMessage, ReceiptEvent } from '../../core/connector.ts';
import type { CmppFrameOf } from '../../protocols/cmpp/dialect.ts';
import type { CmppInboundText } from '../../protocols/cmpp/inbound-message.ts';
import { chooseCmppEncoding, encodingOfMsgFmt } from '../../protocols/cmpp/msg-fmt.ts';
import { decodeCmppReport } from '../../protocols/cmpp/report.ts';
import { statOutcome, type StatTable } from '../../protocols/cmpp/report-stat.ts';
import { parseReportTime } from '../../protocols/cmpp/report-time.ts';
import { cmppSegments, type CmppSubmitBody } from '../../protocols/cmpp/submit-parts.ts';
import { e164OfTerminalId, terminalIdOf } from '../../protocols/cmpp/terminal-id.ts';
import { formatAbsolute } from '../../protocols/smpp/smpp-time.ts';
import type { CmppConnectorSettings } from './settings.ts';

/** China Standard Time in quarter hours, for ValId_Time (ISMGs expect local time). */
const BEIJING_QUARTER_HOURS = 32;


/**
 * Src_Id (cmpp.md 5: the SP access number, or a longer number starting with it). A numeric sender
 * that already starts with the access number is used as it is; other digits are an extension
 * appended to it; anything else (none, or a name) gets the configured extension.
 */
export function srcIdOf(sender: string | null, settings: Pick<CmppConnectorSettings, 'srcId' | 'extension'>): string {
  const s = (sender ?? '').trim().replace(/^\+/, '');
  if (/^\d+$/.test(s)) return s.startsWith(settings.srcId) ? s : settings.srcId + s;
  return settings.srcId + settings.extension;
}

/** Msg_level from our priority, as the SMPP connector's priority_flag: urgent 2, normal 1, bulk 0. */
export function msgLevelOf(priority: OutboundMessage['priority']): number {
  return priority === 0 ? 2 : priority === 1 ? 1 : 0;
}

function registeredDelivery(message: OutboundMessage, setting: CmppConnectorSettings['registeredDelivery']): number {
  if (setting === 'always') return 1;
  if (setting === 'never') return 0;
  return message.wantReceipt ? 1 : 0;
}

/** ValId_Time: SMPP 3.3 absolute time (cmpp.md 5); left empty, the ISMG default, once it has passed. */
function validityOf(message: OutboundMessage, now: number): string {
  return message.validUntil > now ? formatAbsolute(new Date(message.validUntil), BEIJING_QUARTER_HOURS) : '';
}

/** Dest_terminal_Id of the message's recipient, in the configured form. */
export function destinationOf(message: OutboundMessage, settings: Pick<CmppConnectorSettings, 'recipientFormat'>): string {
  return terminalIdOf(message.recipient, settings.recipientFormat);
}

/**
 * What a message's SUBMITs are made of apart from the recipient and the concatenation reference:
 * messages with the same key may share group SUBMITs. Service_Id, fees and encoding choice are the
 * connector's own, so the text and the per-message fields suffice.
 */
export function groupKeyOf(message: OutboundMessage, settings: CmppConnectorSettings, now: number): string {
  return `${srcIdOf(message.sender, settings)}\u0000${registeredDelivery(message, settings.registeredDelivery)}\u0000${msgLevelOf(message.priority)}\u0000${validityOf(message, now)}\u0000${message.text}`;
}

/**
 * One SUBMIT body per part of the message, to its recipient, or to `destinations` for a group send
 * (messages with the same groupKeyOf). `reference` is the concatenation reference its parts share.
 * Throws EncodingError when GBK is chosen and a character has no GBK form, PduEncodeError (at
 * encode) when a field does not fit.
 *
 * Each body is one object literal of the same shape (no spread of a shared base): this runs for
 * every message, and a spread of ~20 fields per part showed in the connector's profile.
 */
export function submitBodies(message: OutboundMessage, settings: CmppConnectorSettings, reference: number, now: number, destinations?: string[]): CmppSubmitBody[] {
  const encoding = chooseCmppEncoding(message.text, settings.chineseEncoding);
  const mask = settings.concat === 'udh8' ? 0xff : 0xffff;
  const segments = cmppSegments(message.text, { encoding, concat: settings.concat, reference: reference & mask });
  const Registered_Delivery = registeredDelivery(message, settings.registeredDelivery);
  const Msg_level = msgLevelOf(message.priority);
  const ValId_Time = validityOf(message, now);
  const Src_Id = srcIdOf(message.sender, settings);
  const Dest_terminal_Id = destinations ?? [destinationOf(message, settings)];
  const bodies: CmppSubmitBody[] = new Array(segments.length);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    bodies[i] = {
      Pk_total: segment.Pk_total,
      Pk_number: segment.Pk_number,
      Registered_Delivery,
      Msg_level,
      Service_Id: settings.serviceId,
      Fee_UserType: settings.feeUserType,
      Fee_terminal_Id: settings.feeTerminalId,
      TP_udhi: segment.TP_udhi,
      Msg_Fmt: segment.Msg_Fmt,
      Msg_src: settings.spId,
      FeeType: settings.feeType,
      FeeCode: settings.feeCode,
      ValId_Time,
      Src_Id,
      Dest_terminal_Id,
      Msg_Content: segment.Msg_Content,
    };
  }
  return bodies;
}

export type ReportMapResult = { ok: true; event: ReceiptEvent } | { ok: false; reason: string };

/** A report DELIVER (Registered_Delivery 1) → ReceiptEvent, looked up by the Msg_Id SUBMIT_RESP gave. */
export function receiptEventOf(pdu: CmppFrameOf<'deliver'>, connectorId: string, table: StatTable, now: number): ReportMapResult {
  let report;
  try {
    report = decodeCmppReport(pdu.Msg_Content);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const stat = report.Stat.trim();
  if (stat === '') return { ok: false, reason: 'empty Stat' };
  const state = statOutcome(stat, table);
  return {
    ok: true,
    event: {
      connectorId,
      upstreamKeys: [report.Msg_Id],
      state,
      rawStatus: stat,
      errorCode: state === 'delivered' ? null : stat,
      doneAt: parseReportTime(report.Done_time) ?? now,
    },
  };
}

/** The core's encoding names have no GBK: Chinese text in GBK is reported as 'ucs2', the other wide form. */
function moEncoding(msgFmt: number): MoEvent['encoding'] {
  switch (encodingOfMsgFmt(msgFmt)) {
    case 'ascii':
      return 'ia5';
    case 'ucs2':
    case 'gbk':
      return 'ucs2';
    default:
      return 'binary';
  }
}

/** A reassembled MO → MoEvent. */
export function moEventOf(mo: CmppInboundText, connectorId: string, now: number): MoEvent {
  return { connectorId, sender: e164OfTerminalId(mo.source), recipient: mo.destination, text: mo.text, encoding: moEncoding(mo.Msg_Fmt), receivedAt: now };
}
