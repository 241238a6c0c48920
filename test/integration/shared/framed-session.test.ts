import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotReadyError, ResponseStatusError, SessionClosedError } from '../../../src/protocols/shared/framed-errors.ts';
import { FramedSession, ResponseTimeoutError, WindowFullError, type FramedSessionOptions } from '../../../src/protocols/shared/framed-session.ts';
import { REFUSED, frame, toyDialect, type ToyPdu } from '../../support/toy-dialect.ts';
import { Deferred, waitForEvent, waitUntil, withTimeout } from '../../support/wait-for.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A connected socket pair over real TCP on 127.0.0.1. */
async function socketPair(): Promise<[Socket, Socket]> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [serverSide] = await accepted;
  cleanups.push(() => {
    client.destroy();
    serverSide.destroy();
    server.close();
  });
  return [client, serverSide];
}

type Options = Partial<FramedSessionOptions<ToyPdu>>;

async function sessions(clientOptions: Options = {}, serverOptions: Options = {}) {
  const [clientSocket, serverSocket] = await socketPair();
  const server = new FramedSession(serverSocket, toyDialect, {
    role: 'server',
    onRequest: (pdu, session) => {
      if (pdu.command === 'login') {
        if (pdu.text !== 'secret') return { status: 3 };
        session.acceptLogin('acme');
        return {};
      }
      return { text: `id-${pdu.text}` };
    },
    ...serverOptions,
  });
  const client = new FramedSession(clientSocket, toyDialect, { role: 'client', ...clientOptions });
  return { client, server, clientSocket, serverSocket };
}

async function loggedIn(clientOptions: Options = {}, serverOptions: Options = {}) {
  const pair = await sessions(clientOptions, serverOptions);
  await pair.client.login({ text: 'secret' }, 'acme');
  return pair;
}

/** Reads raw frames a session wrote to `socket`. */
function rawFrames(socket: Socket): Buffer[] {
  const frames: Buffer[] = [];
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
      frames.push(pending.subarray(0, pending.readUInt32BE(0)));
      pending = pending.subarray(pending.readUInt32BE(0));
    }
  });
  return frames;
}

describe('FramedSession', () => {
  it('logs in, then matches each response to its request', async () => {
    const { client, server } = await loggedIn();
    expect(client.state).toBe('ready');
    expect(server.state).toBe('ready');
    expect(server.identity).toBe('acme');
    const answers = await Promise.all(['a', 'b', 'c'].map((text) => client.request('submit', { text })));
    expect(answers.map((answer) => answer.text)).toEqual(['id-a', 'id-b', 'id-c']);
    expect(client.stats()).toMatchObject({ requestsSent: 4, responsesReceived: 4, inFlight: 0 });
  });

  it('rejects a refused login with the protocol status and stays not ready', async () => {
    const { client } = await sessions();
    const error = await client.login({ text: 'wrong' }, 'acme').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseStatusError);
    expect((error as ResponseStatusError).status).toBe(3);
    expect(client.state).toBe('open');
    await expect(client.request('submit', { text: 'x' })).rejects.toBeInstanceOf(NotReadyError);
  });

  it('refuses requests before login, and a second login, with the dialect status', async () => {
    const { clientSocket, server } = await sessions();
    const frames = rawFrames(clientSocket);
    clientSocket.write(frame(4, 7, Buffer.from('early')));
    clientSocket.write(frame(1, 8, Buffer.from('secret')));
    clientSocket.write(frame(1, 9, Buffer.from('secret')));
    await waitUntil(server, 'state', () => server.state === 'ready');
    await withTimeout((async () => { while (frames.length < 3) await new Promise((resolve) => clientSocket.once('data', resolve)); })(), 2000, 'three answers');
    const statuses = frames.map((f) => [f.readUInt32BE(8), f.readUInt32BE(12)]);
    expect(statuses).toEqual([[7, REFUSED.not_logged_in], [8, 0], [9, REFUSED.already_logged_in]]);
  });

  it('handles what follows a login in the same segment only once the login is answered', async () => {
    const { clientSocket } = await sessions({}, {
      onRequest: async (pdu, session) => {
        if (pdu.command !== 'login') return { text: `id-${pdu.text}` };
        await new Promise((resolve) => setImmediate(resolve)); // an authentication that takes a moment
        session.acceptLogin('acme');
        return {};
      },
    });
    const frames = rawFrames(clientSocket);
    clientSocket.write(Buffer.concat([frame(1, 1, Buffer.from('secret')), frame(4, 2, Buffer.from('early')), frame(8, 3)]));
    await withTimeout((async () => { while (frames.length < 3) await new Promise((resolve) => clientSocket.once('data', resolve)); })(), 2000, 'three answers');
    const answers = frames.map((f) => ({ command: f.readUInt32BE(4) & 0xff, sequence: f.readUInt32BE(8), status: f.readUInt32BE(12), text: f.subarray(16).toString() }));
    // The login is answered first; the others after it, accepted (the submit's handler is async, so in either order).
    expect(answers[0]).toEqual({ command: 1, sequence: 1, status: 0, text: '' });
    expect(answers.slice(1).sort((x, y) => x.sequence - y.sequence)).toEqual([
      { command: 4, sequence: 2, status: 0, text: 'id-early' },
      { command: 8, sequence: 3, status: 0, text: '' },
    ]);
  });

  it('answers a malformed request and keeps the session', async () => {
    const { client, clientSocket, server } = await loggedIn();
    const errors: Error[] = [];
    server.on('protocolError', (error: Error) => errors.push(error));
    clientSocket.write(frame(4, 99));
    const answered = await withTimeout(client.request('submit', { text: 'after' }), 2000, 'submit after a bad frame');
    expect(answered.text).toBe('id-after');
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('text missing')]);
    expect(server.state).toBe('ready');
  });

  it('ignores an unknown command id but reports it', async () => {
    const { client, clientSocket, server } = await loggedIn();
    const reported = waitForEvent<[Error]>(server, 'protocolError');
    clientSocket.write(frame(0x77, 5));
    expect((await reported)[0].message).toContain('unknown command');
    expect((await client.request('submit', { text: 'x' })).text).toBe('id-x');
  });

  it('closes on a frame length it cannot re-frame, rejecting what was pending', async () => {
    const slow = new Deferred<object>();
    const { client, serverSocket } = await loggedIn({}, { onRequest: (pdu, session) => (pdu.command === 'login' ? (session.acceptLogin('a'), {}) : slow.promise) });
    const pending = client.request('submit', { text: 'x' });
    const bad = Buffer.alloc(12);
    bad.writeUInt32BE(5_000_000, 0);
    serverSocket.write(bad);
    await expect(pending).rejects.toBeInstanceOf(SessionClosedError);
    expect(client.state).toBe('closed');
  });

  it('reports busy when the window is full and drain when it frees', async () => {
    const hold = new Deferred<object>();
    const { client } = await loggedIn({ window: 2 }, { onRequest: (pdu, session) => (pdu.command === 'login' ? (session.acceptLogin('a'), {}) : hold.promise) });
    const busy = waitForEvent(client, 'busy');
    const first = client.request('submit', { text: '1' });
    const second = client.request('submit', { text: '2' });
    await busy;
    await expect(client.request('submit', { text: '3' })).rejects.toBeInstanceOf(WindowFullError);
    const drained = waitForEvent(client, 'drain');
    hold.resolve({ text: 'done' });
    await Promise.all([first, second, drained]);
  });

  it('times out a request nobody answers', async () => {
    const { client } = await loggedIn({ requestTimeoutMs: 100 }, { onRequest: (pdu, session) => (pdu.command === 'login' ? (session.acceptLogin('a'), {}) : new Promise(() => {})) });
    await expect(client.request('submit', { text: 'x' })).rejects.toBeInstanceOf(ResponseTimeoutError);
    expect(client.stats().timeouts).toBe(1);
  });

  it('keeps an idle link alive, and declares the peer dead after N unanswered keep-alives', async () => {
    const [clientSocket, peerSocket] = await socketPair();
    const client = new FramedSession(clientSocket, toyDialect, { role: 'client', keepAliveIntervalMs: 40, requestTimeoutMs: 60, keepAliveMaxMissed: 2 });
    // A raw peer that answers the login and the first three keep-alives, then falls silent.
    let keepAlivesAnswered = 0;
    const threeAnswered = new Deferred<void>();
    peerSocket.on('data', (chunk: Buffer) => {
      for (let offset = 0; offset < chunk.length; offset += chunk.readUInt32BE(offset)) {
        const [id, sequence] = [chunk.readUInt32BE(offset + 4), chunk.readUInt32BE(offset + 8)];
        if (id === 8 && keepAlivesAnswered === 3) continue;
        if (id === 8 && ++keepAlivesAnswered === 3) threeAnswered.resolve();
        peerSocket.write(frame((id | 0x80000000) >>> 0, sequence, Buffer.alloc(4)));
      }
    });
    await client.login({ text: 'secret' }, 'acme');
    await withTimeout(threeAnswered.promise, 3000, 'three keep-alives');
    expect(client.state).toBe('ready');
    const [reason] = await waitForEvent<[string]>(client, 'close', 3000);
    expect(reason).toContain('did not answer 2 keep-alives');
  });

  it('terminates gracefully from either side', async () => {
    const { client, server } = await loggedIn();
    const serverClosed = waitForEvent<[string]>(server, 'close');
    await client.terminate();
    expect(client.state).toBe('closed');
    expect((await serverClosed)[0]).toBe('peer terminated');
  });

  it('closes an idle connection when asked to (short-lived links)', async () => {
    const { client, server } = await loggedIn({ idleTimeoutMs: 80, keepAliveIntervalMs: 0 });
    const closed = waitForEvent<[string]>(client, 'close', 3000);
    const serverClosed = waitForEvent<[string]>(server, 'close', 3000);
    expect((await client.request('submit', { text: 'x' })).text).toBe('id-x');
    expect((await closed)[0]).toBe('terminated');
    expect((await serverClosed)[0]).toBe('peer terminated');
  });

  it('answers a failing handler with the internal refusal', async () => {
    const { client } = await loggedIn({}, {
      onRequest: (pdu, session) => {
        if (pdu.command === 'login') {
          session.acceptLogin('a');
          return {};
        }
        throw new Error('boom');
      },
    });
    const error = await client.request('submit', { text: 'x' }).catch((caught: unknown) => caught);
    expect((error as ResponseStatusError).status).toBe(REFUSED.internal);
  });

  it('pauses reading while too many requests are being handled', async () => {
    const held: Array<Deferred<object>> = [];
    const fourHeld = new Deferred<void>();
    const { client, server } = await loggedIn({ window: 50 }, {
      maxPendingInbound: 4,
      onRequest: (pdu, session) => {
        if (pdu.command === 'login') {
          session.acceptLogin('a');
          return {};
        }
        const answer = new Deferred<object>();
        if (held.push(answer) === 4) fourHeld.resolve();
        return answer.promise;
      },
    });
    const requests = Array.from({ length: 10 }, (_, index) => client.request('submit', { text: String(index) }));
    await withTimeout(fourHeld.promise, 2000, 'four requests in the handler');
    expect(server.socket.isPaused()).toBe(true);
    expect(server.stats().pendingInbound).toBe(4);
    // Releasing them lets the rest in; every request is answered.
    const release = setInterval(() => held.splice(0).forEach((answer) => answer.resolve({ text: 'ok' })), 5);
    await Promise.all(requests);
    clearInterval(release);
  });
});
