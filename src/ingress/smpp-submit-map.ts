// A customer's submit_sm / submit_multi / data_sm → the fields of an intake request, and intake errors → command_status.
import type { ErrorCode } from '../core/errors.ts';
import type { RecipientResult } from '../core/intake-port.ts';
import type { PriorityName } from '../core/message.ts';
import { decodeText } from '../protocols/encoding/data-coding.ts';
import { CommandStatus } from '../protocols/smpp/command-status.ts';
import { userDataOf, type UserData } from '../protocols/smpp/inbound-message.ts';
import type { SmppPduOf } from '../protocols/smpp/pdu-types.ts';
import { parseSmppTime } from '../protocols/smpp/smpp-time.ts';

export type CustomerSubmitPdu = SmppPduOf<'submit_sm'> | SmppPduOf<'submit_multi'> | SmppPduOf<'data_sm'>;

export interface Destination {
  dest_addr_ton: number;
  dest_addr_npi: number;
  destination_addr: string;
}

export interface DecodedSubmit {
  sender: string;
  /** Destinations we will submit to, in order (distribution lists are left out, see refused). */
  destinations: Destination[];
  /** Recipients as handed to intake: international numbers get a leading '+'. */
  recipients: string[];
  /** submit_multi entries we cannot take, answered as unsuccess_sme. */
  refused: Array<Destination & { error_status_code: number }>;
  wantReceipt: boolean;
  priority: PriorityName;
  validitySeconds: number | null;
  scheduleAt: number | null;
  data: UserData;
}

export type DecodeResult = { ok: true; submit: DecodedSubmit } | { ok: false; status: number };

const TON_INTERNATIONAL = 1;

/** What intake gets as the recipient: "+<digits>" for TON 1, otherwise the address as sent (intake normalises). */
export function recipientOf(destination: Destination): string {
  const addr = destination.destination_addr.trim();
  return destination.dest_addr_ton === TON_INTERNATIONAL && /^\d+$/.test(addr) ? `+${addr}` : addr;
}

/**
 * priority_flag 0–3 (3.4 §5.2.14) → ours: 2 and 3 urgent, 0 and 1 normal. Most ESMEs send 0 by
 * default, so it must not demote their traffic below the API's; customers mark verification codes
 * with priority_flag ≥ 2.
 */
export function priorityOf(priorityFlag: number): PriorityName {
  return priorityFlag >= 2 ? 'urgent' : 'normal';
}

function timeOf(value: string, now: number): { ok: true; at: number | null } | { ok: false } {
  if (value.replace(/\0/g, '').trim() === '') return { ok: true, at: null };
  const parsed = parseSmppTime(value, { now: new Date(now) });
  return parsed.ok ? { ok: true, at: parsed.date.getTime() } : { ok: false };
}

function destinationsOf(pdu: CustomerSubmitPdu): Pick<DecodedSubmit, 'destinations' | 'refused'> {
  if (pdu.command !== 'submit_multi') {
    return { destinations: [{ dest_addr_ton: pdu.dest_addr_ton, dest_addr_npi: pdu.dest_addr_npi, destination_addr: pdu.destination_addr }], refused: [] };
  }
  const destinations: Destination[] = [];
  const refused: DecodedSubmit['refused'] = [];
  for (const dest of pdu.dest_addresses) {
    if (dest.dest_flag === 1) destinations.push({ dest_addr_ton: dest.dest_addr_ton, dest_addr_npi: dest.dest_addr_npi, destination_addr: dest.destination_addr });
    // We keep no distribution lists (3.4 §4.5.1 dest_flag 2).
    else refused.push({ dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: dest.dl_name, error_status_code: CommandStatus.ESME_RINVDLNAME });
  }
  return { destinations, refused };
}

/** Reads everything but the text (which may be one part of several). */
export function decodeSubmit(pdu: CustomerSubmitPdu, now: number): DecodeResult {
  const { destinations, refused } = destinationsOf(pdu);
  if (destinations.length === 0) return { ok: false, status: pdu.command === 'submit_multi' ? CommandStatus.ESME_RINVNUMDESTS : CommandStatus.ESME_RINVDSTADR };
  let data: UserData;
  try {
    // submit_multi shares the user-data fields of submit_sm (3.4 §4.5.1).
    data = userDataOf(pdu as unknown as SmppPduOf<'submit_sm'>);
  } catch {
    return { ok: false, status: CommandStatus.ESME_RINVESMCLASS }; // UDHI set but the UDH is broken
  }
  let priority: PriorityName = 'normal';
  let validitySeconds: number | null = null;
  let scheduleAt: number | null = null;
  if (pdu.command === 'data_sm') {
    // data_sm has no validity field; qos_time_to_live (seconds) stands in for it (3.4 §5.3.2.9).
    validitySeconds = pdu.tlvs.qos_time_to_live ?? null;
  } else {
    priority = priorityOf(pdu.priority_flag);
    const validity = timeOf(pdu.validity_period, now);
    if (!validity.ok) return { ok: false, status: CommandStatus.ESME_RINVEXPIRY };
    if (validity.at !== null) {
      validitySeconds = Math.ceil((validity.at - now) / 1000);
      if (validitySeconds <= 0) return { ok: false, status: CommandStatus.ESME_RINVEXPIRY };
    }
    const schedule = timeOf(pdu.schedule_delivery_time, now);
    if (!schedule.ok) return { ok: false, status: CommandStatus.ESME_RINVSCHED };
    scheduleAt = schedule.at !== null && schedule.at > now ? schedule.at : null;
  }
  return {
    ok: true,
    submit: {
      sender: pdu.source_addr,
      destinations,
      recipients: destinations.map(recipientOf),
      refused,
      // 3.4 §5.2.17: bits 0–1 ask for an SMSC delivery receipt (on success and/or failure).
      wantReceipt: (pdu.registered_delivery & 0x03) !== 0,
      priority,
      validitySeconds,
      scheduleAt,
      data,
    },
  };
}

/** The text of (joined) user data, or the status to refuse it with. */
export function textOf(payload: Buffer, dataCoding: number): { ok: true; text: string } | { ok: false; status: number } {
  try {
    return { ok: true, text: decodeText(payload, dataCoding) };
  } catch {
    // Binary or unknown data_coding: we only carry text. 3.4 has no "invalid data_coding" status.
    return { ok: false, status: CommandStatus.ESME_RSUBMITFAIL };
  }
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_number: CommandStatus.ESME_RINVDSTADR,
  text_too_long: CommandStatus.ESME_RINVMSGLEN,
  rate_limited: CommandStatus.ESME_RTHROTTLED,
  no_route: CommandStatus.ESME_RSUBMITFAIL,
  // SMPP 3.4 has no content-refusal status; submit failed is what SMSCs answer for filtered text.
  content_blocked: CommandStatus.ESME_RSUBMITFAIL,
  // Likewise for a blacklisted destination: a permanent refusal, never ESME_RSYSERR (which clients retry).
  blacklisted: CommandStatus.ESME_RSUBMITFAIL,
  // An unapproved signature or 【】 in the body (signature enforcement): permanent, the text must change.
  signature_not_approved: CommandStatus.ESME_RSUBMITFAIL,
  misplaced_brackets: CommandStatus.ESME_RSUBMITFAIL,
  // Compliance refusals are permanent for this message too (retrying at once cannot pass a frequency limit).
  frequency_limited: CommandStatus.ESME_RSUBMITFAIL,
  no_consent: CommandStatus.ESME_RSUBMITFAIL,
  unavailable: CommandStatus.ESME_RMSGQFUL,
};

/** The command_status for an intake error; a bad sender is answered ESME_RINVSRCADR. */
export function statusForError(error: { code: ErrorCode; field?: string }): number {
  if (error.field === 'sender') return CommandStatus.ESME_RINVSRCADR;
  return STATUS_BY_CODE[error.code] ?? CommandStatus.ESME_RSYSERR;
}

export function statusForResult(result: RecipientResult): number {
  return result.ok ? CommandStatus.ESME_ROK : statusForError(result.error);
}
