// A scriptable SGIP peer on a raw socket: sends arbitrary octets and queues the frames it receives.
import { connect, type Socket } from 'node:net';
import { FrameDecoder } from '../../src/protocols/shared/frame-decoder.ts';
import { decodeSgipPdu } from '../../src/protocols/sgip/codec.ts';
import type { SgipPdu } from '../../src/protocols/sgip/pdu-types.ts';

export class RawSgipPeer {
  readonly frames: SgipPdu[] = [];
  /** Frames from the far side our codec could not decode (expected to stay empty). */
  readonly decodeErrors: Error[] = [];
  isClosed = false;
  private readonly decoder = new FrameDecoder({ minLength: 20, maxLength: 1 << 20 });
  private cursor = 0;
  private wake: (() => void) | null = null;

  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.once('close', () => {
      this.isClosed = true;
      this.wake?.();
    });
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      try {
        for (let frame = this.decoder.next(); frame; frame = this.decoder.next()) this.frames.push(decodeSgipPdu(Buffer.from(frame)));
      } catch (error) {
        this.decodeErrors.push(error as Error);
        socket.destroy();
      }
      this.wake?.();
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawSgipPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RawSgipPeer(socket));
      });
      socket.once('error', reject);
    });
  }

  send(bytes: Uint8Array): void {
    if (!this.isClosed) this.socket.write(bytes);
  }

  /** The next frame not yet taken, or null when the connection closes or `ms` pass first. */
  async nextOrClose(ms = 2000): Promise<SgipPdu | null> {
    const deadline = Date.now() + ms;
    while (this.cursor >= this.frames.length) {
      if (this.isClosed || Date.now() >= deadline) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return this.frames[this.cursor++]!;
  }

  /** The next frame, failing the test when none comes. */
  async next(ms = 2000): Promise<SgipPdu> {
    const frame = await this.nextOrClose(ms);
    if (!frame) throw new Error(`no SGIP frame within ${ms} ms (closed: ${this.isClosed})`);
    return frame;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
