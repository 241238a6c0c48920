// deliver_sm / data_sm / submit_sm → their text, joining concatenated parts (UDH or SAR) by key.
import { alphabetOf, decodeText } from '../encoding/data-coding.ts';
import { Reassembler, type ExpiredMessage, type ReassemblerOptions } from '../encoding/reassembler.ts';
import { splitUserData } from '../encoding/udh.ts';
import type { SmppPduOf } from './pdu-types.ts';

type UserDataPdu = SmppPduOf<'deliver_sm'> | SmppPduOf<'submit_sm'> | SmppPduOf<'data_sm'>;

export interface UserData {
  /** The user data without any UDH. */
  payload: Buffer;
  data_coding: number;
  /** Present when this PDU is one part of a concatenated message. */
  concat?: { reference: number; total: number; seq: number };
}

/** Where the user data is (short_message or message_payload) and whether it is one of several parts. */
export function userDataOf(pdu: UserDataPdu): UserData {
  const raw = pdu.tlvs.message_payload ?? ('short_message' in pdu ? pdu.short_message : Buffer.alloc(0));
  const { data_coding } = pdu;
  if (pdu.esm_class & 0x40) {
    const { udh, payload } = splitUserData(raw);
    const concat = udh.concat && udh.concat.total > 1 ? { reference: udh.concat.ref, total: udh.concat.total, seq: udh.concat.seq } : undefined;
    return { payload, data_coding, concat };
  }
  const { sar_msg_ref_num: reference, sar_total_segments: total, sar_segment_seqnum: seq } = pdu.tlvs;
  if (reference !== undefined && total !== undefined && seq !== undefined && total > 1) {
    return { payload: raw, data_coding, concat: { reference, total, seq } };
  }
  return { payload: raw, data_coding };
}

export interface InboundText {
  source: string;
  destination: string;
  text: string;
  data_coding: number;
  /** Number of PDUs the text arrived in. */
  parts: number;
}

export type InboundResult = { status: 'complete'; message: InboundText } | { status: 'pending' | 'duplicate' | 'rejected'; reason?: string };

/**
 * Joins parts keyed by (source, destination, reference, total) in any order. Octets are joined
 * before decoding, so a character split across parts by a careless sender still decodes.
 */
export class InboundMessageAssembler {
  private readonly reassembler: Reassembler<Buffer>;

  constructor(options: ReassemblerOptions<Buffer> & { onExpired?: (message: ExpiredMessage<Buffer>) => void } = {}) {
    this.reassembler = new Reassembler<Buffer>(options);
  }

  /** Throws EncodingError('malformed_udh') when UDHI is set but the UDH is broken. */
  add(pdu: UserDataPdu): InboundResult {
    const data = userDataOf(pdu);
    const alphabet = alphabetOf(data.data_coding);
    // Binary or unsupported data_coding: hand the octets on as hex rather than guess a charset.
    const text = (payload: Buffer) => (alphabet === undefined || alphabet === 'binary' ? payload.toString('hex') : decodeText(payload, data.data_coding));
    const base = { source: pdu.source_addr, destination: pdu.destination_addr, data_coding: data.data_coding };
    if (!data.concat) return { status: 'complete', message: { ...base, text: text(data.payload), parts: 1 } };
    const result = this.reassembler.add({ ...data.concat, source: pdu.source_addr, destination: pdu.destination_addr, payload: data.payload });
    if (result.status === 'complete') return { status: 'complete', message: { ...base, text: text(result.message.payload), parts: data.concat.total } };
    if (result.status === 'rejected') return { status: 'rejected', reason: result.reason };
    return { status: result.status };
  }

  /** Sweeps expired partial messages on a timer (see Reassembler.start). */
  start(intervalMs?: number): void {
    this.reassembler.start(intervalMs);
  }

  stop(): void {
    this.reassembler.stop();
  }
}
