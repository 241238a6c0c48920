// An SMGP session on a socket that refuses writes: busy while write() returns false, ready again on
// 'drain', and closed (every pending request rejected) when the drain never comes.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SessionClosedError } from '../../../../src/protocols/shared/framed-errors.ts';
import { FramedSession } from '../../../../src/protocols/shared/framed-session.ts';
import { decodeSmgp, encodeSmgp } from '../../../../src/protocols/smgp/codec.ts';
import { smgpDialect } from '../../../../src/protocols/smgp/dialect.ts';
import type { SmgpPdu } from '../../../../src/protocols/smgp/pdu-types.ts';
import { waitForEvent } from '../../../support/wait-for.ts';

/** Just enough of a net.Socket: records writes, and accepts them only while `accepting`. */
class StubSocket extends EventEmitter {
  readonly written: Buffer[] = [];
  accepting = true;
  destroyed = false;
  remoteAddress = '127.0.0.1';
  write(buf: Buffer): boolean {
    this.written.push(buf);
    return this.accepting;
  }
  cork(): void {}
  uncork(): void {}
  setNoDelay(): void {}
  pause(): void {}
  resume(): void {}
  end(): void {
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
}

async function loggedInSession(drainTimeoutMs: number) {
  const socket = new StubSocket();
  const session = new FramedSession<SmgpPdu>(socket as unknown as Socket, smgpDialect, { role: 'client', drainTimeoutMs, keepAliveIntervalMs: 0 });
  const login = session.login({ ClientID: 'SP000001' }, 'SP000001');
  const request = decodeSmgp(socket.written[0]);
  socket.emit('data', encodeSmgp({ command: 'Login_Resp', sequence: request.sequence, Status: 0 }));
  await login;
  return { socket, session };
}

describe('SMGP session backpressure', () => {
  it('is busy while the socket refuses writes and drains with it', async () => {
    const { socket, session } = await loggedInSession(10_000);
    socket.accepting = false;
    const busy = waitForEvent(session, 'busy');
    const submit = session.request('Submit', { DestTermID: ['13301234567'] });
    await busy;
    expect(session.busy).toBe(true);
    const drained = waitForEvent(session, 'drain');
    socket.accepting = true;
    socket.emit('drain');
    await drained;
    expect(session.busy).toBe(false);
    const sent = decodeSmgp(socket.written.at(-1)!);
    socket.emit('data', encodeSmgp({ command: 'Submit_Resp', sequence: sent.sequence, MsgID: '01006101161700000001', Status: 0 }));
    await expect(submit).resolves.toMatchObject({ command: 'Submit_Resp', MsgID: '01006101161700000001' });
  });

  it('closes and rejects every pending request when the socket never drains', async () => {
    const { socket, session } = await loggedInSession(50);
    socket.accepting = false;
    const pending = [1, 2, 3].map(() => session.request('Submit', { DestTermID: ['13301234567'] }));
    const results = await Promise.allSettled(pending);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof SessionClosedError)).toBe(true);
    expect(session.state).toBe('closed');
  });
});
