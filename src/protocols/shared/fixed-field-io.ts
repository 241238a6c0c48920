// Reading and writing single fixed-width fields; the code compileLayout generates calls these.
import { PduDecodeError, PduEncodeError, type DecodeErrorKind } from './decode-error.ts';
import type { FixedField } from './fixed-fields.ts';
import { fixedWidthOf } from './fixed-fields.ts';
import { latin1 } from './pdu-reader.ts';

export const EMPTY = Buffer.alloc(0);

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Characters of a 0x00-padded text field, cut at the first 0x00. */
export function readText(buf: Buffer, start: number, width: number): string {
  const stop = start + width;
  let i = start;
  while (i < stop && buf[i] !== 0) i++;
  return i === start ? '' : latin1(buf, start, i);
}

/** The last string one text field decoded to: see readTextRepeated. */
export interface TextMemo {
  last: string;
}

/**
 * readText for one field of a compiled layout, returning the field's previous string when the
 * octets spell it again. Most text fields repeat from PDU to PDU on a connection (Service_Id,
 * Msg_src, Src_Id, FeeCode …): comparing a few octets costs less than making a new string.
 */
export function readTextRepeated(buf: Buffer, start: number, width: number, memo: TextMemo): string {
  const stop = start + width;
  let i = start;
  while (i < stop && buf[i] !== 0) i++;
  const n = i - start;
  if (n === 0) return '';
  const last = memo.last;
  if (last.length === n) {
    let j = 0;
    while (j < n && last.charCodeAt(j) === buf[start + j]) j++;
    if (j === n) return last;
  }
  const value = latin1(buf, start, i);
  memo.last = value;
  return value;
}

export function readHex(buf: Buffer, start: number, width: number): string {
  let out = '';
  for (let i = start; i < start + width; i++) out += HEX_BYTE[buf[i]];
  return out;
}

export function writeText(buf: Buffer, offset: number, value: unknown, width: number, field: string): void {
  let n = 0;
  if (value !== undefined && value !== null) {
    if (typeof value !== 'string') throw new PduEncodeError(field, `expected a string, got ${typeof value}`);
    n = value.length;
    if (n > width) throw new PduEncodeError(field, `${n} characters, the field holds ${width}`);
    for (let i = 0; i < n; i++) {
      const code = value.charCodeAt(i);
      if (code > 0xff) throw new PduEncodeError(field, `character U+${code.toString(16).padStart(4, '0')} at index ${i} is not one octet`);
      buf[offset + i] = code;
    }
  }
  for (let i = n; i < width; i++) buf[offset + i] = 0;
}

/**
 * writeText for a field the caller has already zero-filled: only the characters are written.
 * The compiled writers zero each run of fields with one native fill, which beats padding every
 * wide, mostly empty field (CMPP SUBMIT has a dozen) octet by octet.
 */
export function writeTextUnpadded(buf: Buffer, offset: number, value: unknown, width: number, field: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') throw new PduEncodeError(field, `expected a string, got ${typeof value}`);
  const n = value.length;
  if (n > width) throw new PduEncodeError(field, `${n} characters, the field holds ${width}`);
  for (let i = 0; i < n; i++) {
    const code = value.charCodeAt(i);
    if (code > 0xff) throw new PduEncodeError(field, `character U+${code.toString(16).padStart(4, '0')} at index ${i} is not one octet`);
    buf[offset + i] = code;
  }
}

/** Zeroes buf[start, end): the TypedArray builtin, without Buffer#fill's argument handling. */
const typedFill = Uint8Array.prototype.fill;
export function zero(buf: Buffer, start: number, end: number): void {
  typedFill.call(buf, 0, start, end);
}

export function writeOctets(buf: Buffer, offset: number, value: unknown, width: number, field: string): void {
  if (value === undefined || value === null || (value instanceof Uint8Array && value.length === 0)) {
    for (let i = 0; i < width; i++) buf[offset + i] = 0;
    return;
  }
  if (!(value instanceof Uint8Array)) throw new PduEncodeError(field, `expected octets, got ${typeof value}`);
  if (value.length !== width) throw new PduEncodeError(field, `${value.length} octets, the field takes exactly ${width}`);
  buf.set(value, offset);
}

/** Value of each hex digit's char code, -1 for anything else. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Up to 2·width hex digits, left-padded with '0' (so '' and undefined give all zeros). */
export function writeHex(buf: Buffer, offset: number, value: unknown, width: number, field: string): void {
  // Absent or empty (a SUBMIT's Msg_Id, which the ISMG fills in): all zeros, without a digit loop.
  if (value === undefined || value === null || value === '') {
    for (let i = 0; i < width; i++) buf[offset + i] = 0;
    return;
  }
  const digits = value;
  if (typeof digits !== 'string') throw new PduEncodeError(field, `expected a hex string, got ${typeof digits}`);
  const pad = 2 * width - digits.length;
  if (pad === 0 && writeHexPairs(buf, offset, digits, width)) return;
  if (pad < 0) throw new PduEncodeError(field, `${digits.length} hex digits, the field holds ${2 * width}`);
  let acc = 0;
  for (let at = -pad; at < digits.length; at++) {
    let nibble = 0;
    if (at >= 0) {
      const code = digits.charCodeAt(at);
      nibble = code < 256 ? HEX_VALUE[code] : -1;
      if (nibble < 0) throw new PduEncodeError(field, `'${digits[at]}' at index ${at} is not a hex digit`);
    }
    acc = (acc << 4) | nibble;
    // Every second digit completes an octet; `at + pad` counts digits from the field's start.
    if ((at + pad) & 1) {
      buf[offset + ((at + pad) >> 1)] = acc;
      acc = 0;
    }
  }
}

/** The common case, all 2·width digits given: two digits per octet; false (nothing reliable written) on a bad digit. */
function writeHexPairs(buf: Buffer, offset: number, digits: string, width: number): boolean {
  for (let i = 0; i < width; i++) {
    const high = digits.charCodeAt(2 * i);
    const low = digits.charCodeAt(2 * i + 1);
    // A code above 0xff indexes past the table (undefined), which `| 0` turns into 0 — so check it first.
    if ((high | low) > 0xff) return false;
    const h = HEX_VALUE[high];
    const l = HEX_VALUE[low];
    if ((h | l) < 0) return false;
    buf[offset + i] = (h << 4) | l;
  }
  return true;
}

export function badUint(field: string, value: unknown, width: number): never {
  const max = width === 4 ? 0xffffffff : (1 << (8 * width)) - 1;
  throw new PduEncodeError(field, `${String(value)} is not an integer in 0..${max}`);
}

/** Length of a variable octets value, checked against its limit (absent = 0). */
export function varOctetsLength(value: unknown, max: number, field: string): number {
  if (value === undefined || value === null) return 0;
  if (!(value instanceof Uint8Array)) throw new PduEncodeError(field, `expected octets, got ${typeof value}`);
  if (value.length > max) throw new PduEncodeError(field, `${value.length} octets, at most ${max} allowed`);
  return value.length;
}

/** Number of entries of a text list, checked against its limits (absent = 0). */
export function textListLength(value: unknown, min: number, max: number, field: string): number {
  const n = value === undefined || value === null ? 0 : Array.isArray(value) ? value.length : -1;
  if (n < 0) throw new PduEncodeError(field, `expected an array of strings, got ${typeof value}`);
  if (n < min || n > max) throw new PduEncodeError(field, `${n} entries, ${min}..${max} allowed`);
  return n;
}

export function decodeFail(
  kind: DecodeErrorKind,
  message: string,
  field: string,
  offset: number,
  commandId: number | undefined,
  sequenceNumber: number | undefined,
): never {
  throw new PduDecodeError(kind, message, { commandId, sequenceNumber, offset, field });
}

/** Slow path after a run of fixed fields did not fit: names the first field cut off by the end. */
export function truncatedRun(
  run: readonly FixedField[],
  offset: number,
  end: number,
  commandId: number | undefined,
  sequenceNumber: number | undefined,
): never {
  let at = offset;
  for (const field of run) {
    const width = fixedWidthOf(field) ?? 0;
    if (at + width > end) decodeFail('truncated', `needs ${width} octet(s), ${Math.max(0, end - at)} left`, field.name, at, commandId, sequenceNumber);
    at += width;
  }
  decodeFail('truncated', 'fields run past the end of the PDU', run[0]?.name ?? '', offset, commandId, sequenceNumber);
}
