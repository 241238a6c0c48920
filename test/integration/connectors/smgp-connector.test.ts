import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SmgpConnector } from '../../../src/connectors/smgp/connector.ts';
import type { MoEvent, OutboundMessage, ReceiptEvent, SubmitAccepted, SubmitRefused } from '../../../src/core/connector.ts';
import { decodeGbk } from '../../../src/protocols/encoding/gbk.ts';
import { MsgFormat } from '../../../src/protocols/smgp/message-format.ts';
import { SmgpStatus } from '../../../src/protocols/smgp/status.ts';
import { FakeSmgw, type FakeSmgwOptions } from '../../../src/protocols/smgp/testing/fake-smgw.ts';
import { until } from '../../support/events.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function startSmgw(options: FakeSmgwOptions = {}, port = 0) {
  const smgw = new FakeSmgw({ record: true, accounts: { SP000001: 'sekret' }, ...options });
  await smgw.listen(port);
  closers.push(() => smgw.close());
  return smgw;
}

/** Handlers that record what the connector hands over, and can be told to fail. */
class Recorder extends EventEmitter {
  readonly receipts: ReceiptEvent[] = [];
  readonly mo: MoEvent[] = [];
  failReceipts = false;
  readonly handlers = {
    onReceipt: async (receipt: ReceiptEvent) => {
      if (this.failReceipts) {
        this.emit('failed');
        throw new Error('store unavailable');
      }
      this.receipts.push(receipt);
      this.emit('receipt');
    },
    onMo: async (mo: MoEvent) => {
      this.mo.push(mo);
      this.emit('mo');
    },
  };
}

async function startConnector(port: number, settings: Record<string, unknown> = {}) {
  const connector = new SmgpConnector('ct1', {
    host: '127.0.0.1',
    port,
    clientId: 'SP000001',
    secret: 'sekret',
    spNumber: '1065900001',
    serviceId: 'MTEST',
    verifyServer: 'strict',
    activeTestIntervalMs: 0,
    reconnectInitialMs: 20,
    reconnectMaxMs: 100,
    ...settings,
  });
  const recorder = new Recorder();
  connector.attach(recorder.handlers);
  closers.push(() => connector.stop());
  await connector.start();
  return { connector, recorder };
}

let seq = 0;
function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return { id: `m${++seq}`, sender: '1234', recipient: '+8613301234567', text: 'Your code is 1234', encoding: 'gsm7', segments: 1, wantReceipt: true, validUntil: Date.now() + 3_600_000, priority: 1, ...overrides };
}

function refused(result: Awaited<ReturnType<SmgpConnector['submit']>>): SubmitRefused {
  expect(result.ok).toBe(false);
  return result as SubmitRefused;
}

function accepted(result: Awaited<ReturnType<SmgpConnector['submit']>>): SubmitAccepted {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
  return result as SubmitAccepted;
}

describe('SmgpConnector', () => {
  it('logs in, submits with SP number + extension, and turns the report into a ReceiptEvent', async () => {
    const smgw = await startSmgw({ reports: { delayMs: 5 } });
    const { connector, recorder } = await startConnector(smgw.port, { extension: '9', msgSrc: 'CORP0001' });
    expect(connector.stats()).toMatchObject({ state: 'up', sessionsUp: 1, sessionsTotal: 1, window: 16 });
    const result = accepted(await connector.submit(message()));
    expect(result.upstreamIds[0]).toMatch(/^\d{20}$/);
    expect(result.upstreamKeys).toEqual(result.upstreamIds);
    const submit = smgw.submits[0];
    expect(submit).toMatchObject({ MsgType: 6, NeedReport: 1, Priority: 1, ServiceID: 'MTEST', FeeType: '00', MsgFormat: MsgFormat.ASCII, SrcTermID: '106590000191234', DestTermID: ['13301234567'] });
    expect(submit.ValidTime).toMatch(/^\d{12}\d32\+$/);
    expect(submit.TLVs).toEqual({ MsgSrc: 'CORP0001' });
    await until(recorder, 'receipt', () => recorder.receipts.length === 1, 5000);
    expect(recorder.receipts[0]).toMatchObject({ connectorId: 'ct1', upstreamKeys: result.upstreamIds, state: 'delivered', rawStatus: 'DELIVRD', errorCode: null });
    await vi.waitFor(() => expect(connector.stats()).toMatchObject({ submitted: 1, receipts: 1 }));
  });

  it('maps raw report words through the default table and the configured overrides', async () => {
    const smgw = await startSmgw({ reports: { delayMs: 5, outcomes: { 'MK:0005': 1 } } });
    const { connector, recorder } = await startConnector(smgw.port);
    accepted(await connector.submit(message()));
    await until(recorder, 'receipt', () => recorder.receipts.length === 1, 5000);
    expect(recorder.receipts[0]).toMatchObject({ state: 'undelivered', rawStatus: 'MK:0005', errorCode: '006' });

    const again = await startConnector(smgw.port, { reportStates: { 'MK:0005': 'expired' } });
    accepted(await again.connector.submit(message()));
    await until(again.recorder, 'receipt', () => again.recorder.receipts.length === 1, 5000);
    expect(again.recorder.receipts[0]).toMatchObject({ state: 'expired', rawStatus: 'MK:0005' });
  });

  it('reports Status 1 (system busy) as throttled, and a message error as permanent unless overridden', async () => {
    const smgw = await startSmgw({ throttleEvery: 1 });
    const { connector } = await startConnector(smgw.port);
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'throttled', errorCode: 'smgp:1', errorMessage: expect.stringContaining('SYSTEM_BUSY') });

    const bad = await startSmgw({ mode: 'error-status', errorStatus: SmgpStatus.ILLEGAL_DEST_TERM_ID });
    const strict = await startConnector(bad.port);
    expect(refused(await strict.connector.submit(message()))).toMatchObject({ outcome: 'permanent', errorCode: 'smgp:47' });
    const lenient = await startConnector(bad.port, { statusOverrides: { 47: 'transient' } });
    expect(refused(await lenient.connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'smgp:47' });
  });

  it('reports an unanswered Submit as transient connector:timeout', async () => {
    const smgw = await startSmgw({ mode: 'black-hole' });
    const { connector } = await startConnector(smgw.port, { requestTimeoutMs: 100 });
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'connector:timeout' });
  });

  it('goes down when the SMGW goes away and up again once it is back', async () => {
    const smgw = await startSmgw();
    const port = smgw.port;
    const { connector } = await startConnector(port);
    const down = until(connector, 'state', () => connector.state === 'down', 5000);
    await smgw.close();
    await down;
    expect(connector.busy).toBe(true);
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'connector:down' });
    await startSmgw({}, port);
    await until(connector, 'state', () => connector.state === 'up', 5000);
    accepted(await connector.submit(message()));
  });

  it('stays down with a wrong secret', async () => {
    const smgw = await startSmgw();
    const { connector } = await startConnector(smgw.port, { secret: 'nope' });
    expect(connector.stats()).toMatchObject({ state: 'down', sessionsUp: 0 });
  });

  it('sends a long Chinese text as GBK parts with TP_udhi / PkTotal / PkNumber, one upstream id per part', async () => {
    const smgw = await startSmgw({ reports: { delayMs: 5 } });
    const { connector, recorder } = await startConnector(smgw.port);
    const text = '尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通。'.repeat(4);
    const result = accepted(await connector.submit(message({ text, encoding: 'ucs2' })));
    expect(result.upstreamIds.length).toBeGreaterThan(1);
    expect(smgw.submits.every((s) => s.MsgFormat === MsgFormat.GBK && s.TLVs.TP_udhi === 1 && s.TLVs.PkTotal === result.upstreamIds.length)).toBe(true);
    expect(smgw.submits.map((s) => s.TLVs.PkNumber)).toEqual(result.upstreamIds.map((_, i) => i + 1));
    expect(smgw.messages.map((m) => m.text)).toEqual([text]);
    expect(decodeGbk(smgw.submits[0].MsgContent.subarray(6)).length).toBe(67);
    await until(recorder, 'receipt', () => recorder.receipts.length === result.upstreamIds.length, 5000);
    expect(recorder.receipts.map((r) => r.upstreamKeys[0]).sort()).toEqual([...result.upstreamIds].sort());
  });

  it('sends UCS2 when GBK is not allowed, with 16-bit references when asked', async () => {
    const smgw = await startSmgw();
    const { connector } = await startConnector(smgw.port, { encodings: ['ascii', 'ucs2'], concat: 'udh16' });
    const text = '中国电信'.repeat(30);
    accepted(await connector.submit(message({ text })));
    expect(smgw.submits.every((s) => s.MsgFormat === MsgFormat.UCS2 && s.MsgContent.subarray(0, 3).toString('hex') === '060804')).toBe(true);
    expect(smgw.messages.map((m) => m.text)).toEqual([text]);
  });

  it('refuses text no allowed format carries as permanent', async () => {
    const smgw = await startSmgw();
    const { connector } = await startConnector(smgw.port, { encodings: ['ascii'] });
    expect(refused(await connector.submit(message({ text: '你好' })))).toMatchObject({ outcome: 'permanent', errorCode: 'connector:encoding:unencodable_char' });
  });

  it('hands MO to onMo with the full SP number + extension as recipient, joining a long MO', async () => {
    const smgw = await startSmgw();
    const { recorder } = await startConnector(smgw.port);
    await smgw.injectMo('SP000001', { from: '13301234567', to: '10659000011234', text: 'TD' });
    const long = '回复：好的，我明天上午十点到公司来办理相关手续，谢谢。'.repeat(5);
    await smgw.injectMo('SP000001', { from: '8613301234568', to: '1065900001', text: long, format: 'ucs2' });
    await until(recorder, 'mo', () => recorder.mo.length === 2, 5000);
    expect(recorder.mo[0]).toMatchObject({ connectorId: 'ct1', sender: '+8613301234567', recipient: '10659000011234', text: 'TD', encoding: 'ia5' });
    expect(recorder.mo[1]).toMatchObject({ sender: '+8613301234568', recipient: '1065900001', text: long, encoding: 'ucs2' });
  });

  it('answers Status 1 while the receipt handler fails, so the SMGW sends the report again', async () => {
    const smgw = await startSmgw({ reports: { delayMs: 5 } });
    const { connector, recorder } = await startConnector(smgw.port);
    recorder.failReceipts = true;
    const failed = until(recorder, 'failed', () => true, 5000);
    accepted(await connector.submit(message()));
    await failed;
    recorder.failReceipts = false;
    await until(recorder, 'receipt', () => recorder.receipts.length === 1, 5000);
    await vi.waitFor(() => expect(smgw.stats()).toMatchObject({ reportsSent: 1, reportsQueued: 0 }));
  });

  it('takes a burst as large as the window even while the socket is backed up', async () => {
    const smgw = await startSmgw();
    const { connector } = await startConnector(smgw.port, { window: 300 });
    // 300 Submits written in one tick exceed the socket's 16 kB buffer: write() says "backed up".
    const results = await Promise.all(Array.from({ length: 300 }, () => connector.submit(message({ text: 'x'.repeat(120) }))));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(connector.stats()).toMatchObject({ submitted: 300, failed: 0 });
  });

  it('shares the submit load across several sessions', async () => {
    const smgw = await startSmgw();
    const { connector } = await startConnector(smgw.port, { binds: 3 });
    expect(connector.stats()).toMatchObject({ sessionsUp: 3, sessionsTotal: 3, window: 48 });
    await Promise.all(Array.from({ length: 9 }, () => connector.submit(message())));
    expect(smgw.server.stats().sessions.map((s) => s.requestsReceived)).toEqual([4, 4, 4]); // Login + 3 Submits each
  });
});
