// SMPP PDUs ⇄ domain: OutboundMessage → submit_sm bodies, receipt deliver_sm → ReceiptEvent, MO → MoEvent.
import type { MoEvent, OutboundMessage, ReceiptEvent } from '../../core/connector.ts';
import type { TextEncodingName } from '../../core/message.ts';
import { alphabetOf, chooseEncoding, type TextEncoding } from '../../protocols/encoding/data-coding.ts';
import type { InboundText } from '../../protocols/smpp/inbound-message.ts';
import { messageIdKeys, type ReceiptIdFormat } from '../../protocols/smpp/message-id.ts';
import { messageParts } from '../../protocols/smpp/message-parts.ts';
import { MessageState, type MessageStateValue } from '../../protocols/smpp/message-state.ts';
import type { SmppBody, SmppPduOf } from '../../protocols/smpp/pdu-types.ts';
import { receiptFromTlvs, type ReceiptFailure } from '../../protocols/smpp/receipt.ts';
import { formatAbsolute } from '../../protocols/smpp/smpp-time.ts';
import type { AddressFlag, SmppConnectorSettings } from './settings.ts';

/** TON / NPI values used here (3.4 §5.2.5, §5.2.6). */
const TON_UNKNOWN = 0;
const TON_INTERNATIONAL = 1;
const TON_ALPHANUMERIC = 5;
const NPI_UNKNOWN = 0;
const NPI_ISDN = 1;

export interface SmppAddress {
  ton: number;
  npi: number;
  addr: string;
}

/**
 * An address as the SMSC wants it. 'auto': an alphanumeric sender gets TON 5 / NPI 0; a number
 * written "+…" or "00…" is international (TON 1 / NPI 1) and is sent without the prefix; other
 * digits are sent as they are with TON 0 (unknown) / NPI 1. Explicit settings win over 'auto'.
 */
export function addressOf(address: string, ton: AddressFlag, npi: AddressFlag): SmppAddress {
  let addr = address.trim();
  let autoTon = TON_UNKNOWN;
  let autoNpi = NPI_ISDN;
  if (/^\+\d+$/.test(addr)) {
    addr = addr.slice(1);
    autoTon = TON_INTERNATIONAL;
  } else if (/^00\d+$/.test(addr)) {
    addr = addr.slice(2);
    autoTon = TON_INTERNATIONAL;
  } else if (!/^\d*$/.test(addr)) {
    autoTon = TON_ALPHANUMERIC;
    autoNpi = NPI_UNKNOWN;
  }
  return { ton: ton === 'auto' ? autoTon : ton, npi: npi === 'auto' ? autoNpi : npi, addr };
}

/** The SMPP priority_flag for our priority: urgent 2, normal 1, bulk 0 (the SMPP ingress maps back the same way). */
export function priorityFlagOf(priority: OutboundMessage['priority']): number {
  return priority === 0 ? 2 : priority === 1 ? 1 : 0;
}

/** The alphabet to send in: the message's own if this SMSC allows it, else the cheapest allowed one. */
export function encodingFor(message: Pick<OutboundMessage, 'text' | 'encoding'>, allowed: readonly TextEncoding[]): TextEncoding {
  if (allowed.includes(message.encoding)) return message.encoding;
  return chooseEncoding(message.text, { allowed }).encoding;
}

/**
 * One submit_sm body per PDU the message goes out in. `reference` is the concatenation reference
 * for this message (fresh per message). Throws EncodingError when no allowed alphabet fits.
 */
export function submitBodies(message: OutboundMessage, settings: SmppConnectorSettings, reference: number, now: number): SmppBody<'submit_sm'>[] {
  const source = addressOf(message.sender ?? '', settings.sourceTon, settings.sourceNpi);
  const dest = addressOf(message.recipient, settings.destTon, settings.destNpi);
  const encoding = encodingFor(message, settings.encodings);
  const mask = settings.concat === 'udh8' ? 0xff : 0xffff;
  const parts = messageParts(message.text, { encoding, concat: settings.concat, reference: reference & mask });
  // validity_period as an absolute UTC time (3.4 §7.1.1); left empty (SMSC default) once it has passed.
  const validity_period = message.validUntil > now ? formatAbsolute(new Date(message.validUntil), 0) : '';
  return parts.map((part) => ({
    source_addr_ton: source.ton,
    source_addr_npi: source.npi,
    source_addr: source.addr,
    dest_addr_ton: dest.ton,
    dest_addr_npi: dest.npi,
    destination_addr: dest.addr,
    esm_class: part.esm_class,
    priority_flag: priorityFlagOf(message.priority),
    validity_period,
    // 3.4 §5.2.17: 1 = receipt on final outcome, success or failure. Always asked for: the platform needs
    // the outcome (billing, refunds, statistics) even when the customer did not ask to be told.
    registered_delivery: 1,
    data_coding: part.data_coding,
    short_message: part.short_message,
    tlvs: part.tlvs,
  }));
}

/**
 * esm_class bits 2–5 give the message type (3.4 §5.2.12): 0x04 SMSC delivery receipt, 0x20
 * intermediate delivery notification; both carry receipt fields.
 */
export function isReceipt(esmClass: number): boolean {
  const type = esmClass & 0x3c;
  return type === 0x04 || type === 0x20;
}

const STATE_OF: Record<MessageStateValue, ReceiptEvent['state']> = {
  [MessageState.DELIVERED]: 'delivered',
  [MessageState.UNDELIVERABLE]: 'undelivered',
  [MessageState.EXPIRED]: 'expired',
  [MessageState.REJECTED]: 'rejected',
  // Deleted at the SMSC (by an operator or a cancel) or skipped (5.0): it will not be delivered.
  [MessageState.DELETED]: 'undelivered',
  [MessageState.SKIPPED]: 'undelivered',
  [MessageState.UNKNOWN]: 'unknown',
  // ACCEPTD is final in the spec but most SMSCs send it as "taken over, still going": waiting for
  // a later receipt loses nothing, while calling it delivered could be a lie.
  [MessageState.ACCEPTED]: 'enroute',
  [MessageState.ENROUTE]: 'enroute',
  [MessageState.SCHEDULED]: 'enroute',
};

/**
 * The keys under which the message this receipt is about was stored (its submit_sm_resp id,
 * normalised). The format says how the SMSC changes the id between the two, so a receipt id is
 * turned back the opposite way: 'hex-to-dec' receipts are decimal and are looked up as hex.
 */
export function receiptLookupKeys(receiptId: string, format: ReceiptIdFormat): string[] {
  const inverse: Record<ReceiptIdFormat, ReceiptIdFormat> = { auto: 'auto', 'as-is': 'as-is', 'hex-to-dec': 'dec-to-hex', 'dec-to-hex': 'hex-to-dec' };
  return messageIdKeys(receiptId, inverse[format]);
}

type UserDataPdu = SmppPduOf<'deliver_sm'> | SmppPduOf<'data_sm'>;

/** Receipt text is ASCII; read it byte for byte so a stray octet never breaks the label scan. */
function receiptText(pdu: UserDataPdu): string | undefined {
  const raw = pdu.tlvs.message_payload ?? ('short_message' in pdu ? pdu.short_message : undefined);
  return raw === undefined || raw.length === 0 ? undefined : raw.toString('latin1');
}

export type ReceiptMapResult = { ok: true; event: ReceiptEvent } | { ok: false; reason: ReceiptFailure };

/** A receipt deliver_sm / data_sm → ReceiptEvent; TLVs win over text (see receiptFromTlvs). */
export function receiptEventOf(pdu: UserDataPdu, connectorId: string, format: ReceiptIdFormat, now: number): ReceiptMapResult {
  const parsed = receiptFromTlvs({
    shortMessageText: receiptText(pdu),
    receipted_message_id: pdu.tlvs.receipted_message_id,
    message_state: pdu.tlvs.message_state,
    network_error_code: pdu.tlvs.network_error_code,
  });
  if (!parsed.ok) return parsed;
  const { receipt } = parsed;
  const upstreamKeys = receiptLookupKeys(receipt.id, format);
  if (upstreamKeys.length === 0) return { ok: false, reason: 'missing-id' };
  return {
    ok: true,
    event: {
      connectorId,
      upstreamKeys,
      state: receipt.state === undefined ? 'unknown' : STATE_OF[receipt.state],
      rawStatus: receipt.stat,
      errorCode: receipt.err ?? null,
      doneAt: receipt.doneDate?.date?.getTime() ?? now,
    },
  };
}

function encodingName(dataCoding: number): MoEvent['encoding'] {
  const alphabet = alphabetOf(dataCoding);
  return alphabet === undefined ? 'binary' : (alphabet as TextEncodingName | 'binary');
}

/** A reassembled MO → MoEvent. International senders get their '+' back so the core sees E.164. */
export function moEventOf(mo: InboundText, sourceTon: number, connectorId: string, now: number): MoEvent {
  const international = sourceTon === TON_INTERNATIONAL && /^\d+$/.test(mo.source);
  return {
    connectorId,
    sender: international ? `+${mo.source}` : mo.source,
    recipient: mo.destination,
    text: mo.text,
    encoding: encodingName(mo.data_coding),
    receivedAt: now,
  };
}
