// Big-endian writing into a buffer allocated once at the PDU's final size.

export class PduWriter {
  readonly buf: Buffer;
  offset = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  u8(value: number): void {
    this.buf[this.offset++] = value;
  }

  // Plain index stores: Buffer#writeUInt*BE validates its arguments on every call, which shows up
  // in profiles at a million PDUs a second.
  u16(value: number): void {
    const { buf } = this;
    buf[this.offset++] = value >>> 8;
    buf[this.offset++] = value;
  }

  u32(value: number): void {
    const { buf } = this;
    buf[this.offset++] = value >>> 24;
    buf[this.offset++] = value >>> 16;
    buf[this.offset++] = value >>> 8;
    buf[this.offset++] = value;
  }

  uint(value: number, length: number): void {
    this.buf.writeUIntBE(value, this.offset, length);
    this.offset += length;
  }

  /** Latin-1 characters followed by one NUL. */
  cstring(value: string): void {
    this.latin1(value);
    this.buf[this.offset++] = 0;
  }

  /** Latin-1 characters padded with NULs to exactly `width` octets (the caller checked the length). */
  fixedString(value: string, width: number): void {
    const end = this.offset + width;
    this.latin1(value);
    this.buf.fill(0, this.offset, end);
    this.offset = end;
  }

  octets(value: Uint8Array): void {
    this.buf.set(value, this.offset);
    this.offset += value.length;
  }

  zeros(length: number): void {
    this.buf.fill(0, this.offset, this.offset + length);
    this.offset += length;
  }

  private latin1(value: string): void {
    const { buf } = this;
    let o = this.offset;
    // Short identifiers dominate; a loop beats Buffer.write's call overhead for them.
    for (let i = 0; i < value.length; i++) buf[o++] = value.charCodeAt(i);
    this.offset = o;
  }
}
