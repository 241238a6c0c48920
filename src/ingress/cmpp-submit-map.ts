// An SP's CMPP SUBMIT → the fields of an intake request, and intake's answers → SUBMIT_RESP Result.
import type { AppError } from '../core/errors.ts';
import { ERROR_CATALOGUE, type ErrorCode } from '../core/errors.ts';
import type { PriorityName } from '../core/message.ts';
import { CMPP_RESULT_SYSTEM_ERROR, type CmppFrameOf } from '../protocols/cmpp/dialect.ts';
import { cmppUserDataOf, type CmppUserData } from '../protocols/cmpp/inbound-message.ts';
import { decodeCmppText } from '../protocols/cmpp/msg-fmt.ts';
import { CmppResult } from '../protocols/cmpp/result.ts';
import { e164OfTerminalId } from '../protocols/cmpp/terminal-id.ts';
import { BEIJING_UTC_OFFSET_MINUTES } from '../protocols/cmpp/authenticator.ts';
import { parseSmppTime } from '../protocols/smpp/smpp-time.ts';

export interface DecodedCmppSubmit {
  /** Src_Id: the SP number (with extension) the handset will see. */
  sender: string;
  /** Service_Id, kept as the messages' tag so QUERY can count by it (cmpp.md 8); '' when none. */
  serviceId: string;
  /** Dest_terminal_Ids as handed to intake (Chinese mobile numbers as E.164). */
  recipients: string[];
  wantReceipt: boolean;
  priority: PriorityName;
  validitySeconds: number | null;
  scheduleAt: number | null;
  data: CmppUserData;
}

export type CmppDecodeResult = { ok: true; submit: DecodedCmppSubmit } | { ok: false; result: number };

/** ValId_Time / At_Time: SMPP 3.3 time (cmpp.md 5), Beijing local when it carries no offset; empty = none. */
function timeOf(value: string, now: number): { ok: true; at: number | null } | { ok: false } {
  if (value.trim() === '') return { ok: true, at: null };
  const parsed = parseSmppTime(value, { now: new Date(now), localUtcOffsetMinutes: BEIJING_UTC_OFFSET_MINUTES });
  return parsed.ok ? { ok: true, at: parsed.date.getTime() } : { ok: false };
}

/** Reads everything but the text, which may be one part of several. */
export function decodeCmppSubmit(pdu: CmppFrameOf<'submit'>, now: number): CmppDecodeResult {
  const recipients = pdu.Dest_terminal_Id.map((terminal) => e164OfTerminalId(terminal)).filter((r) => r !== '');
  if (recipients.length === 0) return { ok: false, result: CmppResult.BAD_DEST_TERMINAL_ID };
  let data: CmppUserData;
  try {
    data = cmppUserDataOf(pdu);
  } catch {
    return { ok: false, result: CmppResult.BAD_STRUCTURE }; // TP_udhi set but the UDH is broken
  }
  const validity = timeOf(pdu.ValId_Time, now);
  const schedule = timeOf(pdu.At_Time, now);
  if (!validity.ok || !schedule.ok) return { ok: false, result: CmppResult.BAD_STRUCTURE };
  let validitySeconds: number | null = null;
  if (validity.at !== null) {
    validitySeconds = Math.ceil((validity.at - now) / 1000);
    if (validitySeconds <= 0) return { ok: false, result: CmppResult.BAD_STRUCTURE };
  }
  return {
    ok: true,
    submit: {
      sender: pdu.Src_Id,
      serviceId: pdu.Service_Id.trim(),
      recipients,
      // Registered_Delivery 1 asks for a report (cmpp.md 5); 2 (billing record only) does not.
      wantReceipt: pdu.Registered_Delivery === 1,
      // As the SMPP ingress: most SPs leave Msg_level 0, which must not demote them below the API.
      priority: pdu.Msg_level >= 2 ? 'urgent' : 'normal',
      validitySeconds,
      scheduleAt: schedule.at !== null && schedule.at > now ? schedule.at : null,
      data,
    },
  };
}

/** The text of (joined) Msg_Content, or the Result to refuse it with (binary content is not text). */
export function cmppTextOf(payload: Buffer, msgFmt: number): { ok: true; text: string } | { ok: false; result: number } {
  const text = decodeCmppText(payload, msgFmt);
  return text === undefined ? { ok: false, result: CmppResult.BAD_STRUCTURE } : { ok: true, text };
}

const RESULT_BY_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_number: CmppResult.BAD_DEST_TERMINAL_ID,
  too_many_recipients: CmppResult.BAD_DEST_TERMINAL_ID,
  text_too_long: CmppResult.TOO_LONG,
  invalid_encoding: CmppResult.BAD_STRUCTURE,
  rate_limited: CmppResult.FLOW_CONTROL,
  // No route: we cannot serve this destination, as a bad one would not be.
  no_route: CmppResult.BAD_DEST_TERMINAL_ID,
};

/**
 * The Result for an intake error: the specific code when CMPP has one (cmpp.md 5.1), else by the
 * error's outcome — throttled → 8, transient → our "try again" vendor code, permanent → 1.
 */
export function resultForError(error: Pick<AppError, 'code'> & { field?: string }): number {
  if (error.field === 'sender') return CmppResult.BAD_SRC_ID;
  const specific = RESULT_BY_CODE[error.code];
  if (specific !== undefined) return specific;
  const outcome = ERROR_CATALOGUE[error.code]?.outcome;
  if (outcome === 'throttled') return CmppResult.FLOW_CONTROL;
  return outcome === 'permanent' ? CmppResult.BAD_STRUCTURE : CMPP_RESULT_SYSTEM_ERROR;
}
