// Bounds-checked reading of big-endian integers and strings from one PDU frame.
import { PduDecodeError, type DecodeErrorKind } from './decode-error.ts';

export class PduReader {
  offset: number;

  /** The command id and sequence number only label errors; they are plain arguments to spare an object per PDU. */
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
    readonly commandId?: number,
    readonly sequenceNumber?: number,
  ) {
    this.offset = start;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  get atEnd(): boolean {
    return this.offset >= this.end;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.offset++];
  }

  u16(field: string): number {
    this.need(2, field);
    const { buf } = this;
    const o = this.offset;
    this.offset = o + 2;
    return (buf[o] << 8) | buf[o + 1];
  }

  u32(field: string): number {
    this.need(4, field);
    const { buf } = this;
    const o = this.offset;
    this.offset = o + 4;
    return ((buf[o] << 24) | (buf[o + 1] << 16) | (buf[o + 2] << 8) | buf[o + 3]) >>> 0;
  }

  /** Unsigned big-endian integer of 1 to 6 octets. */
  uint(field: string, length: number): number {
    this.need(length, field);
    const value = this.buf.readUIntBE(this.offset, length);
    this.offset += length;
    return value;
  }

  /**
   * NUL-terminated string whose size, NUL included, is at most `max` octets.
   * Read as Latin-1 so every octet maps to one code unit and nothing is lost.
   */
  cstring(field: string, max: number, status?: number): string {
    const { buf } = this;
    const start = this.offset;
    const limit = Math.min(this.end, start + max);
    let i = start;
    while (i < limit && buf[i] !== 0) i++;
    if (i === limit) {
      // Cut off by the end of the PDU: a length error (the caller's default), not a bad field value.
      if (limit === this.end && this.end - start < max) this.fail('truncated', 'C-string has no terminating NUL before the end of the PDU', field);
      this.fail('string_too_long', `C-string longer than ${max - 1} characters`, field, status);
    }
    this.offset = i + 1;
    return latin1(buf, start, i);
  }

  /** Fixed-width field padded with NULs (CMPP, SGIP, SMGP); trailing NULs are stripped. */
  fixedString(field: string, width: number): string {
    this.need(width, field);
    const start = this.offset;
    let stop = start + width;
    this.offset = stop;
    const { buf } = this;
    let i = start;
    while (i < stop && buf[i] !== 0) i++;
    stop = i;
    return latin1(buf, start, stop);
  }

  /** Raw octets; a view into the frame, not a copy. */
  octets(field: string, length: number, status?: number): Buffer {
    this.need(length, field, status);
    const value = this.buf.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  fail(kind: DecodeErrorKind, message: string, field?: string, status?: number): never {
    throw new PduDecodeError(kind, message, {
      commandId: this.commandId,
      sequenceNumber: this.sequenceNumber,
      offset: this.offset,
      field,
      status,
    });
  }

  private need(length: number, field: string, status?: number): void {
    if (this.offset + length > this.end) this.fail('truncated', `needs ${length} octet(s), ${this.end - this.offset} left`, field, status);
  }
}

// Buffer's own latin1Slice skips the argument normalisation of toString(), which dominates for
// short strings; it is not in Node's typings, so fall back to toString() if it ever disappears.
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

/**
 * Latin-1 text of buf[start, end). Protocol fields are mostly short identifiers: building a few
 * characters by hand beats any native call, and the native slice wins beyond that.
 */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= 8) {
    let text = '';
    for (let i = start; i < end; i++) text += String.fromCharCode(buf[i]);
    return text;
  }
  return latin1Slice ? latin1Slice.call(buf, start, end) : Buffer.prototype.toString.call(buf, 'latin1', start, end);
}
