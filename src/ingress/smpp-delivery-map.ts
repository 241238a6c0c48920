// Our status and MO payloads → the deliver_sm bodies a customer bound over SMPP receives.
import type { MoPayload, StatusPayload } from '../core/intake-port.ts';
import type { MessageState as OurState } from '../core/message.ts';
import { canEncodeGsm7 } from '../protocols/encoding/gsm7.ts';
import { messageParts } from '../protocols/smpp/message-parts.ts';
import { stateFromStat, type ReceiptStat } from '../protocols/smpp/message-state.ts';
import type { SmppBody } from '../protocols/smpp/pdu-types.ts';
import { formatReceiptText } from '../protocols/smpp/receipt.ts';

/** Receipt stat word for our state; states before a final one report ENROUTE. */
const STAT: Record<OurState, ReceiptStat> = {
  delivered: 'DELIVRD',
  undelivered: 'UNDELIV',
  expired: 'EXPIRED',
  rejected: 'REJECTD',
  failed: 'REJECTD',
  cancelled: 'DELETED',
  scheduled: 'ENROUTE',
  accepted: 'ENROUTE',
  queued: 'ENROUTE',
  submitted: 'ENROUTE',
};

export function statOf(state: OurState): ReceiptStat {
  return STAT[state];
}

/** The `err:` field: the last run of digits in our error code ("MK:0005" → 5), 0 when there is none. */
export function errOf(errorCode: string | null): number {
  const digits = errorCode?.match(/(\d+)\D*$/)?.[1];
  if (digits === undefined) return 0;
  const n = Number(digits);
  return n <= 999 ? n : 999;
}

interface Address {
  ton: number;
  npi: number;
  addr: string;
}

/** "+8613…" → TON 1 / NPI 1 without the '+'; other digits TON 0 / NPI 1; anything else alphanumeric (5 / 0). */
export function addressOf(address: string | null): Address {
  const a = (address ?? '').trim();
  if (/^\+\d+$/.test(a)) return { ton: 1, npi: 1, addr: a.slice(1) };
  if (/^\d*$/.test(a)) return { ton: 0, npi: 1, addr: a };
  return { ton: 5, npi: 0, addr: a };
}

/**
 * A delivery receipt (3.4 §5.2.12 esm_class 0x04): it comes from the handset (source = the
 * recipient) to the customer (destination = its original sender), with the standard receipt text
 * and the receipted_message_id / message_state TLVs (3.4 §5.3.2.12, §5.3.2.35) for our message id.
 */
export function statusDeliverBody(payload: StatusPayload): SmppBody<'deliver_sm'> {
  const stat = statOf(payload.state);
  const from = addressOf(payload.recipient);
  const to = addressOf(payload.sender);
  const text = formatReceiptText({
    id: payload.messageId,
    sub: 1,
    dlvrd: stat === 'DELIVRD' ? 1 : 0,
    submitDate: new Date(payload.submittedAt ?? payload.createdAt),
    doneDate: new Date(payload.doneAt ?? payload.at),
    stat,
    err: errOf(payload.errorCode),
  });
  return {
    source_addr_ton: from.ton,
    source_addr_npi: from.npi,
    source_addr: from.addr,
    dest_addr_ton: to.ton,
    dest_addr_npi: to.npi,
    destination_addr: to.addr,
    esm_class: 0x04,
    data_coding: 0,
    short_message: Buffer.from(text, 'latin1'),
    tlvs: { receipted_message_id: payload.messageId, message_state: stateFromStat(stat) },
  };
}

/** An MO as one deliver_sm per part: GSM 7-bit when every character fits, else UCS-2; UDH-concatenated when long. */
export function moDeliverBodies(payload: MoPayload, reference: number): SmppBody<'deliver_sm'>[] {
  const from = addressOf(payload.sender);
  const to = addressOf(payload.recipient);
  const encoding = canEncodeGsm7(payload.text) ? 'gsm7' : 'ucs2';
  return messageParts(payload.text, { encoding, concat: 'udh8', reference: reference & 0xff }).map((part) => ({
    source_addr_ton: from.ton,
    source_addr_npi: from.npi,
    source_addr: from.addr,
    dest_addr_ton: to.ton,
    dest_addr_npi: to.npi,
    destination_addr: to.addr,
    esm_class: part.esm_class,
    data_coding: part.data_coding,
    short_message: part.short_message,
    tlvs: part.tlvs,
  }));
}
