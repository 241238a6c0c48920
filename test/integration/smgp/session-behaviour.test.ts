// SMGP client and fake SMGW over real sockets: login, keep-alive, window, timeouts, reconnect,
// graceful close, reports, group send, MO and the gateway's misbehaviour modes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authenticatorServer } from '../../../src/protocols/smgp/authenticator.ts';
import { ServerAuthenticationError, SmgpClient, type SmgpClientOptions } from '../../../src/protocols/smgp/client.ts';
import { decodeContent } from '../../../src/protocols/smgp/message-format.ts';
import { messageParts } from '../../../src/protocols/smgp/message-parts.ts';
import type { SmgpPduOf } from '../../../src/protocols/smgp/pdu-types.ts';
import { parseReport } from '../../../src/protocols/smgp/report.ts';
import { SmgpStatus } from '../../../src/protocols/smgp/status.ts';
import { FakeSmgw, type FakeSmgwOptions } from '../../../src/protocols/smgp/testing/fake-smgw.ts';
import { ResponseStatusError, SessionClosedError } from '../../../src/protocols/shared/framed-errors.ts';
import { ResponseTimeoutError, WindowFullError } from '../../../src/protocols/shared/in-flight-window.ts';
import { InboundMessageAssembler } from '../../../src/protocols/smgp/inbound-message.ts';
import { rawSmgpServer, type RawSmgpPeer } from '../../support/raw-smgp-peer.ts';
import { waitForEvent, waitUntil } from '../../support/wait-for.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const ACCOUNTS = { '12345678': 'secret' };
const SUBMIT = { MsgType: 6, NeedReport: 1, Priority: 1, ServiceID: 'TEST', FeeType: '00', MsgFormat: 0, SrcTermID: '1065900001', DestTermID: ['13301234567'], MsgContent: Buffer.from('Hello') };

async function gateway(options: FakeSmgwOptions = {}): Promise<FakeSmgw> {
  const smgw = new FakeSmgw({ accounts: ACCOUNTS, ...options });
  await smgw.listen();
  closers.push(() => smgw.close());
  return smgw;
}

function client(port: number, options: Partial<SmgpClientOptions> = {}): SmgpClient {
  const result = new SmgpClient({ host: '127.0.0.1', port, clientId: '12345678', secret: 'secret', reconnect: false, verifyServer: 'strict', ...options });
  closers.push(() => result.close());
  return result;
}

describe('SMGP login', () => {
  it('logs in, checks the SMGW authenticator, and gets a BCD MsgID for a Submit', async () => {
    const smgw = await gateway();
    const sp = client(smgw.port);
    await sp.connect();
    expect(sp.state).toBe('ready');
    const response = await sp.submit(SUBMIT);
    expect(response.Status).toBe(0);
    expect(response.MsgID).toMatch(/^010061\d{14}$/);
    expect(smgw.stats()).toMatchObject({ logins: 1, submits: 1, accepted: 1 });
  });

  it('is refused with Status 21 for a wrong secret or an unknown ClientID', async () => {
    const smgw = await gateway();
    await expect(client(smgw.port, { secret: 'wrong' }).connect()).rejects.toMatchObject({ name: 'ResponseStatusError', status: SmgpStatus.AUTHENTICATION_ERROR });
    await expect(client(smgw.port, { clientId: '87654321' }).connect()).rejects.toMatchObject({ status: SmgpStatus.AUTHENTICATION_ERROR });
    expect(smgw.server.stats().loginsRefused).toBe(2);
  });

  it('is refused with the configured Status, and with 22 for a newer major version', async () => {
    const smgw = await gateway({ loginReject: SmgpStatus.TOO_MANY_CONNECTIONS });
    await expect(client(smgw.port).connect()).rejects.toMatchObject({ status: SmgpStatus.TOO_MANY_CONNECTIONS });
    const open = await gateway();
    await expect(client(open.port, { clientVersion: 0x40 }).connect()).rejects.toMatchObject({ status: SmgpStatus.VERSION_TOO_HIGH });
  });

  it('accepts an empty AuthenticatorServer unless strict, and never a wrong one', async () => {
    const unchecked = await gateway({ accounts: undefined });
    await expect(client(unchecked.port).connect()).rejects.toBeInstanceOf(ServerAuthenticationError);
    await expect(client(unchecked.port, { verifyServer: 'if-present' }).connect()).resolves.toBeUndefined();

    const impostor = await rawSmgpServer((peer) => {
      void peer.next().then((login) => peer.send({ command: 'Login_Resp', sequence: login.sequence, Status: 0, AuthenticatorServer: authenticatorServer(0, Buffer.alloc(16, 1), 'other'), ServerVersion: 0x30 }));
    });
    closers.push(() => impostor.close());
    // The impostor never answers Exit: a short request timeout keeps the close quick.
    await expect(client(impostor.port, { verifyServer: 'if-present', requestTimeoutMs: 100 }).connect()).rejects.toBeInstanceOf(ServerAuthenticationError);
    await expect(client(impostor.port, { verifyServer: 'off', requestTimeoutMs: 100 }).connect()).resolves.toBeUndefined();
  });

  it('refuses a Submit on a receive-mode session and sends Deliver only to receivers', async () => {
    const smgw = await gateway();
    const receiver = client(smgw.port, { loginMode: 1 });
    const sender = client(smgw.port, { loginMode: 0 });
    await Promise.all([receiver.connect(), sender.connect()]);
    await expect(receiver.submit(SUBMIT)).rejects.toMatchObject({ status: SmgpStatus.COMMAND_WORD_ERROR });
    const mo = waitForEvent<[SmgpPduOf<'Deliver'>]>(receiver, 'deliver');
    await smgw.injectMo('12345678', { from: '13301234567', to: '10659000011234', text: 'TD' });
    expect((await mo)[0]).toMatchObject({ IsReport: 0, SrcTermID: '13301234567', DestTermID: '10659000011234' });
    expect(sender.stats().requestsReceived).toBe(0);
  });
});

describe('SMGP keep-alive, window and timeouts', () => {
  it('keeps an idle session up with Active_Test both ways', async () => {
    const smgw = await gateway({ activeTestIntervalMs: 40 });
    const sp = client(smgw.port, { activeTestIntervalMs: 40 });
    await sp.connect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sp.state).toBe('ready');
    const stats = sp.stats();
    expect(stats.requestsSent).toBeGreaterThan(1); // Login + Active_Tests
    expect(stats.requestsReceived).toBeGreaterThan(0); // the SMGW's Active_Tests, answered by the session
    await expect(sp.submit(SUBMIT)).resolves.toMatchObject({ Status: 0 });
  });

  it('declares a silent SMGW dead after three unanswered Active_Tests', async () => {
    let silent: RawSmgpPeer | undefined;
    const server = await rawSmgpServer((peer) => {
      silent = peer;
      void peer.next().then((login) => peer.send({ command: 'Login_Resp', sequence: login.sequence, Status: 0, ServerVersion: 0x30 }));
    });
    closers.push(() => server.close());
    const sp = client(server.port, { verifyServer: 'if-present', activeTestIntervalMs: 30, requestTimeoutMs: 40 });
    await sp.connect();
    const [reason] = await waitForEvent<[string]>(sp, 'disconnected', 3000);
    expect(reason).toMatch(/did not answer 3 keep-alives/);
    expect(silent!.frames.filter((f) => f.pdu.command === 'Active_Test').length).toBe(3);
  });

  it('reports busy when the window is full, refuses more, and drains as answers come', async () => {
    const smgw = await gateway({ slowMs: 100 });
    const sp = client(smgw.port, { window: 2 });
    await sp.connect();
    const busy = waitForEvent(sp, 'busy');
    const first = [sp.submit(SUBMIT), sp.submit(SUBMIT)];
    await busy;
    expect(sp.busy).toBe(true);
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(WindowFullError);
    await waitForEvent(sp, 'drain');
    await expect(Promise.all(first)).resolves.toHaveLength(2);
    expect(sp.busy).toBe(false);
  });

  it('times out a Submit the SMGW never answers', async () => {
    const smgw = await gateway({ mode: 'black-hole' });
    const sp = client(smgw.port, { requestTimeoutMs: 100 });
    await sp.connect();
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(ResponseTimeoutError);
    expect(sp.stats().timeouts).toBe(1);
  });

  it('rejects every pending request when the connection drops, then reconnects', async () => {
    const smgw = await gateway({ mode: 'close-mid-window', closeAfter: 3 });
    const sp = client(smgw.port, { reconnect: { initialMs: 20, maxMs: 50 } });
    await sp.connect();
    const pending = [sp.submit(SUBMIT), sp.submit(SUBMIT), sp.submit(SUBMIT)];
    const results = await Promise.allSettled(pending);
    for (const result of results) expect(result).toMatchObject({ status: 'rejected', reason: expect.any(SessionClosedError) });
    await waitForEvent(sp, 'ready', 2000);
    expect(sp.stats()).toMatchObject({ connects: 2, reconnects: 1 });
  });

  it('ends the session with Exit / Exit_Resp from either side', async () => {
    const smgw = await gateway();
    const sp = client(smgw.port);
    await sp.connect();
    const gone = waitForEvent<[string]>(sp, 'disconnected');
    await smgw.close();
    expect((await gone)[0]).toBe('peer terminated');

    const again = await gateway();
    const leaving = client(again.port);
    await leaving.connect();
    const closed = waitForEvent<[unknown, string]>(again, 'sessionClosed');
    await leaving.close();
    expect((await closed)[1]).toBe('peer terminated');
  });

  it('closes the session on an impossible PacketLength', async () => {
    const smgw = await gateway({ mode: 'bad-length' });
    const sp = client(smgw.port);
    await sp.connect();
    const errors: Error[] = [];
    sp.on('protocolError', (error: Error) => errors.push(error));
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(SessionClosedError);
    expect(errors[0]?.message).toMatch(/frame length/);
  });

  it('answers every n-th Submit with Status 1 (system busy) when throttling', async () => {
    const smgw = await gateway({ throttleEvery: 2 });
    const sp = client(smgw.port);
    await sp.connect();
    await expect(sp.submit(SUBMIT)).resolves.toMatchObject({ Status: 0 });
    const error = await sp.submit(SUBMIT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseStatusError);
    expect((error as ResponseStatusError).status).toBe(SmgpStatus.SYSTEM_BUSY);
    expect(smgw.stats().throttled).toBe(1);
  });
});

describe('SMGP reports, group send, MO and Query', () => {
  it('sends one status report per recipient of a group send, ids M and M+1', async () => {
    const smgw = await gateway({ reports: { delayMs: 10, outcomes: { DELIVRD: 1 } } });
    const reports: SmgpPduOf<'Deliver'>[] = [];
    const sp = client(smgw.port, {
      onDeliver: (pdu) => {
        reports.push({ ...pdu, MsgContent: Buffer.from(pdu.MsgContent) });
        sp.emit('reported');
      },
    });
    await sp.connect();
    const response = await sp.submit({ ...SUBMIT, DestTermID: ['13301234567', '13301234568'] });
    await waitUntil(sp, 'reported', () => reports.length >= 2, 2000, 'two reports');
    const parsed = reports.map((pdu) => parseReport(pdu.MsgContent));
    const ids = parsed.map((r) => (r.ok ? r.report.id : '')).sort();
    const first = BigInt(response.MsgID);
    expect(ids).toEqual([response.MsgID, (first + 1n).toString().padStart(20, '0')]);
    expect(reports.map((r) => r.IsReport)).toEqual([1, 1]);
    expect(reports.map((r) => r.SrcTermID).sort()).toEqual(['13301234567', '13301234568']);
    expect(parsed.every((r) => r.ok && r.report.stat === 'DELIVRD' && r.report.err === '000')).toBe(true);
    await vi.waitFor(() => expect(smgw.stats().reportsSent).toBe(2));
  });

  it('reassembles a long Submit at the gateway and a long MO at the SP', async () => {
    const smgw = await gateway({ record: true });
    const assembler = new InboundMessageAssembler();
    const mo: string[] = [];
    const sp = client(smgw.port, {
      onDeliver: (pdu) => {
        if (pdu.IsReport === 1) return;
        const result = assembler.add(pdu);
        if (result.status === 'complete') mo.push(result.message.text);
      },
    });
    await sp.connect();
    const text = '中国电信短信网关长短信测试，'.repeat(12);
    for (const part of messageParts(text, { format: 'gbk', reference: 9 })) await sp.submit({ ...SUBMIT, ...part });
    expect(smgw.messages.map((m) => m.text)).toEqual([text]);
    expect(smgw.messages[0].parts).toBeGreaterThan(1);

    await smgw.injectMo('12345678', { from: '13301234567', to: '1065900001', text, format: 'ucs2' });
    expect(mo).toEqual([text]);
    expect(decodeContent(Buffer.from('4f60', 'hex'), 8)).toBe('你');
  });

  it('answers Query with the SP counters', async () => {
    const smgw = await gateway();
    const sp = client(smgw.port);
    await sp.connect();
    await sp.submit(SUBMIT);
    await expect(sp.query({ QueryTime: '20231120', QueryType: 0 })).resolves.toMatchObject({ command: 'Query_Resp', QueryTime: '20231120', MT_TLMsg: 1, MT_Scs: 1 });
  });
});
