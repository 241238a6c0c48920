// The typed error raised by text encoding, UDH handling and message splitting, with a stable code.

/**
 * Why an encoding operation failed. The codes are stable: connectors map them onto the core's
 * error catalogue (this folder is wire-layer code and cannot import it).
 */
export type EncodingErrorCode =
  | 'unencodable_char' // the text holds a character the chosen alphabet cannot represent
  | 'unsupported_data_coding' // a data_coding value we have no text codec for
  | 'not_text' // a binary data_coding was used where text was expected
  | 'malformed_udh' // a received UDH is structurally broken (lengths overflow the data)
  | 'invalid_udh' // a UDH we were asked to build has out-of-range fields
  | 'too_long' // the text does not fit the single message or payload it must go in
  | 'too_many_segments' // splitting would need more than 255 segments
  | 'invalid_reference' // concatenation reference missing or out of range
  | 'invalid_option'; // an option (limit, fill bits, ...) is out of range

export class EncodingError extends Error {
  readonly code: EncodingErrorCode;
  /** Extra facts for logs and API answers: offending index, char, limit, ... */
  readonly details: Readonly<Record<string, number | string>>;

  constructor(code: EncodingErrorCode, message: string, details: Record<string, number | string> = {}) {
    super(message);
    this.name = 'EncodingError';
    this.code = code;
    this.details = details;
  }
}

/** What an encoder does with a character its alphabet lacks. */
export type UnencodablePolicy = 'throw' | 'replace';

export interface EncodeOptions {
  /** 'throw' (default) raises `unencodable_char`; 'replace' writes '?' instead. */
  unencodable?: UnencodablePolicy;
}

/** Raise the standard error for an unencodable character at `index` of `text`. */
export function unencodable(alphabet: string, text: string, index: number): EncodingError {
  const codePoint = text.codePointAt(index) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return new EncodingError('unencodable_char', `U+${hex} at index ${index} cannot be encoded in ${alphabet}`, {
    alphabet,
    index,
    codePoint,
  });
}

