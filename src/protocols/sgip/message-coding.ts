// SGIP MessageCoding values (sgip.md §6 field 18, §12) and text ⇄ octets for each of them.
import { alphabetOf, decodeText } from '../encoding/data-coding.ts';
import { EncodingError } from '../encoding/encoding-error.ts';
import { canEncodeGbk, decodeGbk, encodeGbk } from '../encoding/gbk.ts';
import { canEncodeIa5, decodeIa5, encodeIa5 } from '../encoding/ia5.ts';
import { decodeUcs2, encodeUcs2 } from '../encoding/ucs2.ts';

export const MessageCoding = {
  ASCII: 0,
  SIM_WRITE: 3,
  BINARY: 4,
  UCS2: 8,
  GBK: 15,
} as const;

/** The text encodings an SGIP peer understands, named for what they are. */
export type SgipTextEncoding = 'ascii' | 'gbk' | 'ucs2';

export const SGIP_TEXT_ENCODINGS: readonly SgipTextEncoding[] = ['ascii', 'gbk', 'ucs2'];

export function messageCodingFor(encoding: SgipTextEncoding): number {
  return encoding === 'ascii' ? MessageCoding.ASCII : encoding === 'gbk' ? MessageCoding.GBK : MessageCoding.UCS2;
}

export function canEncodeSgip(text: string, encoding: SgipTextEncoding): boolean {
  return encoding === 'ascii' ? canEncodeIa5(text) : encoding === 'gbk' ? canEncodeGbk(text) : true;
}

/** Encodes text; throws EncodingError('unencodable_char') for a character the encoding lacks. */
export function encodeSgipText(text: string, encoding: SgipTextEncoding): Buffer {
  return encoding === 'ascii' ? encodeIa5(text) : encoding === 'gbk' ? encodeGbk(text) : encodeUcs2(text);
}

/** True when MessageCoding carries octets rather than text (binary, SIM data download). */
export function isBinaryCoding(coding: number): boolean {
  if (coding === MessageCoding.BINARY || coding === MessageCoding.SIM_WRITE) return true;
  return alphabetOf(coding) === 'binary';
}

/**
 * Text of MessageContent. ASCII, UCS2 and GBK as the spec names them; other values are GSM 03.38
 * data coding schemes (sgip.md §6) and go through the shared table. Throws EncodingError for binary
 * or unknown codings, so the caller decides how to show the octets.
 */
export function decodeSgipText(content: Uint8Array, coding: number): string {
  switch (coding) {
    case MessageCoding.ASCII:
      return decodeIa5(content);
    case MessageCoding.UCS2:
      return decodeUcs2(content);
    case MessageCoding.GBK:
      return decodeGbk(content);
  }
  if (isBinaryCoding(coding)) throw new EncodingError('not_text', `MessageCoding ${coding} carries binary data, not text`, { coding });
  return decodeText(content, coding);
}
