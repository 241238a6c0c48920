// A scriptable SMPP peer on a raw socket: sends arbitrary bytes or PDUs and queues what it receives.
import { EventEmitter } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { FrameDecoder } from '../../src/protocols/shared/frame-decoder.ts';
import { decodePdu, encodePdu } from '../../src/protocols/smpp/codec.ts';
import type { SmppPdu, SmppPduInput } from '../../src/protocols/smpp/pdu-types.ts';
import { withTimeout } from './wait-for.ts';

/** A frame received by the raw peer: the bytes, and the PDU our codec made of them. */
export interface ReceivedFrame {
  bytes: Buffer;
  pdu: SmppPdu;
}

/**
 * Events: 'frame' (ReceivedFrame) for every complete frame received, 'close'.
 * It never answers anything by itself: the test decides what goes on the wire.
 */
export class RawSmppPeer extends EventEmitter {
  readonly frames: ReceivedFrame[] = [];
  /** Frames from the far side our codec could not decode (expected to stay empty). */
  readonly decodeErrors: Error[] = [];
  readonly closed: Promise<void>;
  isClosed = false;
  private readonly decoder = new FrameDecoder({ minLength: 16, maxLength: 1 << 20 });
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
    // A reset from the far side is an outcome the tests look at, not a crash.
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      try {
        for (let frame = this.decoder.next(); frame; frame = this.decoder.next()) {
          const received = { bytes: Buffer.from(frame), pdu: decodePdu(frame) };
          this.frames.push(received);
          this.emit('frame', received);
        }
      } catch (error) {
        // What the far side sent is not SMPP: keep the reason for the test and drop the connection.
        this.decodeErrors.push(error as Error);
        socket.destroy();
      }
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawSmppPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RawSmppPeer(socket));
      });
      socket.once('error', reject);
    });
  }

  send(pdu: SmppPduInput): void {
    this.socket.write(encodePdu(pdu));
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next frame not yet taken; rejects if the connection closes first or after `ms`. */
  async next(ms = 2000): Promise<SmppPdu> {
    const frame = await this.nextOrClose(ms);
    if (!frame) throw new Error('connection closed while waiting for a PDU');
    return frame.pdu;
  }

  /** The next frame not yet taken, or null once the connection has closed with nothing more queued. */
  nextOrClose(ms = 2000): Promise<ReceivedFrame | null> {
    if (this.cursor < this.frames.length) return Promise.resolve(this.frames[this.cursor++]);
    if (this.isClosed) return Promise.resolve(null);
    let onFrame: (() => void) | undefined;
    let onClose: (() => void) | undefined;
    const arrived = new Promise<ReceivedFrame | null>((resolve) => {
      onFrame = () => resolve(this.frames[this.cursor++]);
      onClose = () => resolve(null);
      this.once('frame', onFrame);
      this.once('close', onClose);
    });
    return withTimeout(arrived, ms, 'a PDU or close from the peer').finally(() => {
      this.off('frame', onFrame!);
      this.off('close', onClose!);
    });
  }

  /** Binds as an ESME and returns the bind response. */
  async bind(command: 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver', system_id: string, password: string, sequence_number = 1): Promise<SmppPdu> {
    this.send({ command, sequence_number, system_id, password, interface_version: 0x34 });
    return this.next();
  }

  /** Waits for the connection to close, failing after `ms`. */
  waitClosed(ms = 2000): Promise<void> {
    return withTimeout(this.closed, ms, 'the connection to close');
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A listener whose connections become RawSmppPeers: a fake SMSC or a misbehaving peer scripted by the test. */
export class RawSmppListener extends EventEmitter {
  readonly peers: RawSmppPeer[] = [];
  private readonly server: Server;

  constructor() {
    super();
    this.server = createServer((socket) => {
      const peer = new RawSmppPeer(socket);
      this.peers.push(peer);
      this.emit('peer', peer);
    });
  }

  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  /** The n-th connection (0-based) once it has arrived. */
  peer(index = 0, ms = 2000): Promise<RawSmppPeer> {
    if (this.peers[index]) return Promise.resolve(this.peers[index]);
    let onPeer: (() => void) | undefined;
    const arrived = new Promise<RawSmppPeer>((resolve) => {
      onPeer = () => {
        if (this.peers[index]) resolve(this.peers[index]);
      };
      this.on('peer', onPeer);
    });
    return withTimeout(arrived, ms, `connection #${index}`).finally(() => this.off('peer', onPeer!));
  }

  close(): Promise<void> {
    for (const peer of this.peers) peer.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
