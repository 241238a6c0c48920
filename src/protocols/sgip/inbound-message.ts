// Deliver (MO) → its text, joining the parts of a long message (TP_udhi + concatenation UDH) by key.
import { Reassembler, type ExpiredMessage, type ReassemblerOptions } from '../encoding/reassembler.ts';
import { splitUserData } from '../encoding/udh.ts';
import { decodeSgipText, isBinaryCoding } from './message-coding.ts';
import type { SgipPduOf } from './pdu-types.ts';

export interface SgipInboundText {
  /** The handset (UserNumber). */
  source: string;
  /** The SP number and extension code the user sent to (SPNumber). */
  destination: string;
  text: string;
  MessageCoding: number;
  /** Number of Delivers the text arrived in. */
  parts: number;
}

export type SgipInboundResult = { status: 'complete'; message: SgipInboundText } | { status: 'pending' | 'duplicate' | 'rejected'; reason?: string };

/** Binary or unknown codings are handed on as hex rather than guessed at. */
function textOf(content: Buffer, coding: number): string {
  if (isBinaryCoding(coding)) return content.toString('hex');
  try {
    return decodeSgipText(content, coding);
  } catch {
    return content.toString('hex');
  }
}

/**
 * Joins parts keyed by (UserNumber, SPNumber, reference, total) in any order; octets are joined
 * before decoding, so a GBK or UCS2 character split across parts still decodes.
 */
export class SgipInboundAssembler {
  private readonly reassembler: Reassembler<Buffer>;

  constructor(options: ReassemblerOptions<Buffer> & { onExpired?: (message: ExpiredMessage<Buffer>) => void } = {}) {
    this.reassembler = new Reassembler<Buffer>(options);
  }

  /** Throws EncodingError('malformed_udh') when TP_udhi is set but the UDH is broken. */
  add(pdu: SgipPduOf<'deliver'>): SgipInboundResult {
    const base = { source: pdu.UserNumber, destination: pdu.SPNumber, MessageCoding: pdu.MessageCoding };
    // TP_udhi bit 0 says MessageContent starts with a UDH (sgip.md §6 field 17).
    if ((pdu.TP_udhi & 1) === 0) return { status: 'complete', message: { ...base, text: textOf(pdu.MessageContent, pdu.MessageCoding), parts: 1 } };
    const { udh, payload } = splitUserData(pdu.MessageContent);
    const concat = udh.concat;
    if (!concat || concat.total <= 1) return { status: 'complete', message: { ...base, text: textOf(payload, pdu.MessageCoding), parts: 1 } };
    const result = this.reassembler.add({ source: pdu.UserNumber, destination: pdu.SPNumber, reference: concat.ref, total: concat.total, seq: concat.seq, payload });
    if (result.status === 'complete') return { status: 'complete', message: { ...base, text: textOf(result.message.payload, pdu.MessageCoding), parts: concat.total } };
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
