// CmppClient against the fake ISMG and hand-made peers over real sockets: login, keep-alive,
// window, timeouts, reconnect, drain and close, in both versions.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectResponse } from '../../../src/protocols/cmpp/authenticator.ts';
import { CmppAuthenticatorError, CmppClient, type CmppClientOptions } from '../../../src/protocols/cmpp/client.ts';
import { decodeCmpp, encodeCmpp } from '../../../src/protocols/cmpp/codec.ts';
import { CmppConnectStatus } from '../../../src/protocols/cmpp/connect-status.ts';
import type { CmppFrameOf } from '../../../src/protocols/cmpp/dialect.ts';
import type { CmppPduOf } from '../../../src/protocols/cmpp/pdu-types.ts';
import { decodeCmppReport } from '../../../src/protocols/cmpp/report.ts';
import { CmppResult } from '../../../src/protocols/cmpp/result.ts';
import { FakeIsmg, type FakeIsmgOptions } from '../../../src/protocols/cmpp/testing/fake-ismg.ts';
import type { CmppVersion } from '../../../src/protocols/cmpp/version.ts';
import { ResponseStatusError, SessionClosedError } from '../../../src/protocols/shared/framed-errors.ts';
import { ResponseTimeoutError, WindowFullError } from '../../../src/protocols/shared/framed-session.ts';
import { FrameDecoder } from '../../../src/protocols/shared/frame-decoder.ts';
import { waitForEvent, waitUntil } from '../../support/wait-for.ts';

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function ismg(options: FakeIsmgOptions = {}): Promise<FakeIsmg> {
  const fake = new FakeIsmg({ accounts: { '901234': '1234' }, ...options });
  await fake.listen(0);
  closers.push(() => fake.close());
  return fake;
}

function client(port: number, options: Partial<CmppClientOptions> = {}): CmppClient {
  const result = new CmppClient({ host: '127.0.0.1', port, spId: '901234', secret: '1234', reconnect: false, activeTestIntervalMs: 0, ...options });
  closers.push(() => result.close());
  return result;
}

const SUBMIT = { Registered_Delivery: 1, Service_Id: 'MTEST', Msg_src: '901234', Src_Id: '10690001', Dest_terminal_Id: ['13800138000'], Msg_Fmt: 0, Msg_Content: Buffer.from('hi') };

/** A TCP server answering CONNECT with `answer(connect)` and ignoring everything after it. */
async function scriptedIsmg(version: CmppVersion, answer: (connect: CmppPduOf<'connect'>) => Buffer | null): Promise<{ port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    const decoder = new FrameDecoder({ minLength: 12, maxLength: 4096 });
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      decoder.push(chunk);
      for (let frame = decoder.next(); frame; frame = decoder.next()) {
        const pdu = decodeCmpp(frame, version);
        if (pdu.command === 'terminate') socket.end(encodeCmpp({ command: 'terminate_resp', Sequence_Id: pdu.Sequence_Id }, version));
        if (pdu.command !== 'connect') continue;
        const reply = answer(pdu);
        if (reply) socket.write(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as { port: number }).port, sockets };
}

describe.each(['3.0', '2.0'] as const)('CMPP %s session', (version) => {
  it('logs in, submits, and receives the status report for the Msg_Id it was given', async () => {
    const fake = await ismg({ reports: { delayMs: 10 } });
    const sp = client(fake.port, { version });
    const reports: CmppFrameOf<'deliver'>[] = [];
    sp.on('deliver', (pdu: CmppFrameOf<'deliver'>) => reports.push(pdu));
    await sp.connect();
    const response = await sp.submit(SUBMIT);
    expect(response).toMatchObject({ command: 'submit_resp', Result: 0 });
    expect(response.Msg_Id).toMatch(/^[0-9a-f]{16}$/);
    await waitUntil(sp, 'deliver', () => reports.length === 1, 3000);
    expect(reports[0]).toMatchObject({ Registered_Delivery: 1, Src_terminal_Id: '13800138000', Dest_Id: '10690001' });
    expect(reports[0]!.Msg_Content.length).toBe(version === '3.0' ? 71 : 60);
    expect(decodeCmppReport(reports[0]!.Msg_Content)).toMatchObject({ Msg_Id: response.Msg_Id, Stat: 'DELIVRD', Dest_terminal_Id: '13800138000' });
    for (let i = 0; i < 100 && fake.stats().reportsSent === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.stats()).toMatchObject({ logins: 1, accepted: 1, reportsSent: 1 });
  });

  it('is refused with the CONNECT_RESP Status, and the ISMG closes the connection', async () => {
    const fake = await ismg();
    const wrong = client(fake.port, { version, secret: 'nope' });
    await expect(wrong.connect()).rejects.toMatchObject({ status: CmppConnectStatus.AUTH_FAILED });
    const stranger = client(fake.port, { version, spId: '999999' });
    await expect(stranger.connect()).rejects.toMatchObject({ status: CmppConnectStatus.BAD_SOURCE_ADDR });
    await waitUntil(fake.server, 'sessionClosed', () => fake.server.sessions.size === 0);
  });

  it('closes when CONNECT_RESP says 0 but its AuthenticatorISMG was made with another secret', async () => {
    const { port, sockets } = await scriptedIsmg(version, (connect) => encodeCmpp(connectResponse(connect, { secret: 'not-the-secret', version }), version));
    const sp = client(port, { version });
    await expect(sp.connect()).rejects.toBeInstanceOf(CmppAuthenticatorError);
    expect(sp.state).toBe('closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets[0]!.destroyed || sockets[0]!.readableEnded).toBe(true);
    // Told not to check, the same answer logs in.
    const lenient = client(port, { version, verifyAuthenticator: false });
    await expect(lenient.connect()).resolves.toBeUndefined();
  });
});

describe('CMPP session behaviour', () => {
  it('a 2.0 and a 3.0 SP share one auto-version ISMG', async () => {
    const fake = await ismg();
    const old = client(fake.port, { version: '2.0' });
    const current = client(fake.port, { version: '3.0' });
    await Promise.all([old.connect(), current.connect()]);
    await expect(old.submit(SUBMIT)).resolves.toMatchObject({ Result: 0 });
    await expect(current.submit(SUBMIT)).resolves.toMatchObject({ Result: 0 });
  });

  it('answers the ISMG’s ACTIVE_TEST across idle periods and sends its own', async () => {
    const fake = await ismg({ activeTestIntervalMs: 40 });
    const sp = client(fake.port, { activeTestIntervalMs: 60 });
    await sp.connect();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sp.state).toBe('ready');
    const session = [...fake.server.sessions][0]!;
    // Both sides tested the idle link and got answers; nothing went missing.
    expect(sp.stats().requestsSent).toBeGreaterThan(0);
    expect(session.stats().requestsSent).toBeGreaterThan(0);
    expect(sp.stats().timeouts).toBe(0);
    await expect(sp.submit(SUBMIT)).resolves.toMatchObject({ Result: 0 });
  });

  it('drops the link after N unanswered ACTIVE_TESTs', async () => {
    const { port } = await scriptedIsmg('3.0', (connect) => encodeCmpp(connectResponse(connect, { secret: '1234', version: '3.0' }), '3.0'));
    const sp = client(port, { activeTestIntervalMs: 30, requestTimeoutMs: 40, activeTestMaxMissed: 2 });
    await sp.connect();
    const [reason] = await waitForEvent<[string]>(sp, 'disconnected', 3000);
    expect(reason).toMatch(/did not answer 2 keep-alives/);
  });

  it('refuses a request beyond the window, reports busy, and drains as answers come', async () => {
    const fake = await ismg({ slowMs: 100 });
    const sp = client(fake.port, { window: 2 });
    await sp.connect();
    const first = sp.submit(SUBMIT);
    const second = sp.submit(SUBMIT);
    expect(sp.busy).toBe(true);
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(WindowFullError);
    await waitForEvent(sp, 'drain', 2000);
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    expect(sp.busy).toBe(false);
  });

  it('resends an unanswered SUBMIT after T with its Sequence_Id, N = 3 times in all, then times out and stays usable', async () => {
    const fake = await ismg({ mode: 'black-hole' });
    const copies: number[] = [];
    fake.on('submit', (pdu: { Sequence_Id: number }) => copies.push(pdu.Sequence_Id));
    const sp = client(fake.port, { requestTimeoutMs: 80 });
    await sp.connect();
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(ResponseTimeoutError);
    expect(copies).toHaveLength(3);
    expect(new Set(copies).size).toBe(1);
    expect(sp.state).toBe('ready');
    expect(sp.stats()).toMatchObject({ timeouts: 3, retransmits: 2, inFlight: 0 });
  });

  it('settles a resent SUBMIT with the late answer to its first copy', async () => {
    const fake = await ismg({ slowMs: 150 });
    const sp = client(fake.port, { requestTimeoutMs: 80 });
    await sp.connect();
    const response = await sp.submit(SUBMIT);
    expect(response.Result).toBe(0);
    expect(sp.stats().retransmits).toBeGreaterThanOrEqual(1);
  });

  it('sends a request once when requestAttempts is 1', async () => {
    const fake = await ismg({ mode: 'black-hole' });
    const copies: number[] = [];
    fake.on('submit', (pdu: { Sequence_Id: number }) => copies.push(pdu.Sequence_Id));
    const sp = client(fake.port, { requestTimeoutMs: 80, requestAttempts: 1 });
    await sp.connect();
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(ResponseTimeoutError);
    expect(copies).toHaveLength(1);
    expect(sp.stats()).toMatchObject({ timeouts: 1, retransmits: 0 });
  });

  it('rejects every pending request when the connection drops, then reconnects', async () => {
    const fake = await ismg({ mode: 'close-mid-window', closeAfter: 3 });
    const sp = client(fake.port, { reconnect: { initialMs: 10, maxMs: 50 } });
    await sp.connect();
    const pending = [sp.submit(SUBMIT), sp.submit(SUBMIT), sp.submit(SUBMIT)];
    const results = await Promise.allSettled(pending);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SessionClosedError);
    }
    await waitForEvent(sp, 'ready', 3000);
    expect(sp.stats().reconnects).toBe(1);
  });

  it('closes on a frame whose Total_Length is impossible, failing what was pending', async () => {
    const fake = await ismg({ mode: 'bad-length' });
    const sp = client(fake.port);
    await sp.connect();
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(SessionClosedError);
    expect(sp.state).toBe('closed');
  });

  it('passes a flow-control Result on as ResponseStatusError 8', async () => {
    const fake = await ismg({ throttleEvery: 2 });
    const sp = client(fake.port);
    await sp.connect();
    await expect(sp.submit(SUBMIT)).resolves.toMatchObject({ Result: 0 });
    const error = await sp.submit(SUBMIT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseStatusError);
    expect((error as ResponseStatusError).status).toBe(CmppResult.FLOW_CONTROL);
  });

  it('a group SUBMIT gets one Msg_Id and reports for consecutive ids', async () => {
    const fake = await ismg({ reports: { delayMs: 0 } });
    const sp = client(fake.port);
    const reports: string[] = [];
    sp.on('deliver', (pdu: CmppFrameOf<'deliver'>) => reports.push(decodeCmppReport(pdu.Msg_Content).Msg_Id));
    await sp.connect();
    const response = await sp.submit({ ...SUBMIT, Dest_terminal_Id: ['13800138000', '13800138001', '13800138002'] });
    await waitUntil(sp, 'deliver', () => reports.length === 3, 3000);
    const base = BigInt(`0x${response.Msg_Id}`);
    expect(reports.map((id) => BigInt(`0x${id}`) - base).sort()).toEqual([0n, 1n, 2n]);
  });

  it('terminates gracefully: TERMINATE is answered and both sides close', async () => {
    const fake = await ismg();
    const sp = client(fake.port);
    await sp.connect();
    await sp.close();
    expect(sp.state).toBe('closed');
    await waitUntil(fake.server, 'sessionClosed', () => fake.server.sessions.size === 0);
  });

  it('MO injected by the ISMG arrives, long text in parts that reassemble', async () => {
    const fake = await ismg();
    const sp = client(fake.port);
    const delivered: CmppFrameOf<'deliver'>[] = [];
    sp.on('deliver', (pdu: CmppFrameOf<'deliver'>) => delivered.push(pdu));
    await sp.connect();
    await fake.injectMo('901234', { from: '13800138000', to: '10690001', text: '退订'.repeat(50) });
    expect(delivered.length).toBe(2);
    expect(delivered.every((pdu) => pdu.TP_udhi === 1 && pdu.Msg_Fmt === 8 && pdu.Registered_Delivery === 0)).toBe(true);
    expect(fake.stats().moSent).toBe(1);
  });
});
