// Text → the user-data fields of one submit_sm per segment: UDH, SAR TLVs or message_payload.
import { chooseEncoding, dataCodingFor, type TextEncoding } from '../encoding/data-coding.ts';
import { splitText, type ConcatMode, type SegmentLimits } from '../encoding/split.ts';
import type { SmppTlvs } from './tlvs.ts';

export interface MessagePart {
  esm_class: number;
  data_coding: number;
  short_message: Buffer;
  tlvs: SmppTlvs;
}

export interface MessagePartsOptions {
  /** Default: the most compact of GSM 7-bit and UCS-2 that carries the text. */
  encoding?: TextEncoding;
  /** Default 'udh8'. */
  concat?: ConcatMode;
  /** Concatenation reference shared by the parts (8 or 16 bits as the mode needs). */
  reference?: number;
  limits?: Partial<SegmentLimits>;
  /** Bits to keep from the caller's esm_class (messaging mode, reply path). */
  esmClass?: number;
}

const UDHI = 0x40; // esm_class bit 6: short_message starts with a UDH (3.4 §5.2.12)

/** One entry per submit_sm to send, in order. */
export function messageParts(text: string, options: MessagePartsOptions = {}): MessagePart[] {
  const encoding = options.encoding ?? chooseEncoding(text).encoding;
  const concat = options.concat ?? 'udh8';
  const dataCoding = dataCodingFor(encoding);
  const esmClass = (options.esmClass ?? 0) & ~UDHI;
  const segments = splitText(text, { encoding, concat, reference: options.reference, limits: options.limits });

  if (concat === 'payload') {
    // One PDU; the whole text rides in message_payload and sm_length is 0 (3.4 §5.3.2.32).
    return [{ esm_class: esmClass, data_coding: dataCoding, short_message: Buffer.alloc(0), tlvs: { message_payload: segments[0].payload } }];
  }
  return segments.map((segment) => {
    if (segment.total > 1 && concat === 'sar') {
      return {
        esm_class: esmClass,
        data_coding: dataCoding,
        short_message: segment.payload,
        tlvs: { sar_msg_ref_num: segment.reference, sar_total_segments: segment.total, sar_segment_seqnum: segment.seq },
      };
    }
    if (segment.udh) {
      return { esm_class: esmClass | UDHI, data_coding: dataCoding, short_message: Buffer.concat([segment.udh, segment.payload]), tlvs: {} };
    }
    return { esm_class: esmClass, data_coding: dataCoding, short_message: segment.payload, tlvs: {} };
  });
}
