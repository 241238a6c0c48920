// DELIVER MO messages → their text, joining concatenated parts (TP_udhi + UDH) by sender, receiver and reference.
import { Reassembler, type ReassemblerOptions } from '../encoding/reassembler.ts';
import { splitUserData } from '../encoding/udh.ts';
import { decodeCmppText } from './msg-fmt.ts';
import type { CmppPduOf } from './pdu-types.ts';

export interface CmppUserData {
  /** Msg_Content without any UDH. */
  payload: Buffer;
  Msg_Fmt: number;
  /** Present when this PDU is one part of a concatenated message. */
  concat?: { reference: number; total: number; seq: number };
}

/**
 * The user data of a DELIVER or SUBMIT. TP_udhi uses bit 0 only (cmpp.md 5). Throws
 * EncodingError('malformed_udh') when TP_udhi is set but the UDH is broken.
 */
export function cmppUserDataOf(pdu: CmppPduOf<'deliver'> | CmppPduOf<'submit'>): CmppUserData {
  const { Msg_Content, Msg_Fmt } = pdu;
  if ((pdu.TP_udhi & 1) === 0) return { payload: Msg_Content, Msg_Fmt };
  const { udh, payload } = splitUserData(Msg_Content);
  const concat = udh.concat && udh.concat.total > 1 ? { reference: udh.concat.ref, total: udh.concat.total, seq: udh.concat.seq } : undefined;
  return concat ? { payload, Msg_Fmt, concat } : { payload, Msg_Fmt };
}

export interface CmppInboundText {
  /** Src_terminal_Id: the handset. */
  source: string;
  /** Dest_Id: the SP number the user sent to. */
  destination: string;
  /** Decoded text; for binary or unknown Msg_Fmt, the octets in hex. */
  text: string;
  Msg_Fmt: number;
  /** Number of DELIVERs the text arrived in. */
  parts: number;
  /** LinkID (3.0) of the part that completed the message, for on-demand replies; parts share it. */
  LinkID?: string;
}

export type CmppInboundResult =
  | { status: 'complete'; message: CmppInboundText }
  | { status: 'pending' | 'duplicate' }
  | { status: 'rejected'; reason: string };

/**
 * Joins MO parts in any order, keyed by (Src_terminal_Id, Dest_Id, reference, total) (cmpp.md 10).
 * Octets are joined before decoding, so a double-byte character split across parts still decodes.
 */
export class CmppInboundAssembler {
  private readonly reassembler: Reassembler<Buffer>;

  constructor(options: ReassemblerOptions<Buffer> = {}) {
    this.reassembler = new Reassembler<Buffer>(options);
  }

  /** Throws EncodingError('malformed_udh') when TP_udhi is set but the UDH is broken. */
  add(deliver: CmppPduOf<'deliver'>): CmppInboundResult {
    if (deliver.Registered_Delivery === 1) return { status: 'rejected', reason: 'status_report' };
    const data = cmppUserDataOf(deliver);
    const base = { source: deliver.Src_terminal_Id, destination: deliver.Dest_Id, Msg_Fmt: data.Msg_Fmt };
    const linkId = deliver.LinkID ? { LinkID: deliver.LinkID } : {};
    if (!data.concat) return { status: 'complete', message: { ...base, text: textOf(data.payload, data.Msg_Fmt), parts: 1, ...linkId } };
    const result = this.reassembler.add({ ...data.concat, source: base.source, destination: base.destination, payload: data.payload });
    if (result.status === 'rejected') return { status: 'rejected', reason: result.reason };
    if (result.status !== 'complete') return { status: result.status };
    return { status: 'complete', message: { ...base, text: textOf(result.message.payload, data.Msg_Fmt), parts: data.concat.total, ...linkId } };
  }

  /** Incomplete messages currently held. */
  get pending(): number {
    return this.reassembler.size;
  }

  /** Sweeps expired partial messages on a timer (see Reassembler.start). */
  start(intervalMs?: number): void {
    this.reassembler.start(intervalMs);
  }

  stop(): void {
    this.reassembler.stop();
  }
}

function textOf(payload: Buffer, msgFmt: number): string {
  return decodeCmppText(payload, msgFmt) ?? payload.toString('hex');
}
