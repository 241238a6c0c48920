// GSM 03.38 default alphabet and extension table: encode/decode unpacked septets, count, pack and unpack.
import { EncodingError, unencodable, type EncodeOptions } from './encoding-error.ts';
import { charWidthAt } from './ucs2.ts';

/** The escape septet that introduces the extension table (GSM 03.38 §6.2.1.1). */
export const GSM7_ESCAPE = 0x1b;
const QUESTION_MARK = 0x3f;
const SPACE = 0x20;

/** Default alphabet, code → character (GSM 03.38 §6.2.1). Index 0x1B is the escape, never a character. */
export const GSM7_BASIC: readonly string[] = [
  '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
  'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', '\u001b', 'Æ', 'æ', 'ß', 'É',
  ' ', '!', '"', '#', '¤', '%', '&', "'", '(', ')', '*', '+', ',', '-', '.', '/',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
  '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
  'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
  '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
  'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
];

/** Extension table, code after ESC → character (GSM 03.38 §6.2.1.1); each costs two septets. */
export const GSM7_EXTENSION: ReadonlyMap<number, string> = new Map([
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
]);

// UTF-16 unit → septet (0..0x7F), extension code | 0x100, or -1. Every GSM character is in the BMP.
const ENCODE = new Int16Array(0x10000).fill(-1);
// Septet → UTF-16 unit for the two tables (-1 = not an extension code).
const DECODE_BASIC = new Uint16Array(128);
const DECODE_EXTENSION = new Int32Array(128).fill(-1);

for (let code = 0; code < 128; code++) {
  const unit = GSM7_BASIC[code].charCodeAt(0);
  DECODE_BASIC[code] = unit;
  if (code !== GSM7_ESCAPE) ENCODE[unit] = code;
}
for (const [code, char] of GSM7_EXTENSION) {
  const unit = char.charCodeAt(0);
  DECODE_EXTENSION[code] = unit;
  ENCODE[unit] = 0x100 | code;
}

/** Septets one UTF-16 unit costs: 1 (default alphabet), 2 (extension table) or 0 (not representable). */
export function gsm7Cost(unit: number): 0 | 1 | 2 {
  const entry = ENCODE[unit];
  if (entry < 0) return 0;
  return entry > 0xff ? 2 : 1;
}

export function canEncodeGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (ENCODE[text.charCodeAt(i)] < 0) return false;
  }
  return true;
}

/** Length of `text` in septets (extension characters count 2); throws `unencodable_char`. */
export function gsm7Length(text: string): number {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    const cost = gsm7Cost(text.charCodeAt(i));
    if (cost === 0) throw unencodable('GSM 7-bit', text, i);
    septets += cost;
  }
  return septets;
}

/**
 * Encode to unpacked septets, one per octet with the high bit clear: how SMPP carries
 * data_coding 0x00 (SMPP 3.4 §5.2.19; packing belongs to the air interface).
 */
export function encodeGsm7(text: string, options: EncodeOptions = {}): Buffer {
  const replace = options.unencodable === 'replace';
  const out = Buffer.allocUnsafe(text.length * 2);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const entry = ENCODE[text.charCodeAt(i)];
    if (entry < 0) {
      if (!replace) throw unencodable('GSM 7-bit', text, i);
      out[o++] = QUESTION_MARK;
      i += charWidthAt(text, i) - 1; // one '?' for a whole surrogate pair
    } else if (entry > 0xff) {
      out[o++] = GSM7_ESCAPE;
      out[o++] = entry & 0x7f;
    } else {
      out[o++] = entry;
    }
  }
  return out.subarray(0, o);
}

/**
 * Decode unpacked septets. Never throws: the high bit of each octet is masked off (only seven bits
 * carry meaning in this alphabet), an escape followed by a code the extension table lacks yields
 * the default-alphabet character for that code, and ESC ESC or a dangling ESC yields a space
 * (GSM 03.38 §6.2.1.1: the receiver shows the main-table character, or a space).
 */
export function decodeGsm7(septets: Uint8Array): string {
  const units = new Uint16Array(septets.length);
  let n = 0;
  for (let i = 0; i < septets.length; i++) {
    const code = septets[i] & 0x7f;
    if (code !== GSM7_ESCAPE) {
      units[n++] = DECODE_BASIC[code];
      continue;
    }
    if (i + 1 >= septets.length) {
      units[n++] = SPACE;
      break;
    }
    const next = septets[++i] & 0x7f;
    const extension = DECODE_EXTENSION[next];
    if (extension >= 0) units[n++] = extension;
    else if (next === GSM7_ESCAPE) units[n++] = SPACE; // 0x1B1B is reserved for a further table
    else units[n++] = DECODE_BASIC[next];
  }
  return unitsToString(units, n);
}

function unitsToString(units: Uint16Array, length: number): string {
  let text = '';
  // Chunked so very long inputs stay within the engine's argument-count limit. apply takes the typed
  // array as it is, where a spread would walk it with an iterator, allocating on every message.
  for (let start = 0; start < length; start += 8192) {
    text += String.fromCharCode.apply(null, units.subarray(start, Math.min(length, start + 8192)) as unknown as number[]);
  }
  return text;
}

/** Fill bits that align septets after a UDH of `udhOctets` octets (GSM 03.40 §9.2.3.24). */
export function septetFillBits(udhOctets: number): number {
  return (7 - ((udhOctets * 8) % 7)) % 7;
}

function checkFillBits(fillBits: number): void {
  if (!Number.isInteger(fillBits) || fillBits < 0 || fillBits > 6) {
    throw new EncodingError('invalid_option', `fill bits must be 0..6, got ${fillBits}`, { fillBits });
  }
}

/**
 * Pack septets (one per octet) into the 7-bit form of GSM 03.38 §6.1.2.1.1: septet 1 in bits 0–6
 * of octet 1, the low bit of septet 2 in bit 7, and so on. `fillBits` leading zero bits are left
 * free, as after a UDH whose length is not a multiple of seven bits.
 */
export function packSeptets(septets: Uint8Array, fillBits = 0): Buffer {
  checkFillBits(fillBits);
  const out = Buffer.alloc(Math.ceil((fillBits + septets.length * 7) / 8));
  let bit = fillBits;
  for (let i = 0; i < septets.length; i++, bit += 7) {
    const septet = septets[i] & 0x7f;
    const index = bit >> 3;
    const shift = bit & 7;
    out[index] |= (septet << shift) & 0xff;
    if (shift > 1) out[index + 1] |= septet >> (8 - shift);
  }
  return out;
}

/**
 * Unpack packed 7-bit data into one septet per octet. Pass `septetCount` (TP-UDL / sm_length)
 * where known: without it, 7 septets in 7 octets are indistinguishable from 8 ending in '@'.
 * A count larger than the data holds is clamped, never read past the end.
 */
export function unpackSeptets(packed: Uint8Array, septetCount?: number, fillBits = 0): Buffer {
  checkFillBits(fillBits);
  if (septetCount !== undefined && (!Number.isInteger(septetCount) || septetCount < 0)) {
    throw new EncodingError('invalid_option', `septet count must be a non-negative integer, got ${septetCount}`, {
      septetCount,
    });
  }
  const available = Math.max(0, Math.floor((packed.length * 8 - fillBits) / 7));
  const count = septetCount === undefined ? available : Math.min(septetCount, available);
  const out = Buffer.allocUnsafe(count);
  let bit = fillBits;
  for (let i = 0; i < count; i++, bit += 7) {
    const index = bit >> 3;
    const shift = bit & 7;
    let value = packed[index] >> shift;
    if (shift > 1) value |= packed[index + 1] << (8 - shift);
    out[i] = value & 0x7f;
  }
  return out;
}
