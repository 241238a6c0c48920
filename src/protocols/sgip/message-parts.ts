// Text → the content fields of one Submit per part: TP_udhi, MessageCoding and MessageContent (sgip.md §12).
import { EncodingError } from '../encoding/encoding-error.ts';
import { splitGbk } from '../encoding/gbk-split.ts';
import { splitText, type Segment } from '../encoding/split.ts';
import { canEncodeSgip, messageCodingFor, SGIP_TEXT_ENCODINGS, type SgipTextEncoding } from './message-coding.ts';

export interface SgipMessagePart {
  /** 1 when MessageContent starts with a UDH (bit 0 of TP_udhi). */
  TP_udhi: number;
  MessageCoding: number;
  MessageContent: Buffer;
}

export interface SgipMessagePartsOptions {
  /** Default: chooseSgipEncoding over every encoding. */
  encoding?: SgipTextEncoding;
  /** Concatenation reference shared by the parts; required when the text is long. */
  reference?: number;
  /** 8-bit (default) or 16-bit concatenation reference. */
  refBits?: 8 | 16;
}

function segmentsOf(text: string, encoding: SgipTextEncoding, reference: number | undefined, refBits: 8 | 16): Segment[] {
  if (encoding === 'gbk') return splitGbk(text, { reference, concat: refBits === 16 ? 'udh16' : 'udh8' });
  // ASCII is one octet per character like IA5: 140 alone, 134 per part after the UDH.
  return splitText(text, { encoding: encoding === 'ascii' ? 'ia5' : 'ucs2', concat: refBits === 16 ? 'udh16' : 'udh8', reference });
}

/** Parts a text of `units` takes: `single` alone, else `perPart` each after the UDH. */
function partsFor(units: number, single: number, perPart: number): number {
  return units <= single ? 1 : Math.ceil(units / perPart);
}

/**
 * Parts × 1000 + octets the text takes in `encoding` (Infinity when ASCII cannot carry it). Counted
 * arithmetically rather than by splitting: it ranks the encodings, the split itself comes later.
 * Whether GBK holds every character is checked only when GBK would win (it costs a table lookup each).
 */
function cost(text: string, encoding: SgipTextEncoding): number {
  if (encoding === 'ucs2') return partsFor(text.length, 70, 67) * 1000 + text.length * 2;
  let octets = 0;
  for (let i = 0; i < text.length; i++) octets += text.charCodeAt(i) < 0x80 ? 1 : 2;
  if (encoding === 'ascii' && octets !== text.length) return Infinity;
  return partsFor(octets, 140, 134) * 1000 + octets;
}

/**
 * The allowed encoding that sends `text` in the fewest parts (then octets); ties go to the first
 * allowed. Throws EncodingError when none can carry it.
 */
export function chooseSgipEncoding(text: string, allowed: readonly SgipTextEncoding[] = SGIP_TEXT_ENCODINGS): SgipTextEncoding {
  let best: SgipTextEncoding | undefined;
  let bestCost = Infinity;
  for (const encoding of allowed) {
    const c = cost(text, encoding);
    if (c < bestCost) [best, bestCost] = [encoding, c];
  }
  if (best === 'gbk' && !canEncodeSgip(text, 'gbk')) return chooseSgipEncoding(text, allowed.filter((e) => e !== 'gbk'));
  if (best === undefined) throw new EncodingError('unencodable_char', `no allowed encoding (${allowed.join(', ')}) can carry the text`, { allowed: allowed.join(',') });
  return best;
}

/** One entry per Submit to send, in order; a long text gets TP_udhi 1 and a concatenation UDH per part. */
export function sgipMessageParts(text: string, options: SgipMessagePartsOptions = {}): SgipMessagePart[] {
  const encoding = options.encoding ?? chooseSgipEncoding(text);
  const MessageCoding = messageCodingFor(encoding);
  return segmentsOf(text, encoding, options.reference, options.refBits ?? 8).map((segment) =>
    segment.udh
      ? { TP_udhi: 1, MessageCoding, MessageContent: Buffer.concat([segment.udh, segment.payload]) }
      : { TP_udhi: 0, MessageCoding, MessageContent: segment.payload },
  );
}
