// Deliver (MO) or Submit → its text, joining the parts of a long message (TP_udhi + UDH) by key.
import { Reassembler, type ExpiredMessage, type ReassemblerOptions } from '../encoding/reassembler.ts';
import { splitUserData } from '../encoding/udh.ts';
import { decodeContent } from './message-format.ts';
import type { SmgpTlvs } from './tlvs.ts';

/** What a Deliver or a Submit carries as user data; Submit's first recipient stands for the destination. */
export interface UserDataPdu {
  MsgFormat: number;
  MsgContent: Buffer;
  TLVs: SmgpTlvs;
  SrcTermID: string;
  DestTermID: string | string[];
}

export interface UserData {
  /** MsgContent without any UDH. */
  payload: Buffer;
  MsgFormat: number;
  /** Present when this PDU is one part of a long message. */
  concat?: { reference: number; total: number; seq: number };
}

/** Throws EncodingError('malformed_udh') when TP_udhi is set but the UDH is broken. */
export function userDataOf(pdu: Pick<UserDataPdu, 'MsgFormat' | 'MsgContent' | 'TLVs'>): UserData {
  // TP_udhi bit 0: MsgContent starts with a UDH (smgp.md 9, tag 0x0002).
  if (((pdu.TLVs.TP_udhi ?? 0) & 1) === 0) return { payload: pdu.MsgContent, MsgFormat: pdu.MsgFormat };
  const { udh, payload } = splitUserData(pdu.MsgContent);
  const concat = udh.concat && udh.concat.total > 1 ? { reference: udh.concat.ref, total: udh.concat.total, seq: udh.concat.seq } : undefined;
  return { payload, MsgFormat: pdu.MsgFormat, concat };
}

export interface InboundText {
  source: string;
  destination: string;
  text: string;
  MsgFormat: number;
  /** Number of PDUs the text arrived in. */
  parts: number;
}

export type InboundResult = { status: 'complete'; message: InboundText } | { status: 'pending' | 'duplicate' | 'rejected'; reason?: string };

function destinationOf(pdu: UserDataPdu): string {
  return Array.isArray(pdu.DestTermID) ? (pdu.DestTermID[0] ?? '') : pdu.DestTermID;
}

/**
 * Joins parts keyed by (source, destination, reference, total) in any order. Octets are joined
 * before decoding, so a GBK or UCS2 character cut across two parts still decodes.
 */
export class InboundMessageAssembler {
  private readonly reassembler: Reassembler<Buffer>;

  constructor(options: ReassemblerOptions<Buffer> & { onExpired?: (message: ExpiredMessage<Buffer>) => void } = {}) {
    this.reassembler = new Reassembler<Buffer>(options);
  }

  /** Throws EncodingError('malformed_udh') when TP_udhi is set but the UDH is broken. */
  add(pdu: UserDataPdu): InboundResult {
    const data = userDataOf(pdu);
    const destination = destinationOf(pdu);
    const base = { source: pdu.SrcTermID, destination, MsgFormat: data.MsgFormat };
    if (!data.concat) return { status: 'complete', message: { ...base, text: decodeContent(data.payload, data.MsgFormat), parts: 1 } };
    const result = this.reassembler.add({ ...data.concat, source: pdu.SrcTermID, destination, payload: data.payload });
    if (result.status === 'complete') return { status: 'complete', message: { ...base, text: decodeContent(result.message.payload, data.MsgFormat), parts: data.concat.total } };
    if (result.status === 'rejected') return { status: 'rejected', reason: result.reason };
    return { status: result.status };
  }

  start(intervalMs?: number): void {
    this.reassembler.start(intervalMs);
  }

  stop(): void {
    this.reassembler.stop();
  }
}
