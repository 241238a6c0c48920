// UCS-2 / UTF-16BE text (data_coding 0x08): encode, decode, length in 16-bit units, surrogate helpers.

export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** UTF-16 units of the character starting at `index`: 2 for a well-formed surrogate pair, else 1. */
export function charWidthAt(text: string, index: number): 1 | 2 {
  if (index + 1 < text.length && isHighSurrogate(text.charCodeAt(index))) {
    if (isLowSurrogate(text.charCodeAt(index + 1))) return 2;
  }
  return 1;
}

/** Every UTF-16 string is representable: characters outside the BMP travel as surrogate pairs. */
export function canEncodeUcs2(_text: string): boolean {
  return true;
}

/** Length in 16-bit units, the unit SMS segment limits count in (a non-BMP character is 2). */
export function ucs2Length(text: string): number {
  return text.length;
}

/**
 * Encode as big-endian 16-bit units (SMPP 3.4 §5.2.19, data_coding 0x08). Surrogate pairs are
 * written unit by unit, so characters outside the BMP survive (UTF-16BE, as handsets expect).
 */
export function encodeUcs2(text: string): Buffer {
  const out = Buffer.from(text, 'utf16le');
  return out.swap16();
}

/** Decode big-endian 16-bit units. An odd trailing octet (a truncated unit) is ignored. */
export function decodeUcs2(data: Uint8Array): string {
  const even = data.length & ~1;
  if (even === 0) return '';
  // Copy: swap16 works in place and the caller's buffer must stay untouched.
  const copy = Buffer.from(data.buffer, data.byteOffset, even);
  return Buffer.from(copy).swap16().toString('utf16le');
}
