// SMPP data_coding values: which alphabet each means, text encode/decode by value, choosing an encoding.
import { EncodingError, type EncodeOptions } from './encoding-error.ts';
import { canEncodeGsm7, decodeGsm7, encodeGsm7, gsm7Length } from './gsm7.ts';
import { canEncodeIa5, decodeIa5, encodeIa5, ia5Length } from './ia5.ts';
import { canEncodeLatin1, decodeLatin1, encodeLatin1, latin1Length } from './latin1.ts';
import { decodeUcs2, encodeUcs2, ucs2Length } from './ucs2.ts';

/** The data_coding values this folder has codecs for (SMPP 3.4 §5.2.19). */
export const DataCoding = {
  SMSC_DEFAULT: 0x00, // GSM 03.38 on GSM networks, but SMSC-configurable
  IA5: 0x01,
  BINARY: 0x02,
  LATIN1: 0x03,
  BINARY_8BIT: 0x04,
  UCS2: 0x08,
} as const;

/** Text alphabets, named for what they are rather than their data_coding value. */
export type TextEncoding = 'gsm7' | 'ia5' | 'latin1' | 'ucs2';
export type Alphabet = TextEncoding | 'binary';

export const TEXT_ENCODINGS: readonly TextEncoding[] = ['gsm7', 'ia5', 'latin1', 'ucs2'];

export interface DataCodingOptions {
  /**
   * What the SMSC means by 0x00. SMPP 3.4 §5.2.19 leaves it to SMSC configuration (GSM 03.38,
   * Latin-1 or ASCII), so it is a per-connection setting. Default 'gsm7'.
   */
  smscDefault?: TextEncoding;
}

/** The alphabet a data_coding value selects, or undefined when we have no codec for it. */
export function alphabetOf(dataCoding: number, options: DataCodingOptions = {}): Alphabet | undefined {
  switch (dataCoding) {
    case 0x00:
      return options.smscDefault ?? 'gsm7';
    case 0x01:
      return 'ia5';
    case 0x02:
    case 0x04:
      return 'binary';
    case 0x03:
      return 'latin1';
    case 0x08:
      return 'ucs2';
  }
  // GSM 03.38 §4 coding groups, which SMPP passes through in 0xC0–0xFF.
  if (dataCoding >= 0xc0 && dataCoding <= 0xdf) return 'gsm7'; // message waiting, default alphabet
  // Message waiting "store" with UCS2 text (GSM 03.38 §4, group 1110); SMPP's own table lists
  // 0xE0–0xEF as reserved, but an SMSC relaying a GSM DCS means exactly this.
  if (dataCoding >= 0xe0 && dataCoding <= 0xef) return 'ucs2';
  // Data coding / message class group: bit 2 selects 8-bit data over the default alphabet.
  if (dataCoding >= 0xf0 && dataCoding <= 0xff) return dataCoding & 0x04 ? 'binary' : 'gsm7';
  return undefined;
}

/** The data_coding value to send text in `encoding` with. */
export function dataCodingFor(encoding: TextEncoding): number {
  switch (encoding) {
    case 'gsm7':
      return DataCoding.SMSC_DEFAULT;
    case 'ia5':
      return DataCoding.IA5;
    case 'latin1':
      return DataCoding.LATIN1;
    case 'ucs2':
      return DataCoding.UCS2;
  }
}

/** Encode text in a named alphabet. */
export function encodeAs(text: string, encoding: TextEncoding, options: EncodeOptions = {}): Buffer {
  switch (encoding) {
    case 'gsm7':
      return encodeGsm7(text, options);
    case 'ia5':
      return encodeIa5(text, options);
    case 'latin1':
      return encodeLatin1(text, options);
    case 'ucs2':
      return encodeUcs2(text);
  }
}

/** Decode text in a named alphabet; never throws. */
export function decodeAs(data: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'gsm7':
      return decodeGsm7(data);
    case 'ia5':
      return decodeIa5(data);
    case 'latin1':
      return decodeLatin1(data);
    case 'ucs2':
      return decodeUcs2(data);
  }
}

/** Whether `text` is representable in `encoding`. */
export function canEncodeAs(text: string, encoding: TextEncoding): boolean {
  switch (encoding) {
    case 'gsm7':
      return canEncodeGsm7(text);
    case 'ia5':
      return canEncodeIa5(text);
    case 'latin1':
      return canEncodeLatin1(text);
    case 'ucs2':
      return true;
  }
}

/** Length in the encoding's segment unit: septets, octets or 16-bit units. Throws if unencodable. */
export function lengthAs(text: string, encoding: TextEncoding): number {
  switch (encoding) {
    case 'gsm7':
      return gsm7Length(text);
    case 'ia5':
      if (!canEncodeIa5(text)) encodeIa5(text); // raises the precise unencodable_char error
      return ia5Length(text);
    case 'latin1':
      if (!canEncodeLatin1(text)) encodeLatin1(text);
      return latin1Length(text);
    case 'ucs2':
      return ucs2Length(text);
  }
}

function textAlphabet(dataCoding: number, options: DataCodingOptions): TextEncoding {
  const alphabet = alphabetOf(dataCoding, options);
  const hex = `0x${dataCoding.toString(16).padStart(2, '0')}`;
  if (alphabet === undefined) {
    throw new EncodingError('unsupported_data_coding', `no text codec for data_coding ${hex}`, { dataCoding });
  }
  if (alphabet === 'binary') {
    throw new EncodingError('not_text', `data_coding ${hex} carries binary data, not text`, { dataCoding });
  }
  return alphabet;
}

/** Encode text for a data_coding value; binary or unknown values raise a typed error. */
export function encodeText(
  text: string,
  dataCoding: number,
  options: DataCodingOptions & EncodeOptions = {},
): Buffer {
  return encodeAs(text, textAlphabet(dataCoding, options), options);
}

/** Decode short_message / message_payload octets for a data_coding value. */
export function decodeText(data: Uint8Array, dataCoding: number, options: DataCodingOptions = {}): string {
  return decodeAs(data, textAlphabet(dataCoding, options));
}

export interface ChooseEncodingOptions {
  /**
   * Alphabets the upstream accepts. Default ['gsm7', 'ucs2']: Latin-1 and IA5 are opt-in, since
   * many SMSCs transcode or reject them.
   */
  allowed?: readonly TextEncoding[];
}

export interface ChosenEncoding {
  encoding: TextEncoding;
  dataCoding: number;
}

// Cheapest first: 7 bits per character, then 8, then 16.
const PREFERENCE: readonly TextEncoding[] = ['gsm7', 'ia5', 'latin1', 'ucs2'];

/** The most compact allowed alphabet that represents `text` losslessly, with its data_coding. */
export function chooseEncoding(text: string, options: ChooseEncodingOptions = {}): ChosenEncoding {
  const allowed = options.allowed ?? ['gsm7', 'ucs2'];
  for (const encoding of PREFERENCE) {
    if (allowed.includes(encoding) && canEncodeAs(text, encoding)) {
      return { encoding, dataCoding: dataCodingFor(encoding) };
    }
  }
  // Only reachable when UCS-2 is not allowed: report the first character none of them can carry.
  for (let i = 0; i < text.length; i++) {
    const char = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (!allowed.some((encoding) => canEncodeAs(char, encoding))) {
      throw new EncodingError('unencodable_char', `no allowed encoding (${allowed.join(', ')}) can carry index ${i}`, {
        index: i,
        codePoint: text.codePointAt(i) ?? 0,
        allowed: allowed.join(','),
      });
    }
  }
  throw new EncodingError('unencodable_char', `no allowed encoding (${allowed.join(', ')}) can carry the text`, {
    allowed: allowed.join(','),
  });
}
