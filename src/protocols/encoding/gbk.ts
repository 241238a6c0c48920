// GBK text (CMPP Msg_Fmt / SGIP and SMGP MessageCoding 15), the Chinese national code page.
import iconv from 'iconv-lite';
import { unencodable, type EncodeOptions } from './encoding-error.ts';

/** The character iconv-lite writes for one GBK cannot hold. */
const GBK_REPLACEMENT = 0x3f; // '?'

/** True when every character of `text` has a GBK code (GB 2312 plus the GBK extension). */
export function canEncodeGbk(text: string): boolean {
  return firstUnencodableIndex(text) < 0;
}

/** Octets `text` takes in GBK: 1 per ASCII character, 2 per Chinese character. */
export function gbkLength(text: string): number {
  return iconv.encode(text, 'gbk').length;
}

/** Encode as GBK. An unencodable character throws `unencodable_char` unless the policy is 'replace'. */
export function encodeGbk(text: string, options: EncodeOptions = {}): Buffer {
  if (options.unencodable !== 'replace') {
    const bad = firstUnencodableIndex(text);
    if (bad >= 0) throw unencodable('GBK', text, bad);
  }
  return iconv.encode(text, 'gbk');
}

/** Decode GBK octets; an invalid sequence becomes U+FFFD rather than failing the message. */
export function decodeGbk(data: Uint8Array): string {
  return iconv.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength), 'gbk');
}

/** Index of the first character GBK cannot hold, or -1. Checked per character so '?' in the text is not mistaken for a replacement. */
function firstUnencodableIndex(text: string): number {
  // Fast path: a text that survives the round trip is all GBK; only otherwise look per character.
  if (iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text) return -1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    const width = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
    const encoded = iconv.encode(text.slice(index, index + width), 'gbk');
    if (encoded.length === 1 && encoded[0] === GBK_REPLACEMENT) return index;
    index += width - 1;
  }
  return -1;
}
