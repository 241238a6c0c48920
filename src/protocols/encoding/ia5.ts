// IA5 / ASCII text (data_coding 0x01, CCITT T.50): one octet per character, code points below 0x80.
import { unencodable, type EncodeOptions } from './encoding-error.ts';
import { charWidthAt } from './ucs2.ts';

const QUESTION_MARK = 0x3f;
const REPLACEMENT_CHARACTER = 0xfffd;

export function canEncodeIa5(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) return false;
  }
  return true;
}

/** Length in octets; every character is one octet (callers check `canEncodeIa5` first). */
export function ia5Length(text: string): number {
  return text.length;
}

/**
 * Encode as IA5 (SMPP 3.4 §5.2.19: 0x01 is IA5, so '@' is 0x40). Peers built on node-smpp put
 * GSM 03.38 codes under 0x01 instead; that is a per-connection setting, not handled here.
 */
export function encodeIa5(text: string, options: EncodeOptions = {}): Buffer {
  const replace = options.unencodable === 'replace';
  const out = Buffer.allocUnsafe(text.length);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      out[o++] = unit;
      continue;
    }
    if (!replace) throw unencodable('IA5', text, i);
    out[o++] = QUESTION_MARK;
    i += charWidthAt(text, i) - 1; // one '?' for a whole surrogate pair
  }
  return o === out.length ? out : out.subarray(0, o);
}

/**
 * Decode IA5. Never throws: an octet with the high bit set is not IA5, and guessing its meaning
 * (Latin-1? a parity bit?) would hide the peer's mistake, so it becomes U+FFFD.
 */
export function decodeIa5(data: Uint8Array): string {
  let text = '';
  let runStart = 0;
  for (let i = 0; i <= data.length; i++) {
    if (i < data.length && data[i] < 0x80) continue;
    // Flush the ASCII run before this octet in one call rather than char by char.
    if (i > runStart) text += Buffer.from(data.buffer, data.byteOffset + runStart, i - runStart).toString('latin1');
    if (i < data.length) text += String.fromCharCode(REPLACEMENT_CHARACTER);
    runStart = i + 1;
  }
  return text;
}
