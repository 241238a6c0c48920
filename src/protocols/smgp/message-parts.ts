// Text → the content fields of one Submit per part: MsgFormat, MsgContent (UDH first when long),
// and the TP_udhi / PkTotal / PkNumber TLVs that announce a long message (smgp.md 12).
import { EncodingError } from '../encoding/encoding-error.ts';
import { encodeGbk } from '../encoding/gbk.ts';
import { MAX_SEGMENTS, splitText } from '../encoding/split.ts';
import { buildUdh } from '../encoding/udh.ts';
import { chooseTextFormat, msgFormatOf, type SmgpTextFormat } from './message-format.ts';
import type { SmgpTlvs } from './tlvs.ts';

export interface SmgpMessagePart {
  MsgFormat: number;
  MsgContent: Buffer;
  TLVs: SmgpTlvs;
}

export interface SmgpMessagePartsOptions {
  /** Default: the first of ascii, gbk, ucs2 that carries the text. */
  format?: SmgpTextFormat;
  /** Formats `format` is chosen from when not given, in preference order. */
  allowed?: readonly SmgpTextFormat[];
  /** Concatenation reference shared by the parts; required when the text needs several. */
  reference?: number;
  /** 8-bit (`05 00 03 RR TT SS`, default) or 16-bit (`06 08 04 RR RR TT SS`) reference. */
  referenceBits?: 8 | 16;
}

/** MsgLength ≤ 140 octets for MT, UDH included (smgp.md 5, field 15). */
const MAX_CONTENT = 140;

/**
 * One entry per Submit, in order. ASCII and UCS2 are cut by the shared splitter (140 / 134 octets,
 * 70 / 67 characters); GBK by octets here, never inside a two-octet character.
 */
export function messageParts(text: string, options: SmgpMessagePartsOptions = {}): SmgpMessagePart[] {
  const format = options.format ?? chooseTextFormat(text, options.allowed);
  const msgFormat = msgFormatOf(format);
  const refBits = options.referenceBits ?? 8;
  // The shared splitter sizes the parts; the UDH is built below with the checked reference.
  const payloads =
    format === 'gbk'
      ? splitGbk(encodeGbk(text), refBits)
      : splitText(text, { encoding: format === 'ascii' ? 'ia5' : 'ucs2', concat: refBits === 16 ? 'udh16' : 'udh8', reference: 0 }).map((s) => s.payload);
  if (payloads.length === 1) return [{ MsgFormat: msgFormat, MsgContent: payloads[0], TLVs: {} }];
  const reference = options.reference;
  const max = refBits === 8 ? 0xff : 0xffff;
  if (reference === undefined || !Number.isInteger(reference) || reference < 0 || reference > max) {
    throw new EncodingError('invalid_reference', `a long message needs a reference in 0..${max}, got ${reference}`, { reference: String(reference) });
  }
  const total = payloads.length;
  return payloads.map((payload, i) => ({
    MsgFormat: msgFormat,
    MsgContent: Buffer.concat([buildUdh({ concat: { ref: reference, total, seq: i + 1, refBits } }), payload]),
    TLVs: { TP_udhi: 1, PkTotal: total, PkNumber: i + 1 },
  }));
}

/** GBK octets cut into parts of at most 140 (alone) or 140 − UDH octets, at character boundaries. */
function splitGbk(octets: Buffer, refBits: 8 | 16): Buffer[] {
  if (octets.length <= MAX_CONTENT) return [octets];
  const perPart = MAX_CONTENT - (refBits === 8 ? 6 : 7);
  const parts: Buffer[] = [];
  let start = 0;
  let i = 0;
  while (i < octets.length) {
    // GBK: 0x81–0xFE opens a two-octet character, anything below 0x80 is one ASCII octet.
    const width = octets[i] >= 0x81 && i + 1 < octets.length ? 2 : 1;
    if (i + width - start > perPart) {
      parts.push(octets.subarray(start, i));
      start = i;
    }
    i += width;
  }
  parts.push(octets.subarray(start));
  if (parts.length > MAX_SEGMENTS) throw new EncodingError('too_many_segments', `text needs more than ${MAX_SEGMENTS} segments`, { maxSegments: MAX_SEGMENTS });
  return parts;
}
