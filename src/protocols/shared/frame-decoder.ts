// Splits a byte stream into length-prefixed frames (4-octet big-endian total length at offset 0).
import { PduDecodeError } from './decode-error.ts';

export interface FrameDecoderOptions {
  /** Smallest legal frame, i.e. the protocol's header size. */
  minLength: number;
  /** Largest frame accepted; anything larger is treated as a broken stream. */
  maxLength: number;
}

export class FrameDecoder {
  private pending: Buffer | null = null;
  private readonly minLength: number;
  private readonly maxLength: number;

  constructor(options: FrameDecoderOptions) {
    this.minLength = options.minLength;
    this.maxLength = options.maxLength;
  }

  /** Octets received but not yet returned as a frame. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }

  push(chunk: Buffer): void {
    this.pending = this.pending && this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
  }

  /**
   * The next complete frame, or null when more octets are needed. A length outside
   * [minLength, maxLength] throws a `bad_length` error: the stream cannot be re-synchronised,
   * so the caller answers what it can from the header and closes the connection.
   */
  next(): Buffer | null {
    const buf = this.pending;
    if (!buf || buf.length < 4) return null;
    const length = buf.readUInt32BE(0);
    if (length < this.minLength || length > this.maxLength) {
      this.pending = null;
      throw new PduDecodeError('bad_length', `frame length ${length} outside ${this.minLength}..${this.maxLength}`, {
        offset: 0,
        field: 'command_length',
        commandId: buf.length >= 8 ? buf.readUInt32BE(4) : undefined,
        sequenceNumber: buf.length >= 16 ? buf.readUInt32BE(12) : undefined,
      });
    }
    if (buf.length < length) return null;
    const frame = buf.subarray(0, length);
    this.pending = buf.length === length ? null : buf.subarray(length);
    return frame;
  }
}
