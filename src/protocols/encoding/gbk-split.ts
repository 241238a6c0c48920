// Splitting GBK text into 140-octet message parts with a concatenation UDH (CMPP, SGIP, SMGP coding 15).
import { EncodingError } from './encoding-error.ts';
import { encodeGbk } from './gbk.ts';
import { charWidthAt } from './ucs2.ts';
import { MAX_SEGMENTS, type Segment } from './split.ts';
import { buildUdh } from './udh.ts';

/**
 * TP-UD is 140 octets: 140 alone, 134 after the 6-octet UDH, 133 after the 7-octet one
 * (sgip.md §12). A GBK character is 1 octet (ASCII) or 2, and a part never splits one.
 */
export const GBK_SEGMENT_LIMITS = { single: 140, udh8: 134, udh16: 133 } as const;

export interface GbkSplitOptions {
  /** Shared by all parts; required when the text needs several. */
  reference?: number;
  /** 8-bit (default) or 16-bit concatenation reference. */
  refBits?: 8 | 16;
}

/** Octets one character takes in GBK; characters GBK lacks are caught by encodeGbk afterwards. */
function gbkCost(unit: number): number {
  return unit < 0x80 ? 1 : 2;
}

/** Splits `text` into GBK parts; throws EncodingError for an unencodable character or more than 255 parts. */
export function splitGbk(text: string, options: GbkSplitOptions = {}): Segment[] {
  let total = 0;
  for (let i = 0; i < text.length; i += charWidthAt(text, i)) total += gbkCost(text.charCodeAt(i));
  if (total <= GBK_SEGMENT_LIMITS.single) return [{ seq: 1, total: 1, text, payload: encodeGbk(text) }];

  const refBits = options.refBits ?? 8;
  const max = refBits === 16 ? 0xffff : 0xff;
  const { reference } = options;
  if (reference === undefined || !Number.isInteger(reference) || reference < 0 || reference > max) {
    throw new EncodingError('invalid_reference', `GBK parts need a reference in 0..${max}, got ${reference}`, { reference: String(reference) });
  }
  const perPart = refBits === 16 ? GBK_SEGMENT_LIMITS.udh16 : GBK_SEGMENT_LIMITS.udh8;
  const slices: string[] = [];
  let start = 0;
  let used = 0;
  for (let i = 0; i < text.length; ) {
    const width = charWidthAt(text, i);
    const cost = gbkCost(text.charCodeAt(i));
    if (used + cost > perPart) {
      slices.push(text.slice(start, i));
      if (slices.length >= MAX_SEGMENTS) throw new EncodingError('too_many_segments', `text needs more than ${MAX_SEGMENTS} segments`, { maxSegments: MAX_SEGMENTS, perSegment: perPart });
      start = i;
      used = 0;
    }
    used += cost;
    i += width;
  }
  slices.push(text.slice(start));
  return slices.map((slice, index) => ({
    seq: index + 1,
    total: slices.length,
    text: slice,
    payload: encodeGbk(slice),
    reference,
    udh: buildUdh({ concat: { ref: reference, total: slices.length, seq: index + 1, refBits } }),
  }));
}
