// SGIP links over real sockets: Bind accepted and refused, idle unbind and reconnect on demand,
// window, timeout, backoff, close rejecting what is pending, and the connect-back for Reports and MO.
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseStatusError, SessionClosedError } from '../../../src/protocols/shared/framed-errors.ts';
import { ResponseTimeoutError, WindowFullError } from '../../../src/protocols/shared/framed-session.ts';
import { SgipClient, type SgipClientOptions } from '../../../src/protocols/sgip/client.ts';
import { decodeSgipText } from '../../../src/protocols/sgip/message-coding.ts';
import type { SgipPdu, SgipPduOf } from '../../../src/protocols/sgip/pdu-types.ts';
import { resultOutcome, SgipResult } from '../../../src/protocols/sgip/result-codes.ts';
import { SgipCounter } from '../../../src/protocols/sgip/sequence-number.ts';
import { credentialsAuthenticator, SgipServer, type SgipServerOptions } from '../../../src/protocols/sgip/server.ts';
import { FakeSmg, type FakeSmgOptions } from '../../../src/protocols/sgip/testing/fake-smg.ts';
import { splitUserData } from '../../../src/protocols/encoding/udh.ts';
import { frame, t, u32, u8 } from '../../support/sgip-hex.ts';
import { RawSgipPeer } from '../../support/raw-sgip-peer.ts';
import { waitForEvent, waitUntil, withTimeout } from '../../support/wait-for.ts';

const SP_NODE = 3010012345;
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function startSmg(options: FakeSmgOptions = {}): Promise<FakeSmg> {
  const smg = new FakeSmg({ record: true, accounts: { sp: 'sp_pass' }, ...options });
  await smg.listen(0);
  closers.push(() => smg.close());
  return smg;
}

function client(port: number, options: Partial<SgipClientOptions> = {}): SgipClient {
  const result = new SgipClient({ host: '127.0.0.1', port, nodeId: SP_NODE, loginName: 'sp', loginPassword: 'sp_pass', backoff: { initialMs: 50, maxMs: 100 }, ...options });
  closers.push(() => result.close());
  return result;
}

const SUBMIT = { SPNumber: '10655001', UserNumber: ['8613012345678'], ServiceType: 'TEST', ReportFlag: 1, MessageCoding: 15, MessageContent: Buffer.from('c4e3bac3', 'hex') };

/** The SP's own server for the SMG's connect-back, recording what arrives. */
async function startSpServer(options: Partial<SgipServerOptions> = {}) {
  const received: SgipPdu[] = [];
  const server = new SgipServer({
    nodeId: SP_NODE,
    authenticate: credentialsAuthenticator({ smg: 'smg_pass' }),
    onRequest: (pdu) => {
      // An SP's server has no use for a Submit (sgip.md §1: answered, with a non-zero Result).
      if (pdu.command === 'submit') return { Result: SgipResult.FUNCTION_NOT_PROVIDED };
      received.push(pdu);
      server.emit('received', pdu);
      return { Result: 0 };
    },
    ...options,
  });
  await server.listen(0);
  closers.push(() => server.close());
  return { server, received, port: server.address.port };
}

describe('SGIP client against the fake SMG', () => {
  it('binds with Login Type 1 and gets each Submit answered with its own 12-octet sequence number', async () => {
    const smg = await startSmg();
    const sp = client(smg.port);
    await sp.connect();
    expect(sp.state).toBe('ready');
    const [first, second] = await Promise.all([sp.submit(SUBMIT), sp.submit(SUBMIT)]);
    expect(first.Result).toBe(0);
    expect(first.SequenceNumber.nodeId).toBe(SP_NODE);
    expect(second.SequenceNumber.counter).toBe(first.SequenceNumber.counter + 1);
    // The SMG saw the same triple the response echoed.
    expect(smg.submits.map((s) => s.SequenceNumber)).toEqual([first.SequenceNumber, second.SequenceNumber]);
    expect(smg.submits[0]).toMatchObject({ SPNumber: '10655001', UserNumber: ['8613012345678'], MessageCoding: 15 });
    expect(smg.stats()).toMatchObject({ binds: 1, submits: 2, accepted: 2 });
  });

  it('refuses a wrong password with Result 1 and backs off before trying again', async () => {
    const smg = await startSmg();
    const sp = client(smg.port, { loginPassword: 'wrong', backoff: { initialMs: 300, maxMs: 300 } });
    const failed = waitForEvent<[{ retryInMs: number }]>(sp, 'connectFailed');
    const error = await sp.connect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseStatusError);
    expect((error as ResponseStatusError).status).toBe(SgipResult.ILLEGAL_LOGIN);
    expect((await failed)[0].retryInMs).toBeGreaterThan(0);
    expect(sp.state).toBe('backoff');
    expect(sp.busy).toBe(true);
    // While backing off, requests fail at once with the same reason, without a new connection.
    await expect(sp.submit(SUBMIT)).rejects.toBe(error);
    expect(sp.stats().connectFailures).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(sp.state).toBe('idle');
    await expect(sp.connect()).rejects.toBeInstanceOf(ResponseStatusError);
    expect(sp.stats().connectFailures).toBe(2);
  });

  it('refuses a Bind with the wrong Login Type, and any Bind when told to', async () => {
    const smg = await startSmg();
    await expect(client(smg.port, { loginType: 2 }).connect()).rejects.toMatchObject({ status: SgipResult.BAD_LOGIN_TYPE });
    const strict = await startSmg({ bindReject: SgipResult.TOO_MANY_CONNECTIONS });
    await expect(client(strict.port).connect()).rejects.toMatchObject({ status: SgipResult.TOO_MANY_CONNECTIONS });
  });

  it('unbinds an idle link and binds again on the next request (no keep-alive in SGIP)', async () => {
    const smg = await startSmg();
    const sp = client(smg.port, { idleTimeoutMs: 100 });
    await sp.submit(SUBMIT);
    const [reason] = await waitForEvent<[string]>(sp, 'disconnected', 3000);
    expect(reason).toBe('terminated');
    expect(sp.state).toBe('idle');
    expect(sp.busy).toBe(false);
    await waitUntil(smg, 'sessionClosed', () => smg.server.sessions.size === 0, 2000);
    // Idle again twice over: each request brings a fresh link up.
    await sp.submit(SUBMIT);
    await waitForEvent(sp, 'disconnected', 3000);
    await sp.submit(SUBMIT);
    // Three Binds, three Submits and two idle Unbinds.
    expect(sp.stats()).toMatchObject({ connects: 3, requestsSent: 8, responsesReceived: 8 });
    expect(smg.stats()).toMatchObject({ binds: 3, accepted: 3 });
  });

  it('holds a request made while an idle link unbinds, and sends it on a new link', async () => {
    const smg = await startSmg();
    const sp = client(smg.port, { idleTimeoutMs: 100 });
    await sp.submit(SUBMIT);
    // Wrapped, so the outer promise hands over the request's promise rather than waiting for it.
    const { during } = await new Promise<{ during: Promise<unknown> }>((resolve) => {
      sp.currentSession!.on('state', (state: string) => {
        if (state !== 'closing') return;
        expect([sp.state, sp.busy]).toEqual(['closing', true]);
        resolve({ during: sp.submit(SUBMIT) });
      });
    });
    await expect(during).resolves.toMatchObject({ command: 'submit_resp', Result: 0 });
    expect(smg.stats()).toMatchObject({ binds: 2, accepted: 2 });
  });

  it('reports busy with a full window, refuses more, and drains when answers come', async () => {
    const smg = await startSmg({ slowMs: 150 });
    const sp = client(smg.port, { window: 2 });
    await sp.connect();
    const busy = waitForEvent(sp, 'busy');
    const pending = [sp.submit(SUBMIT), sp.submit(SUBMIT)];
    await busy;
    expect(sp.busy).toBe(true);
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(WindowFullError);
    const drained = waitForEvent(sp, 'drain');
    await Promise.all(pending);
    await drained;
    expect(sp.busy).toBe(false);
  });

  it('times out a Submit the SMG never answers', async () => {
    const smg = await startSmg({ mode: 'black-hole' });
    const sp = client(smg.port, { requestTimeoutMs: 100 });
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(ResponseTimeoutError);
    expect(sp.stats().timeouts).toBe(1);
  });

  it('answers flow control with Result 11, which counts as throttled', async () => {
    const smg = await startSmg({ throttleEvery: 2 });
    const sp = client(smg.port);
    await sp.submit(SUBMIT);
    const error = (await sp.submit(SUBMIT).catch((caught: unknown) => caught)) as ResponseStatusError;
    expect(error.status).toBe(SgipResult.NODE_BUSY);
    expect(resultOutcome(error.status)).toBe('throttled');
    expect(smg.stats().throttled).toBe(1);
  });

  it('rejects every pending Submit when the SMG drops the link mid-window, then reconnects on demand', async () => {
    const smg = await startSmg({ mode: 'close-mid-window', closeAfter: 3 });
    const sp = client(smg.port, { window: 10 });
    const results = await Promise.allSettled([1, 2, 3].map(() => sp.submit(SUBMIT)));
    for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SessionClosedError);
    expect(sp.state).toBe('idle');
    await sp.connect();
    expect(sp.state).toBe('ready');
  });

  it('closes on a response whose length cannot be framed, rejecting the Submit', async () => {
    const smg = await startSmg({ mode: 'bad-length' });
    const sp = client(smg.port);
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('close() unbinds and refuses further requests', async () => {
    const smg = await startSmg();
    const sp = client(smg.port);
    await sp.connect();
    const gone = waitForEvent<[unknown, string]>(smg, 'sessionClosed');
    await sp.close();
    expect((await gone)[1]).toBe('peer terminated');
    expect(sp.state).toBe('closed');
    await expect(sp.submit(SUBMIT)).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('keeps sequence numbers unique across the connections of one node', async () => {
    const smg = await startSmg();
    const counter = new SgipCounter();
    const [a, b] = [client(smg.port, { counter }), client(smg.port, { counter })];
    const answers = await Promise.all([a, b, a, b].map((c) => c.submit(SUBMIT)));
    expect(new Set(answers.map((r) => r.SequenceNumber.counter)).size).toBe(4);
  });
});

describe('SGIP connect-back: the SMG binds to the SP with Login Type 2', () => {
  it('sends one Report per recipient naming the Submit, as ReportFlag asks', async () => {
    const sp = await startSpServer();
    const smg = await startSmg({ connectBack: { host: '127.0.0.1', port: sp.port, loginName: 'smg', loginPassword: 'smg_pass' }, reports: { delayMs: 10, outcomes: { 'ERR:25': 1 } } });
    const link = client(smg.port);
    const response = await link.submit({ ...SUBMIT, UserNumber: ['8613012345678', '8613112345678'] });
    await waitUntil(sp.server, 'received', () => sp.received.length === 2, 3000);
    const reports = sp.received as Array<SgipPduOf<'report'>>;
    expect(reports.map((r) => r.command)).toEqual(['report', 'report']);
    expect(reports.map((r) => r.UserNumber).sort()).toEqual(['8613012345678', '8613112345678']);
    for (const report of reports) {
      expect(report.SubmitSequenceNumber).toEqual(response.SequenceNumber);
      expect([report.State, report.ErrorCode, report.ReportType]).toEqual([2, 25, 0]);
      expect(report.SequenceNumber.nodeId).toBe(101001);
    }
    expect(sp.server.stats().sessions[0]).toMatchObject({ identity: 'smg' });
    // ReportFlag 2: no report; ReportFlag 0: failures only (this outcome is a failure).
    await link.submit({ ...SUBMIT, ReportFlag: 2 });
    await link.submit({ ...SUBMIT, ReportFlag: 0 });
    await waitUntil(sp.server, 'received', () => sp.received.length === 3, 3000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sp.received).toHaveLength(3);
    expect(smg.stats()).toMatchObject({ reportsSent: 3, reportsQueued: 0 });
  });

  it('delivers MO, a long one as parts with a concatenation UDH, and retries until the SP is reachable', async () => {
    // The SP's server is not up yet: the SMG keeps the MO and sends it once it can bind.
    const reserved = new SgipServer({ nodeId: SP_NODE, authenticate: () => 0, onRequest: () => ({}) });
    const { port } = await reserved.listen(0);
    await reserved.close();
    const smg = await startSmg({ connectBack: { host: '127.0.0.1', port, loginName: 'smg', loginPassword: 'smg_pass' } });
    const text = '退订请回复TD，咨询请拨打客服热线，我们将竭诚为您服务。'.repeat(3);
    const delivered = smg.injectMo({ from: '8613012345678', to: '1065500102', text });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smg.stats().connectBackFailures).toBeGreaterThan(0);
    const received: SgipPdu[] = [];
    const server = new SgipServer({ nodeId: SP_NODE, authenticate: credentialsAuthenticator({ smg: 'smg_pass' }), onRequest: (pdu) => void received.push(pdu) });
    await server.listen(port);
    closers.push(() => server.close());
    await withTimeout(delivered, 5000, 'MO to be delivered');
    const parts = received as Array<SgipPduOf<'deliver'>>;
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.TP_udhi === 1 && p.SPNumber === '1065500102' && p.UserNumber === '8613012345678' && p.MessageCoding === 8)).toBe(true);
    const ordered = parts.map((p) => splitUserData(p.MessageContent)).sort((a, b) => a.udh.concat!.seq - b.udh.concat!.seq);
    expect(decodeSgipText(Buffer.concat(ordered.map((p) => p.payload)), 8)).toBe(text);
    expect(smg.stats().moSent).toBe(parts.length);
  });
});

describe('SGIP server', () => {
  it('refuses commands before Bind, takes commands pipelined right behind it, and answers Unbind', async () => {
    const sp = await startSpServer();
    const peer = await RawSgipPeer.connect(sp.port);
    closers.push(async () => peer.destroy());
    const seq = (counter: number) => `${u32(101001)} ${u32(1120203000)} ${u32(counter)}`;
    const deliver = (counter: number) => frame(u32(77 + 2), u32(4), seq(counter), t('8613012345678', 21), t('10655001', 21), u8(0), u8(0), u8(0), u32(2), '5444', t('', 8));
    peer.send(deliver(1));
    expect(await peer.next()).toMatchObject({ command: 'deliver_resp', sequence: 1, Result: SgipResult.ILLEGAL_LOGIN });
    peer.send(Buffer.concat([frame(u32(61), u32(1), seq(2), u8(2), t('smg', 16), t('smg_pass', 16), t('', 8)), deliver(3)]));
    expect(await peer.next()).toMatchObject({ command: 'bind_resp', sequence: 2, Result: 0 });
    expect(await peer.next()).toMatchObject({ command: 'deliver_resp', sequence: 3, Result: 0, SequenceNumber: { nodeId: 101001, timestamp: 1120203000, counter: 3 } });
    expect(sp.received).toMatchObject([{ command: 'deliver', MessageContent: Buffer.from('TD') }]);
    // A Submit is not for an SP's server: its normal response with a non-zero Result (sgip.md §1).
    peer.send(frame(u32(143 + 21 + 1), u32(3), seq(4), t('', 21), t('', 21), u8(1), t('8613012345678', 21), t('', 5 + 10), u8(0), t('', 12), u8(0), u8(0), u8(0), t('', 32), u8(0), u8(0), u8(0), u8(0), u8(0), u32(1), '41', t('', 8)));
    peer.send(frame(u32(20), u32(2), seq(5)));
    const answers = [await peer.next(), await peer.next()];
    expect(answers).toMatchObject([
      { command: 'submit_resp', sequence: 4, Result: SgipResult.FUNCTION_NOT_PROVIDED },
      { command: 'unbind_resp', sequence: 5 },
    ]);
    expect(sp.received).toHaveLength(1);
    expect(await peer.nextOrClose(2000)).toBeNull();
    expect(peer.isClosed).toBe(true);
  });

  it('unbinds a link that stays idle', async () => {
    const sp = await startSpServer({ idleTimeoutMs: 100 });
    const peer = await RawSgipPeer.connect(sp.port);
    closers.push(async () => peer.destroy());
    peer.send(frame(u32(61), u32(1), u32(101001), u32(1), u32(1), u8(2), t('smg', 16), t('smg_pass', 16), t('', 8)));
    expect(await peer.next()).toMatchObject({ command: 'bind_resp', Result: 0 });
    expect(await peer.next(3000)).toMatchObject({ command: 'unbind', SequenceNumber: { nodeId: SP_NODE } });
  });

  it('refuses a Bind with unknown credentials or Login Type 1', async () => {
    const sp = await startSpServer();
    const bind = (type: number, password: string) => new SgipClient({ host: '127.0.0.1', port: sp.port, nodeId: 101001, loginType: type, loginName: 'smg', loginPassword: password });
    await expect(bind(2, 'nope').connect()).rejects.toMatchObject({ status: SgipResult.ILLEGAL_LOGIN });
    await expect(bind(1, 'smg_pass').connect()).rejects.toMatchObject({ status: SgipResult.BAD_LOGIN_TYPE });
    const ok = bind(2, 'smg_pass');
    closers.push(() => ok.close());
    await ok.connect();
    expect(ok.state).toBe('ready');
  });

  it('sends requests to a bound peer by login name', async () => {
    const sp = await startSpServer();
    const smgSide = new SgipClient({ host: '127.0.0.1', port: sp.port, nodeId: 101001, loginType: 2, loginName: 'smg', loginPassword: 'smg_pass', onRequest: () => ({ Result: 0 }) });
    closers.push(() => smgSide.close());
    await smgSide.connect();
    await waitUntil(sp.server, 'bound', () => sp.server.sessionsOf('smg').length === 1);
    await expect(sp.server.requestTo('smg', 'userrpt', { SPNumber: '1', UserNumber: '2', UserCondition: 0 })).resolves.toMatchObject({ command: 'userrpt_resp', Result: 0 });
    await expect(sp.server.requestTo('nobody', 'userrpt', {})).rejects.toBeInstanceOf(SessionClosedError);
  });
});
