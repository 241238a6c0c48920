// A scriptable SMGP peer on a raw socket, either end: sends arbitrary bytes or PDUs and queues what
// it receives. It never answers anything by itself; the test decides what goes on the wire.
import { EventEmitter } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { FrameDecoder } from '../../src/protocols/shared/frame-decoder.ts';
import { authenticatorClient } from '../../src/protocols/smgp/authenticator.ts';
import { decodeSmgp, encodeSmgp } from '../../src/protocols/smgp/codec.ts';
import type { SmgpPdu, SmgpPduInput, SmgpPduOf } from '../../src/protocols/smgp/pdu-types.ts';
import { withTimeout } from './wait-for.ts';

export interface ReceivedFrame {
  bytes: Buffer;
  pdu: SmgpPdu;
}

/** Events: 'frame' (ReceivedFrame), 'close'. */
export class RawSmgpPeer extends EventEmitter {
  readonly frames: ReceivedFrame[] = [];
  /** Frames from the far side our codec could not decode (expected to stay empty). */
  readonly decodeErrors: Error[] = [];
  readonly closed: Promise<void>;
  isClosed = false;
  private readonly decoder = new FrameDecoder({ minLength: 12, maxLength: 1 << 20 });
  private cursor = 0;

  constructor(readonly socket: Socket) {
    super();
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.isClosed = true;
        resolve();
        this.emit('close');
      });
    });
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      try {
        for (let frame = this.decoder.next(); frame; frame = this.decoder.next()) {
          const received = { bytes: Buffer.from(frame), pdu: decodeSmgp(Buffer.from(frame)) };
          this.frames.push(received);
          this.emit('frame', received);
        }
      } catch (error) {
        this.decodeErrors.push(error as Error);
        socket.destroy();
      }
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawSmgpPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RawSmgpPeer(socket));
      });
      socket.once('error', reject);
    });
  }

  send(pdu: SmgpPduInput): void {
    this.socket.write(encodeSmgp(pdu));
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Logs in as `clientId` with `secret` and returns the Login_Resp. */
  async login(clientId: string, secret: string, sequence = 1, LoginMode = 2): Promise<SmgpPduOf<'Login_Resp'>> {
    const TimeStamp = 1120203225;
    this.send({ command: 'Login', sequence, ClientID: clientId, AuthenticatorClient: authenticatorClient(clientId, secret, TimeStamp), LoginMode, TimeStamp, ClientVersion: 0x30 });
    return (await this.next()) as SmgpPduOf<'Login_Resp'>;
  }

  /** The next frame not yet taken; rejects if the connection closes first or after `ms`. */
  async next(ms = 2000): Promise<SmgpPdu> {
    const frame = await this.nextOrClose(ms);
    if (!frame) throw new Error('connection closed while waiting for a PDU');
    return frame.pdu;
  }

  /** The next frame not yet taken, or null once the connection has closed. */
  nextOrClose(ms = 2000): Promise<ReceivedFrame | null> {
    if (this.cursor < this.frames.length) return Promise.resolve(this.frames[this.cursor++]);
    if (this.isClosed) return Promise.resolve(null);
    return withTimeout(
      new Promise<ReceivedFrame | null>((resolve) => {
        const onFrame = () => {
          this.off('close', onClose);
          resolve(this.frames[this.cursor++]);
        };
        const onClose = () => {
          this.off('frame', onFrame);
          resolve(this.cursor < this.frames.length ? this.frames[this.cursor++] : null);
        };
        this.once('frame', onFrame);
        this.once('close', onClose);
      }),
      ms,
      'a frame from the SMGP peer',
    );
  }

  waitClosed(ms = 2000): Promise<void> {
    return withTimeout(this.closed, ms, 'the SMGP connection to close');
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A TCP server handing each connection to `onPeer` as a RawSmgpPeer: a misbehaving SMGW. */
export async function rawSmgpServer(onPeer: (peer: RawSmgpPeer) => void): Promise<{ port: number; peers: RawSmgpPeer[]; close(): Promise<void> }> {
  const peers: RawSmgpPeer[] = [];
  const server: Server = createServer((socket) => {
    const peer = new RawSmgpPeer(socket);
    peers.push(peer);
    onPeer(peer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    peers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const peer of peers) peer.destroy();
        server.close(() => resolve());
      }),
  };
}
