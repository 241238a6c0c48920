// Session behaviour over real sockets: window, timeouts, close mid-window, throttling, keep-alive, backpressure, reconnect.
import fc from 'fast-check';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseTimeoutError, WindowFullError } from '../../../src/protocols/shared/in-flight-window.ts';
import { SequenceGenerator } from '../../../src/protocols/shared/sequence.ts';
import { SmppClient, type SmppClientOptions } from '../../../src/protocols/smpp/client.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';
import { SessionClosedError, SmppStatusError } from '../../../src/protocols/smpp/errors.ts';
import { SmppServer, type SmppServerOptions } from '../../../src/protocols/smpp/server.ts';
import type { Reply, RequestCommand, SmppSession } from '../../../src/protocols/smpp/session.ts';
import { RawSmppListener, RawSmppPeer } from '../../support/raw-smpp-peer.ts';
import { Deferred, waitForEvent, waitUntil, withTimeout } from '../../support/wait-for.ts';

const SUBMIT = { destination_addr: '8613800138000', data_coding: 0, short_message: Buffer.from('hello', 'latin1') };

let closers: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  const pending = closers.reverse();
  closers = [];
  for (const close of pending) await close();
});

async function startServer(options: Partial<SmppServerOptions> = {}, port = 0): Promise<{ server: SmppServer; port: number }> {
  const server = new SmppServer({ authenticate: () => ({ status: 0 }), enquireLinkIntervalMs: 0, ...options });
  const address = await server.listen(port);
  closers.push(() => server.close());
  return { server, port: address.port };
}

function newClient(port: number, options: Partial<SmppClientOptions> = {}): SmppClient {
  const client = new SmppClient({
    host: '127.0.0.1',
    port,
    system_id: 'kuaixin',
    password: 'secret',
    reconnect: false,
    enquireLinkIntervalMs: 0,
    requestTimeoutMs: 2000,
    ...options,
  });
  closers.push(() => client.close());
  return client;
}

async function startFake(): Promise<{ fake: RawSmppListener; port: number }> {
  const fake = new RawSmppListener();
  const port = await fake.listen();
  closers.push(() => fake.close());
  return { fake, port };
}

/** Connects `client` to the fake SMSC, which accepts the bind; returns the fake's side of the connection. */
async function connectToFake(client: SmppClient, fake: RawSmppListener, index = 0): Promise<RawSmppPeer> {
  const connected = client.connect();
  const peer = await fake.peer(index);
  const bind = await peer.next();
  expect(bind.command).toBe('bind_transceiver');
  peer.send({ command: 'bind_transceiver_resp', sequence_number: bind.sequence_number, system_id: 'FAKE' });
  await withTimeout(connected, 2000, 'client bound to the fake SMSC');
  return peer;
}

function commandsSeen(peer: RawSmppPeer, command: string): number {
  return peer.frames.filter((f) => f.pdu.command === command).length;
}

describe('sequence numbers', () => {
  it('run from 1 to 0x7FFFFFFF and then wrap to 1, never 0', () => {
    const fresh = new SequenceGenerator();
    expect([fresh.next(), fresh.next(), fresh.next()]).toEqual([1, 2, 3]);
    const nearEnd = new SequenceGenerator(0x7fffffff, 0x7ffffffe);
    expect([nearEnd.next(), nearEnd.next(), nearEnd.next(), nearEnd.next()]).toEqual([0x7ffffffe, 0x7fffffff, 1, 2]);
  });

  it('stay within 1..max for any range and any number of calls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 200 }), (max, calls) => {
        const generator = new SequenceGenerator(max);
        const values = Array.from({ length: calls }, () => generator.next());
        expect(values).toEqual(Array.from({ length: calls }, (_, i) => (i % max) + 1));
      }),
      { numRuns: 100 },
    );
  });
});

describe('outbound window', () => {
  it('reports busy when full, rejects a further request with WindowFullError, and drains as responses return', async () => {
    const held: Array<Deferred<Reply<RequestCommand>>> = [];
    const handled = new EventEmitter();
    const { port } = await startServer({
      onRequest: () => {
        const reply = new Deferred<Reply<RequestCommand>>();
        held.push(reply);
        handled.emit('held');
        return reply.promise;
      },
    });
    const client = newClient(port, { window: 3 });
    await client.connect();
    expect(client.busy).toBe(false);

    const busy = waitForEvent(client, 'busy');
    const submits = [0, 1, 2].map(() => client.submit(SUBMIT));
    await busy;
    expect(client.busy).toBe(true);
    expect(client.stats()).toMatchObject({ inFlight: 3, busy: true });
    await expect(client.submit(SUBMIT)).rejects.toBeInstanceOf(WindowFullError);
    expect(client.stats().requestsSent).toBe(4); // the bind and the three submits: the refused one never went out

    await waitUntil(handled, 'held', () => held.length === 3);
    const drained = waitForEvent(client, 'drain');
    held[1].resolve({ message_id: 'B' });
    await drained;
    expect(client.busy).toBe(false);
    held[0].resolve({ message_id: 'A' });
    held[2].resolve({ message_id: 'C' });
    const responses = await Promise.all(submits);
    expect(responses.map((r) => r.message_id)).toEqual(['A', 'B', 'C']);
    expect(client.stats()).toMatchObject({ inFlight: 0, busy: false });
  });
});

describe('request timeouts and closes', () => {
  it('rejects each unanswered request with ResponseTimeoutError after requestTimeoutMs and stays bound', async () => {
    const { fake, port } = await startFake();
    const client = newClient(port, { requestTimeoutMs: 200 });
    const peer = await connectToFake(client, fake);

    const started = Date.now();
    const outcomes = await Promise.allSettled([0, 1, 2].map(() => client.submit(SUBMIT)));
    const elapsed = Date.now() - started;
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ResponseTimeoutError);
    }
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ sequenceNumber: 2, timeoutMs: 200 });
    // Not before the timeout: the peer had its full 200 ms (1 ms slack for clock rounding).
    expect(elapsed).toBeGreaterThanOrEqual(199);
    expect(commandsSeen(peer, 'submit_sm')).toBe(3);
    expect(client.stats()).toMatchObject({ state: 'bound_trx', inFlight: 0, timeouts: 3 });

    // A late answer to a timed-out request is ignored, and the session still works.
    peer.send({ command: 'submit_sm_resp', sequence_number: 2, message_id: 'late' });
    const next = client.submit(SUBMIT);
    await waitUntil(peer, 'frame', () => commandsSeen(peer, 'submit_sm') === 4);
    const submit = peer.frames[peer.frames.length - 1].pdu;
    expect(submit).toMatchObject({ command: 'submit_sm', sequence_number: 5 });
    peer.send({ command: 'submit_sm_resp', sequence_number: submit.sequence_number, message_id: 'on-time' });
    await expect(next).resolves.toMatchObject({ message_id: 'on-time' });
  });

  it('rejects every pending request with SessionClosedError when the socket closes mid-window', async () => {
    const { fake, port } = await startFake();
    const client = newClient(port, { window: 10 });
    const peer = await connectToFake(client, fake);

    const submits = [0, 1, 2, 3, 4].map(() => client.submit(SUBMIT));
    await waitUntil(peer, 'frame', () => commandsSeen(peer, 'submit_sm') === 5);
    // Answer one, so the close hits a window that is part settled.
    const first = peer.frames.find((f) => f.pdu.command === 'submit_sm')!.pdu;
    peer.send({ command: 'submit_sm_resp', sequence_number: first.sequence_number, message_id: 'ok' });
    await expect(submits[0]).resolves.toMatchObject({ message_id: 'ok' });

    const disconnected = waitForEvent<[string]>(client, 'disconnected');
    peer.destroy();
    const outcomes = await Promise.allSettled(submits.slice(1));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(SessionClosedError);
    }
    await disconnected;
    expect(client.state).toBe('closed');
    await expect(client.submit(SUBMIT)).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('turns ESME_RTHROTTLED into an SmppStatusError with outcome throttled, and keeps the session', async () => {
    let count = 0;
    const { port } = await startServer({
      // Throttles every second submit.
      onRequest: () => (++count % 2 === 0 ? { command_status: CommandStatus.ESME_RTHROTTLED } : { message_id: `M${count}` }),
    });
    const client = newClient(port);
    await client.connect();
    const outcomes = await Promise.allSettled([0, 1, 2, 3].map(() => client.submit(SUBMIT)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    for (const outcome of [outcomes[1], outcomes[3]]) {
      const error = (outcome as PromiseRejectedResult).reason as SmppStatusError;
      expect(error).toBeInstanceOf(SmppStatusError);
      expect(error).toMatchObject({ status: 0x58, statusName: 'ESME_RTHROTTLED', outcome: 'throttled' });
      expect(error.response).toMatchObject({ command: 'submit_sm_resp', command_status: 0x58 });
    }
    expect(client.state).toBe('bound_trx');
  });
});

describe('write backpressure', () => {
  it('reports busy while the socket refuses writes and drops a peer that stops reading for drainTimeoutMs', async () => {
    const { fake, port } = await startFake();
    const client = newClient(port, { window: 1000, drainTimeoutMs: 200, requestTimeoutMs: 10_000 });
    const peer = await connectToFake(client, fake);
    peer.socket.pause(); // the SMSC stops reading: our writes pile up in the kernel, then in the socket

    const payload = Buffer.alloc(60_000, 0x61);
    const submits: Array<Promise<unknown>> = [];
    const disconnected = waitForEvent<[string]>(client, 'disconnected', 5000);
    let gone = false;
    void disconnected.then(() => (gone = true), () => undefined);
    let busySeen = 0;
    // Submit whenever the client is not busy; each 60 kB PDU overflows the socket's buffer at once.
    while (!gone && submits.length < 500) {
      if (client.busy) {
        busySeen++;
        await Promise.race([waitForEvent(client, 'drain', 5000), disconnected]);
        continue;
      }
      submits.push(client.submit({ destination_addr: '8613800138000', tlvs: { message_payload: payload } }).catch((e: unknown) => e));
    }
    const [reason] = await disconnected;
    expect(reason).toBe('peer did not read for 200 ms');
    // Busy after every write, and drained again while the kernel still took data, until it did not.
    expect(busySeen).toBe(submits.length);
    expect(submits.length).toBeGreaterThan(1);
    const outcomes = await Promise.all(submits);
    expect(outcomes.every((o) => o instanceof SessionClosedError)).toBe(true);
  });
});

describe('keep-alive', () => {
  it('keeps an idle client session alive with enquire_link, and closes it once the peer stops answering', async () => {
    const { fake, port } = await startFake();
    const client = newClient(port, { enquireLinkIntervalMs: 60, requestTimeoutMs: 150 });
    let disconnectedAt = 0;
    client.on('disconnected', () => (disconnectedAt = Date.now()));
    const peer = await connectToFake(client, fake);
    let answering = true;
    peer.on('frame', ({ pdu }) => {
      if (pdu.command === 'enquire_link' && answering) peer.send({ command: 'enquire_link_resp', sequence_number: pdu.sequence_number });
    });

    // Three keep-alive round trips span several request timeouts: the idle session survived them.
    await waitUntil(peer, 'frame', () => commandsSeen(peer, 'enquire_link') >= 3, 3000);
    expect(client.state).toBe('bound_trx');
    expect(disconnectedAt).toBe(0);
    expect(peer.frames.every((f) => f.pdu.command === 'bind_transceiver' || f.pdu.command === 'enquire_link')).toBe(true);
    expect(peer.frames.filter((f) => f.pdu.command === 'enquire_link').every((f) => f.bytes.length === 16)).toBe(true);

    const disconnected = waitForEvent<[string]>(client, 'disconnected', 3000);
    answering = false;
    const [reason] = await disconnected;
    expect(reason).toBe('peer did not answer enquire_link');
    await peer.waitClosed();
    expect(client.state).toBe('closed');
  });

  it('has our server probe an idle ESME and drop it once it stops answering', async () => {
    const { server, port } = await startServer({ enquireLinkIntervalMs: 60, requestTimeoutMs: 150 });
    const peer = await RawSmppPeer.connect(port);
    closers.push(() => peer.destroy());
    expect(await peer.bind('bind_transceiver', 'esme', 'pw')).toMatchObject({ command: 'bind_transceiver_resp', command_status: 0 });
    for (let i = 0; i < 3; i++) {
      const probe = await peer.next(2000);
      expect(probe).toMatchObject({ command: 'enquire_link', command_status: 0 });
      peer.send({ command: 'enquire_link_resp', sequence_number: probe.sequence_number });
    }
    expect(server.stats().bound).toBe(1);

    const dropped = waitForEvent<[SmppSession, string]>(server, 'sessionClosed', 3000);
    const last = await peer.next(2000);
    expect(last.command).toBe('enquire_link'); // left unanswered
    const [, reason] = await dropped;
    expect(reason).toBe('peer did not answer enquire_link');
    await peer.waitClosed();
    expect(server.stats().connections).toBe(0);
  });
});

describe('inbound backpressure', () => {
  it('stops reading once maxPendingInbound handlers are pending and resumes as they settle', async () => {
    const limit = 4;
    const total = 12;
    const held: Array<Deferred<Reply<RequestCommand>>> = [];
    const pendingAtCall: number[] = [];
    const whenFull: Array<{ pending: number; paused: boolean }> = [];
    let handled = 0;
    const { port } = await startServer({
      maxPendingInbound: limit,
      onRequest: (_pdu, session) => {
        const pending = session.stats().pendingInbound;
        pendingAtCall.push(pending);
        const reply = new Deferred<Reply<RequestCommand>>();
        held.push(reply);
        const id = ++handled;
        if (pending + 1 === limit) {
          // Once this handler is counted the session must stop reading; look, then let them all finish.
          setImmediate(() => {
            whenFull.push({ pending: session.stats().pendingInbound, paused: session.socket.isPaused() });
            for (const h of held.splice(0)) h.resolve({ message_id: `M${id}` });
          });
        }
        return reply.promise;
      },
    });
    const client = newClient(port, { window: 32 });
    await client.connect();

    // All written in one tick, so they reach the server together and sit in its buffer.
    const responses = await withTimeout(Promise.all(Array.from({ length: total }, () => client.submit(SUBMIT))), 5000, 'all submits answered');
    expect(responses).toHaveLength(total);
    expect(handled).toBe(total);
    expect(Math.max(...pendingAtCall) + 1).toBe(limit); // the limit was reached …
    expect(pendingAtCall.every((p) => p < limit)).toBe(true); // … and never passed
    expect(whenFull.length).toBeGreaterThanOrEqual(total / limit);
    for (const snapshot of whenFull) if (snapshot.pending === limit) expect(snapshot.paused).toBe(true);
    expect(whenFull.some((s) => s.pending === limit && s.paused)).toBe(true);
  });
});

describe('client connection management', () => {
  it('reconnects after the server restarts on the same port', async () => {
    const first = await startServer({ systemId: 'ONE', onRequest: () => ({ message_id: 'from-one' }) });
    const client = newClient(first.port, { reconnect: { initialMs: 50, maxMs: 200 } });
    const reconnecting: Array<{ attempt: number; delayMs: number }> = [];
    client.on('reconnecting', (info: { attempt: number; delayMs: number }) => reconnecting.push(info));
    await client.connect();
    await expect(client.submit(SUBMIT)).resolves.toMatchObject({ message_id: 'from-one' });

    const disconnected = waitForEvent(client, 'disconnected');
    await first.server.close();
    await disconnected;
    expect(client.busy).toBe(true);
    await expect(client.submit(SUBMIT)).rejects.toBeInstanceOf(SessionClosedError);

    const rebound = waitForEvent(client, 'bound', 5000);
    await startServer({ systemId: 'TWO', onRequest: () => ({ message_id: 'from-two' }) }, first.port);
    await rebound;
    await expect(client.submit(SUBMIT)).resolves.toMatchObject({ message_id: 'from-two' });
    expect(client.stats()).toMatchObject({ state: 'bound_trx', connects: 2, reconnects: 1 });
    expect(reconnecting.length).toBeGreaterThanOrEqual(1);
    expect(reconnecting[0].attempt).toBe(1);
    expect(reconnecting.every((r) => r.delayMs <= 200)).toBe(true);
  });

  it('rejects connect() with SmppStatusError ESME_RINVPASWD when the bind is refused and reconnect is off', async () => {
    const { server, port } = await startServer({ authenticate: () => ({ status: CommandStatus.ESME_RINVPASWD }) });
    const client = newClient(port, { reconnect: false });
    const closedOnServer = waitForEvent(server, 'sessionClosed');
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SmppStatusError);
    expect(error).toMatchObject({ status: CommandStatus.ESME_RINVPASWD, statusName: 'ESME_RINVPASWD' });
    expect((error as SmppStatusError).response).toMatchObject({ command: 'bind_transceiver_resp', command_status: 0x0e });
    expect(client.state).toBe('closed');
    await closedOnServer;
    expect(server.stats()).toMatchObject({ connections: 0, bound: 0, bindsRefused: 1 });
  });
});
