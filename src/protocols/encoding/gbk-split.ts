// Splitting long GBK text (CMPP Msg_Fmt 15, SGIP/SMGP MessageCoding 15) into segments by octets.
import { EncodingError, type UnencodablePolicy } from './encoding-error.ts';
import { decodeGbk, encodeGbk } from './gbk.ts';
import { MAX_SEGMENTS, type Segment, type SegmentLimits } from './split.ts';
import { buildUdh } from './udh.ts';

/** Octets of user data: 140 alone, 134 after a 6-octet UDH, 133 after a 7-octet one (cmpp.md 10). */
export const GBK_SEGMENT_LIMITS: Readonly<SegmentLimits> = { single: 140, udh8: 134, udh16: 133 };

export interface GbkSplitOptions {
  /** 'none' refuses text longer than one message. Default 'udh8'. */
  concat?: 'udh8' | 'udh16' | 'none';
  /** Shared by all parts; required when the text needs several. 0–255 (udh8) or 0–65535 (udh16). */
  reference?: number;
  limits?: Partial<SegmentLimits>;
  unencodable?: UnencodablePolicy;
}

/** Octets of the GBK character starting with `lead`: 0x81–0xFE open a two-octet character. */
function charLength(lead: number): 1 | 2 {
  return lead >= 0x81 && lead <= 0xfe ? 2 : 1;
}

/** Cut points in the encoded text, never inside a two-octet character. */
function cutPoints(encoded: Buffer, perPart: number): number[] {
  const ends: number[] = [];
  let partStart = 0;
  for (let i = 0; i < encoded.length; ) {
    const next = Math.min(encoded.length, i + charLength(encoded[i]));
    if (next - partStart > perPart) {
      ends.push(i);
      partStart = i;
      if (ends.length >= MAX_SEGMENTS) {
        throw new EncodingError('too_many_segments', `text needs more than ${MAX_SEGMENTS} segments`, { maxSegments: MAX_SEGMENTS, perSegment: perPart });
      }
    }
    i = next;
  }
  ends.push(encoded.length);
  return ends;
}

/** Split `text` into GBK segments, each with its UDH when there are several (same shape as splitText). */
export function splitGbk(text: string, options: GbkSplitOptions = {}): Segment[] {
  const limits = { ...GBK_SEGMENT_LIMITS, ...options.limits };
  const concat = options.concat ?? 'udh8';
  const encoded = encodeGbk(text, { unencodable: options.unencodable });
  if (encoded.length <= limits.single) return [{ seq: 1, total: 1, text, payload: encoded }];
  if (concat === 'none') {
    throw new EncodingError('too_long', `text of ${encoded.length} GBK octets exceeds one message`, { octets: encoded.length, limit: limits.single });
  }
  const refBits = concat === 'udh16' ? 16 : 8;
  const reference = options.reference;
  const maxReference = refBits === 8 ? 0xff : 0xffff;
  if (reference === undefined || !Number.isInteger(reference) || reference < 0 || reference > maxReference) {
    throw new EncodingError('invalid_reference', `${concat} needs a reference in 0..${maxReference}, got ${reference}`, { concat, reference: String(reference) });
  }
  const perPart = refBits === 16 ? limits.udh16 : limits.udh8;
  if (!Number.isInteger(perPart) || perPart < 2) throw new EncodingError('invalid_option', `segment limit must be an integer ≥ 2, got ${perPart}`, { perPart });
  const ends = cutPoints(encoded, perPart);
  const total = ends.length;
  let start = 0;
  return ends.map((end, i) => {
    const payload = encoded.subarray(start, end);
    start = end;
    const seq = i + 1;
    return { seq, total, text: decodeGbk(payload), payload, reference, udh: buildUdh({ concat: { ref: reference, total, seq, refBits } }) };
  });
}
