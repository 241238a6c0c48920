// A raw TCP CMPP peer for tests: sends arbitrary octets, reads whole frames, logs in by hand.
import { connect, type Socket } from 'node:net';
import { connectRequest } from '../../src/protocols/cmpp/authenticator.ts';
import { decodeCmpp, encodeCmpp } from '../../src/protocols/cmpp/codec.ts';
import type { CmppPdu, CmppPduInput } from '../../src/protocols/cmpp/pdu-types.ts';
import type { CmppVersion } from '../../src/protocols/cmpp/version.ts';
import { PduDecodeError } from '../../src/protocols/shared/decode-error.ts';
import { FrameDecoder } from '../../src/protocols/shared/frame-decoder.ts';

export interface ReceivedCmppFrame {
  bytes: Buffer;
  pdu: CmppPdu;
}

/** A CMPP header and body: Total_Length defaults to the real length. */
export function cmppFrame(commandId: number, sequence: number, body: Buffer = Buffer.alloc(0), length = 12 + body.length): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt32BE(length >>> 0, 0);
  header.writeUInt32BE(commandId >>> 0, 4);
  header.writeUInt32BE(sequence >>> 0, 8);
  return Buffer.concat([header, body]);
}

export class RawCmppPeer {
  readonly frames: ReceivedCmppFrame[] = [];
  readonly decodeErrors: Error[] = [];
  private readonly decoder = new FrameDecoder({ minLength: 12, maxLength: 1 << 20 });
  private waiters: Array<() => void> = [];
  private closed = false;

  private constructor(
    readonly socket: Socket,
    readonly version: CmppVersion,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      for (let frame = this.decoder.next(); frame; frame = this.decoder.next()) {
        try {
          this.frames.push({ bytes: frame, pdu: decodeCmpp(frame, version) });
        } catch (error) {
          if (!(error instanceof PduDecodeError)) throw error;
          this.decodeErrors.push(error);
        }
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, version: CmppVersion = '3.0'): Promise<RawCmppPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawCmppPeer(socket, version)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  send(pdu: CmppPduInput): void {
    this.sendRaw(encodeCmpp(pdu, this.version));
  }

  /** CONNECT with these credentials; resolves with the CONNECT_RESP. */
  async login(spId: string, secret: string, sequence = 1): Promise<CmppPdu> {
    this.send(connectRequest({ sourceAddr: spId, secret, version: this.version, sequenceId: sequence }));
    return this.next();
  }

  /** The next frame, or null when the connection closes first (or `ms` passes). */
  async nextOrClose(ms = 2000): Promise<ReceivedCmppFrame | null> {
    const deadline = Date.now() + ms;
    while (this.frames.length === 0) {
      if (this.closed) return null;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.frames.shift()!;
  }

  async next(ms = 2000): Promise<CmppPdu> {
    const received = await this.nextOrClose(ms);
    if (!received) throw new Error(this.closed ? 'connection closed' : `no frame within ${ms} ms`);
    return received.pdu;
  }

  async waitClosed(ms = 2000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
