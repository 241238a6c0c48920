// ISO-8859-1 text (data_coding 0x03): one octet per character, code points U+0000–U+00FF.
import { unencodable, type EncodeOptions } from './encoding-error.ts';
import { charWidthAt } from './ucs2.ts';

const QUESTION_MARK = 0x3f;

export function canEncodeLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) return false;
  }
  return true;
}

/** Length in octets; every character is one octet (callers check `canEncodeLatin1` first). */
export function latin1Length(text: string): number {
  return text.length;
}

/**
 * Encode as ISO-8859-1. Node's own 'latin1' encoder silently keeps the low byte of wider
 * characters (so '€' would become 0xAC), hence the explicit check.
 */
export function encodeLatin1(text: string, options: EncodeOptions = {}): Buffer {
  const replace = options.unencodable === 'replace';
  const out = Buffer.allocUnsafe(text.length);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit <= 0xff) {
      out[o++] = unit;
      continue;
    }
    if (!replace) throw unencodable('Latin-1', text, i);
    out[o++] = QUESTION_MARK;
    i += charWidthAt(text, i) - 1; // one '?' for a whole surrogate pair
  }
  return out.subarray(0, o);
}

/** Decode ISO-8859-1: every octet maps to the code point of the same value, so this never fails. */
export function decodeLatin1(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}
