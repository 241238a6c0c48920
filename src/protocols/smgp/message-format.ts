// MsgFormat values (smgp.md 5, field 8) and text ⇄ octets for the three text formats.
import { canEncodeGbk, decodeGbk, encodeGbk } from '../encoding/gbk.ts';
import { canEncodeIa5, decodeIa5, encodeIa5 } from '../encoding/ia5.ts';
import { decodeUcs2, encodeUcs2 } from '../encoding/ucs2.ts';
import { EncodingError } from '../encoding/encoding-error.ts';

export const MsgFormat = {
  ASCII: 0,
  SIM_WRITE: 3,
  BINARY: 4,
  UCS2: 8,
  /** GB18030 in the spec; GBK is the subset Chinese text practically uses. */
  GBK: 15,
  SIM_DATA: 246,
} as const;

export type SmgpTextFormat = 'ascii' | 'gbk' | 'ucs2';

export const SMGP_TEXT_FORMATS: readonly SmgpTextFormat[] = ['ascii', 'gbk', 'ucs2'];

export function msgFormatOf(format: SmgpTextFormat): number {
  return format === 'ascii' ? MsgFormat.ASCII : format === 'gbk' ? MsgFormat.GBK : MsgFormat.UCS2;
}

/** The text format a MsgFormat value carries, or undefined for binary and unknown values. */
export function textFormatOf(msgFormat: number): SmgpTextFormat | undefined {
  switch (msgFormat) {
    case MsgFormat.ASCII:
      return 'ascii';
    case MsgFormat.UCS2:
      return 'ucs2';
    case MsgFormat.GBK:
      return 'gbk';
    default:
      return undefined;
  }
}

export function canEncodeAsFormat(text: string, format: SmgpTextFormat): boolean {
  if (format === 'ascii') return canEncodeIa5(text);
  if (format === 'gbk') return canEncodeGbk(text);
  return true;
}

export function encodeAsFormat(text: string, format: SmgpTextFormat): Buffer {
  if (format === 'ascii') return encodeIa5(text);
  if (format === 'gbk') return encodeGbk(text);
  return encodeUcs2(text);
}

/** Decodes text octets; binary and unknown formats come back as hex rather than a guessed charset. */
export function decodeContent(content: Uint8Array, msgFormat: number): string {
  const format = textFormatOf(msgFormat);
  if (format === 'ascii') return decodeIa5(content);
  if (format === 'gbk') return decodeGbk(content);
  if (format === 'ucs2') return decodeUcs2(content);
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('hex');
}

/** The first of `allowed` (in preference order) that carries `text` losslessly. */
export function chooseTextFormat(text: string, allowed: readonly SmgpTextFormat[] = SMGP_TEXT_FORMATS): SmgpTextFormat {
  for (const format of allowed) if (canEncodeAsFormat(text, format)) return format;
  throw new EncodingError('unencodable_char', `no allowed SMGP format (${allowed.join(', ')}) carries this text`, { allowed: allowed.join(',') });
}
