// Msg_Fmt values (cmpp.md 11) and text encode/decode by Msg_Fmt: ASCII, UCS2, GBK; binary left alone.
import type { EncodeOptions } from '../encoding/encoding-error.ts';
import { canEncodeGbk, decodeGbk, encodeGbk } from '../encoding/gbk.ts';
import { canEncodeIa5, decodeIa5, encodeIa5 } from '../encoding/ia5.ts';
import { decodeUcs2, encodeUcs2 } from '../encoding/ucs2.ts';

export const MsgFmt = {
  ASCII: 0,
  SIM_WRITE: 3,
  BINARY: 4,
  UCS2: 8,
  GBK: 15,
} as const;

/** The text encodings CMPP carries. */
export type CmppTextEncoding = 'ascii' | 'ucs2' | 'gbk';

export function msgFmtOf(encoding: CmppTextEncoding): number {
  switch (encoding) {
    case 'ascii':
      return MsgFmt.ASCII;
    case 'ucs2':
      return MsgFmt.UCS2;
    case 'gbk':
      return MsgFmt.GBK;
  }
}

/** The text encoding a Msg_Fmt names, 'binary' for 3 and 4, undefined for values we have no codec for. */
export function encodingOfMsgFmt(msgFmt: number): CmppTextEncoding | 'binary' | undefined {
  switch (msgFmt) {
    case MsgFmt.ASCII:
      return 'ascii';
    case MsgFmt.UCS2:
      return 'ucs2';
    case MsgFmt.GBK:
      return 'gbk';
    case MsgFmt.SIM_WRITE:
    case MsgFmt.BINARY:
      return 'binary';
    default:
      return undefined;
  }
}

/**
 * ASCII when every character is ASCII, else `fallback`: UCS2 by default (every handset shows it),
 * GBK when the connector prefers it (fewer octets, not every character).
 */
export function chooseCmppEncoding(text: string, fallback: 'ucs2' | 'gbk' = 'ucs2'): CmppTextEncoding {
  if (canEncodeIa5(text)) return 'ascii';
  if (fallback === 'gbk' && canEncodeGbk(text)) return 'gbk';
  return 'ucs2';
}

export function encodeCmppText(text: string, encoding: CmppTextEncoding, options: EncodeOptions = {}): Buffer {
  switch (encoding) {
    case 'ascii':
      return encodeIa5(text, options);
    case 'ucs2':
      return encodeUcs2(text);
    case 'gbk':
      return encodeGbk(text, options);
  }
}

/** The text of a Msg_Content, or undefined for binary and unknown Msg_Fmt values. Never throws. */
export function decodeCmppText(content: Uint8Array, msgFmt: number): string | undefined {
  switch (encodingOfMsgFmt(msgFmt)) {
    case 'ascii':
      return decodeIa5(content);
    case 'ucs2':
      return decodeUcs2(content);
    case 'gbk':
      return decodeGbk(content);
    default:
      return undefined;
  }
}
