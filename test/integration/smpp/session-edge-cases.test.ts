// Edge cases that once were bugs in the SMPP session layer: races around bind, close reasons,
// odd responses and truncated fields. Each test states the correct behaviour.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { SmppClient } from '../../../src/protocols/smpp/client.ts';
import { encodePdu } from '../../../src/protocols/smpp/codec.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';
import { SmppStatusError } from '../../../src/protocols/smpp/errors.ts';
import type { SmppPduOf } from '../../../src/protocols/smpp/pdu-types.ts';
import { SmppServer, type SmppServerOptions } from '../../../src/protocols/smpp/server.ts';
import type { SmppSession } from '../../../src/protocols/smpp/session.ts';
import { RawSmppListener, RawSmppPeer } from '../../support/raw-smpp-peer.ts';
import { Deferred, waitForEvent, waitUntil, withTimeout } from '../../support/wait-for.ts';

let closers: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  const pending = closers.reverse();
  closers = [];
  for (const close of pending) await close();
});

async function startServer(options: Partial<SmppServerOptions> = {}): Promise<{ server: SmppServer; port: number }> {
  const server = new SmppServer({ authenticate: () => ({ status: 0 }), enquireLinkIntervalMs: 0, requestTimeoutMs: 500, ...options });
  const { port } = await server.listen(0);
  closers.push(() => server.close());
  return { server, port };
}

async function rawPeer(port: number): Promise<RawSmppPeer> {
  const peer = await RawSmppPeer.connect(port);
  closers.push(() => peer.destroy());
  return peer;
}

/** A client bound to a raw fake SMSC; `afterBind` is what the fake writes in answer to the bind, in one write. */
async function clientOnFake(afterBind: (bindSequence: number) => Buffer, onDeliver?: (pdu: SmppPduOf<'deliver_sm'>) => void) {
  const fake = new RawSmppListener();
  const port = await fake.listen();
  closers.push(() => fake.close());
  const client = new SmppClient({ host: '127.0.0.1', port, system_id: 'esme', password: 'pw', reconnect: false, enquireLinkIntervalMs: 0, requestTimeoutMs: 500 });
  if (onDeliver) client.on('deliver_sm', onDeliver);
  closers.push(() => client.close());
  const connected = client.connect();
  const peer = await fake.peer();
  const bind = await peer.next();
  peer.sendRaw(afterBind(bind.sequence_number));
  await withTimeout(connected, 2000, 'bind');
  return { client, peer };
}

describe('SMPP session edge cases', () => {
  // session.ts:180-183 — bind() moves to the bound state only after `await this.request(...)`
  // resumes, but processFrames() (session.ts:288-302) goes on synchronously to the next frame of
  // the same chunk, which therefore meets state 'open' and mayReceive() (session.ts:348) refuses it.
  it('session.ts bind(): a deliver_sm arriving in the same TCP segment as bind_resp is accepted, not refused with ESME_RINVBNDSTS', async () => {
    const delivered: SmppPduOf<'deliver_sm'>[] = [];
    const { client, peer } = await clientOnFake((sequence) =>
      Buffer.concat([
        encodePdu({ command: 'bind_transceiver_resp', sequence_number: sequence, system_id: 'SMSC' }),
        // An SMSC flushing a queued receipt right after the bind, as real ones do.
        encodePdu({ command: 'deliver_sm', sequence_number: 1, source_addr: '8613800138000', destination_addr: 'Kuaixin', esm_class: 0x04, short_message: Buffer.from('id:1 stat:DELIVRD') }),
      ]),
      (pdu) => delivered.push(pdu),
    );
    const response = await peer.next();
    expect(response).toMatchObject({ command: 'deliver_sm_resp', sequence_number: 1, command_status: CommandStatus.ESME_ROK });
    expect(delivered).toHaveLength(1);
  });

  // server.ts:157-168 — the maxBindsPerSystemId check counts sessions already bound, then awaits
  // authenticate(); a session only becomes bound when its reply is sent (session.ts finishRequest),
  // so binds whose authentication overlaps all pass the check.
  it('server.ts bind(): maxBindsPerSystemId holds for binds that authenticate at the same time', async () => {
    const gate = new Deferred<void>();
    let authenticating = 0;
    const progress = new EventEmitter();
    const { server, port } = await startServer({
      maxBindsPerSystemId: 1,
      authenticate: async () => {
        authenticating++;
        progress.emit('auth');
        await gate.promise; // e.g. a password lookup in the store
        return { status: 0 };
      },
    });
    const a = await rawPeer(port);
    const b = await rawPeer(port);
    a.send({ command: 'bind_transceiver', sequence_number: 1, system_id: 'acme', password: 'pw', interface_version: 0x34 });
    await waitUntil(progress, 'auth', () => authenticating === 1);
    // The first bind is still being authenticated: the second must not get past the limit.
    b.send({ command: 'bind_transceiver', sequence_number: 1, system_id: 'acme', password: 'pw', interface_version: 0x34 });
    expect(await b.next()).toMatchObject({ command: 'bind_transceiver_resp', command_status: CommandStatus.ESME_RBINDFAIL });
    gate.resolve();
    expect(await a.next()).toMatchObject({ command: 'bind_transceiver_resp', command_status: CommandStatus.ESME_ROK });
    expect(authenticating).toBe(1);
    expect(server.stats().bound).toBe(1);
  });

  // session.ts:348 — the state check uses currentState, which stays 'open' while the first bind's
  // (asynchronous) handler runs, so a second bind pipelined behind it is authenticated and accepted too.
  it('session.ts handleRequest(): a second bind sent before the first bind_resp gets ESME_RALYBND', async () => {
    const { port } = await startServer();
    const peer = await rawPeer(port);
    peer.sendRaw(
      Buffer.concat([
        encodePdu({ command: 'bind_transceiver', sequence_number: 1, system_id: 'acme', password: 'pw', interface_version: 0x34 }),
        encodePdu({ command: 'bind_transmitter', sequence_number: 2, system_id: 'acme', password: 'pw', interface_version: 0x34 }),
      ]),
    );
    // Responses may come in any order (3.4 §7.1): match them by sequence number.
    const [first, second] = [await peer.next(), await peer.next()].sort((x, y) => x.sequence_number - y.sequence_number);
    expect(first).toMatchObject({ command: 'bind_transceiver_resp', command_status: 0, sequence_number: 1 });
    expect(second).toMatchObject({ command: 'bind_transmitter_resp', command_status: CommandStatus.ESME_RALYBND, sequence_number: 2 });
  });

  // session.ts:111 — the 'end' listener passes a fixed 'peer closed the connection', overriding the
  // reason end() recorded in closeReason (session.ts:202). After an unbind our side closes, the peer
  // answers the FIN, and the session reports the peer as the one that closed.
  it("session.ts 'end' listener: a session closed after the peer's unbind reports 'peer unbound'", async () => {
    const { server, port } = await startServer();
    const peer = await rawPeer(port);
    await peer.bind('bind_transceiver', 'acme', 'pw');
    const closed = waitForEvent<[SmppSession, string]>(server, 'sessionClosed');
    peer.send({ command: 'unbind', sequence_number: 2 });
    expect(await peer.next()).toMatchObject({ command: 'unbind_resp', command_status: 0 });
    const [, reason] = await closed;
    expect(reason).toBe('peer unbound');
  });

  // session.ts:169 — a generic_nack (or a response of the wrong type) with command_status 0 is
  // thrown as SmppStatusError with status 0, whose outcome is 'ok' (command-status.ts statusOutcome),
  // so a lane classifying failures by outcome would treat the rejected submit as a success.
  it("session.ts request(): a submit answered by generic_nack with status 0 does not fail with outcome 'ok'", async () => {
    const { client, peer } = await clientOnFake((sequence) => encodePdu({ command: 'bind_transceiver_resp', sequence_number: sequence, system_id: 'SMSC' }));
    const submitted = client.submit({ destination_addr: '8613800138000' });
    const submit = await peer.next();
    peer.send({ command: 'generic_nack', sequence_number: submit.sequence_number, command_status: 0 });
    const error = await submitted.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SmppStatusError);
    expect((error as SmppStatusError).outcome).not.toBe('ok');
  });

  // shared/pdu-reader.ts:67 — a C-string cut off by the end of the PDU fails with the field's own
  // status, so a header-only submit_sm (command_length 16) is answered ESME_RINVSERTYP (0x15,
  // "invalid service type") although its service_type is not invalid, just absent: the PDU is too short.
  it('pdu-reader.ts cstring(): a header-only submit_sm is answered ESME_RINVCMDLEN, not ESME_RINVSERTYP', async () => {
    const { port } = await startServer({ onRequest: () => ({ message_id: 'x' }) });
    const peer = await rawPeer(port);
    await peer.bind('bind_transceiver', 'acme', 'pw');
    const header = Buffer.alloc(16);
    header.writeUInt32BE(16, 0);
    header.writeUInt32BE(0x00000004, 4);
    header.writeUInt32BE(3, 12);
    peer.sendRaw(header);
    expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', sequence_number: 3, command_status: CommandStatus.ESME_RINVCMDLEN });
  });
});
