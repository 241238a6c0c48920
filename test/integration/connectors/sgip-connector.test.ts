import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SgipConnector } from '../../../src/connectors/sgip/connector.ts';
import type { MoEvent, OutboundMessage, ReceiptEvent, SubmitRefused } from '../../../src/core/connector.ts';
import { decodeSgipText } from '../../../src/protocols/sgip/message-coding.ts';
import { SgipResult } from '../../../src/protocols/sgip/result-codes.ts';
import { FakeSmg, type FakeSmgOptions } from '../../../src/protocols/sgip/testing/fake-smg.ts';
import { splitUserData } from '../../../src/protocols/encoding/udh.ts';
import { until } from '../../support/events.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function startSmg(options: FakeSmgOptions = {}, port = 0) {
  const smg = new FakeSmg({ record: true, accounts: { sp: 'sp_pass' }, ...options });
  await smg.listen(port);
  closers.push(() => smg.close());
  return smg;
}

/** Handlers that record what the connector hands over, and can be told to fail. */
class Recorder extends EventEmitter {
  readonly receipts: ReceiptEvent[] = [];
  readonly mo: MoEvent[] = [];
  failReceipts = false;
  failMo = false;
  readonly handlers = {
    onReceipt: async (receipt: ReceiptEvent) => {
      if (this.failReceipts) throw new Error('store unavailable');
      this.receipts.push(receipt);
      this.emit('receipt');
    },
    onMo: async (mo: MoEvent) => {
      if (this.failMo) throw new Error('store unavailable');
      this.mo.push(mo);
      this.emit('mo');
    },
  };
}

const SETTINGS = { host: '127.0.0.1', loginName: 'sp', password: 'sp_pass', nodeId: 3010012345, spNumber: '10655001', corpId: '12345', serviceType: 'NOTICE', reconnectInitialMs: 20, reconnectMaxMs: 100 };

/** A connector whose server the fake SMG connects back to. */
async function startConnector(smg: FakeSmg, settings: Record<string, unknown> = {}) {
  const connector = new SgipConnector('up1', { ...SETTINGS, port: smg.port, listen: { host: '127.0.0.1', port: 0, loginName: 'smg', password: 'smg_pass' }, ...settings });
  const recorder = new Recorder();
  connector.attach(recorder.handlers);
  closers.push(() => connector.stop());
  await connector.start();
  if (connector.listenPort) smg.connectBackTo({ host: '127.0.0.1', port: connector.listenPort, loginName: 'smg', loginPassword: 'smg_pass' });
  return { connector, recorder };
}

let seq = 0;
function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return { id: `m${++seq}`, sender: null, recipient: '+8613012345678', text: 'Your code is 1234', encoding: 'gsm7', segments: 1, wantReceipt: true, validUntil: Date.now() + 3_600_000, priority: 1, ...overrides };
}

function refused(result: Awaited<ReturnType<SgipConnector['submit']>>): SubmitRefused {
  expect(result.ok).toBe(false);
  return result as SubmitRefused;
}

describe('SgipConnector against the fake SMG', () => {
  it('submits, and turns the Report the SMG sends over its connect-back into a ReceiptEvent', async () => {
    const smg = await startSmg({ reports: { delayMs: 5 } });
    const { connector, recorder } = await startConnector(smg);
    expect(connector.state).toBe('up');
    expect(connector.busy).toBe(false);

    const result = await connector.submit(message());
    expect(result).toEqual({ ok: true, upstreamIds: [expect.stringMatching(/^3010012345-\d{10}-\d+$/)] });
    const [submit] = smg.submits;
    expect(submit).toMatchObject({ SPNumber: '10655001', UserNumber: ['8613012345678'], CorpId: '12345', ServiceType: 'NOTICE', ReportFlag: 1, MessageCoding: 0, Priority: 1, ChargeNumber: '000000000000000000000' });
    expect(submit!.MessageContent.toString()).toBe('Your code is 1234');

    await until(recorder, 'receipt', () => recorder.receipts.length === 1);
    expect(recorder.receipts[0]).toEqual({ connectorId: 'up1', upstreamKeys: (result as { upstreamIds: string[] }).upstreamIds, state: 'delivered', rawStatus: 'DELIVRD', errorCode: null, doneAt: expect.any(Number) });
    // Counted once the handler's promise settled, just after it recorded the receipt.
    await vi.waitFor(() => expect(connector.stats()).toMatchObject({ state: 'up', submitted: 1, failed: 0, sessionsUp: 1, sessionsTotal: 1, linksOpen: 1, smgLinks: 1, receipts: 1 }), { timeout: 2000, interval: 5 });
  });

  it('normalises failure Reports through its table, with per-connector edits', async () => {
    const smg = await startSmg({ reports: { outcomes: { 'ERR:26': 1 } } });
    const { connector, recorder } = await startConnector(smg, { reportStatuses: { 'ERR:26': 'expired' } });
    await connector.submit(message());
    await until(recorder, 'receipt', () => recorder.receipts.length === 1);
    expect(recorder.receipts[0]).toMatchObject({ state: 'expired', rawStatus: 'ERR:26', errorCode: '26' });
  });

  it('reports Result 11 as throttled and a message fault as permanent, unless overridden', async () => {
    const busy = await startSmg({ throttleEvery: 2 });
    const { connector } = await startConnector(busy);
    expect((await connector.submit(message())).ok).toBe(true);
    const throttled = refused(await connector.submit(message()));
    expect(throttled).toMatchObject({ outcome: 'throttled', errorCode: 'sgip:11' });
    expect(throttled.errorMessage).toContain('NODE_BUSY');

    const strict = await startSmg({ mode: 'error-result', errorResult: SgipResult.ILLEGAL_MOBILE_NUMBER });
    const { connector: second } = await startConnector(strict);
    expect(refused(await second.submit(message()))).toMatchObject({ outcome: 'permanent', errorCode: 'sgip:6' });
    const { connector: lenient } = await startConnector(strict, { statusOverrides: { 6: 'transient' } });
    expect(refused(await lenient.submit(message())).outcome).toBe('transient');
  });

  it('reports an unanswered Submit as transient connector:timeout', async () => {
    const smg = await startSmg({ mode: 'black-hole' });
    const { connector } = await startConnector(smg, { requestTimeoutMs: 150 });
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'connector:timeout' });
  });

  it('refuses a text no allowed encoding carries, and a recipient that is no number, as permanent', async () => {
    const smg = await startSmg();
    const { connector } = await startConnector(smg, { encodings: ['ascii'] });
    expect(refused(await connector.submit(message({ text: '你好' })))).toMatchObject({ outcome: 'permanent', errorCode: 'connector:encoding:unencodable_char' });
    expect(refused(await connector.submit(message({ recipient: 'nobody' })))).toMatchObject({ outcome: 'permanent', errorCode: 'connector:invalid_field' });
  });

  it('is down while the SMG refuses its Bind or cannot be reached, and comes back by itself', async () => {
    const first = await startSmg({ bindReject: SgipResult.ILLEGAL_LOGIN });
    const port = first.port;
    const { connector } = await startConnector(first);
    expect(connector.state).toBe('down');
    expect(connector.busy).toBe(true);
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'connector:down' });
    await first.close();
    const second = await startSmg({}, port);
    await until(connector, 'state', () => connector.state === 'up', 5000);
    expect((await connector.submit(message())).ok).toBe(true);
    expect(second.submits).toHaveLength(1);
  });

  it('unbinds an idle link and binds again for the next message', async () => {
    const smg = await startSmg();
    const { connector } = await startConnector(smg, { idleTimeoutMs: 80 });
    expect((await connector.submit(message())).ok).toBe(true);
    await vi.waitFor(() => expect([connector.stats().linksOpen, connector.busy]).toEqual([0, false]), { timeout: 3000, interval: 10 });
    expect(connector.state).toBe('up');
    expect((await connector.submit(message())).ok).toBe(true);
    expect(smg.stats().binds).toBe(2);
  });

  it('sends a long Chinese text as UDH parts with one reference, and matches each part Report', async () => {
    const smg = await startSmg({ reports: { delayMs: 0 } });
    const { connector, recorder } = await startConnector(smg, { encodings: ['gbk'] });
    const text = '快信网关测试消息，请勿回复。'.repeat(12);
    const result = await connector.submit(message({ text, encoding: 'ucs2' }));
    const ids = (result as { upstreamIds: string[] }).upstreamIds;
    expect(ids.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    const parts = smg.submits.map((s) => {
      expect([s.TP_udhi, s.MessageCoding]).toEqual([1, 15]);
      return splitUserData(s.MessageContent);
    });
    expect(new Set(parts.map((p) => p.udh.concat!.ref)).size).toBe(1);
    expect(parts.map((p) => p.udh.concat!.seq)).toEqual(ids.map((_, i) => i + 1));
    expect(decodeSgipText(Buffer.concat(parts.map((p) => p.payload)), 15)).toBe(text);
    await until(recorder, 'receipt', () => recorder.receipts.length === ids.length);
    expect(recorder.receipts.map((r) => r.upstreamKeys[0]).sort()).toEqual([...ids].sort());
  });

  it('hands MO to onMo joined from its parts, with the full SP number and extension as recipient', async () => {
    const smg = await startSmg();
    const { connector, recorder } = await startConnector(smg);
    await smg.injectMo({ from: '8613012345678', to: '1065500123', text: 'TD' });
    const long = '请回复确认您的预约时间，谢谢！'.repeat(6);
    await smg.injectMo({ from: '8613012345678', to: '1065500123', text: long });
    expect(recorder.mo).toEqual([
      { connectorId: 'up1', sender: '+8613012345678', recipient: '1065500123', text: 'TD', encoding: 'ia5', receivedAt: expect.any(Number) },
      { connectorId: 'up1', sender: '+8613012345678', recipient: '1065500123', text: long, encoding: 'ucs2', receivedAt: expect.any(Number) },
    ]);
    expect(connector.stats().mo).toBe(2);
  });

  it('answers Result 11 while its handler fails, so the SMG sends the Report and the MO again', async () => {
    const smg = await startSmg({ reports: { delayMs: 0 } });
    const { recorder, connector } = await startConnector(smg);
    recorder.failReceipts = true;
    recorder.failMo = true;
    await connector.submit(message());
    const mo = smg.injectMo({ from: '8613012345678', to: '10655001', text: 'hi' });
    await vi.waitFor(() => expect(smg.stats().refusedByPeer).toBeGreaterThanOrEqual(2), { timeout: 3000, interval: 5 });
    expect(recorder.receipts).toHaveLength(0);
    recorder.failReceipts = false;
    recorder.failMo = false;
    await mo;
    await until(recorder, 'receipt', () => recorder.receipts.length === 1, 3000);
    expect(recorder.mo).toHaveLength(1);
  });

  it('keeps sending when its listening port is taken, and listens once the port is free', async () => {
    const smg = await startSmg();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as AddressInfo).port;
    const connector = new SgipConnector('up1', { ...SETTINGS, port: smg.port, reconnectMaxMs: 50, listen: { host: '127.0.0.1', port, loginName: 'smg', password: 'smg_pass' } });
    closers.push(() => connector.stop());
    const failed = new Promise((resolve) => connector.once('listenFailed', resolve));
    await connector.start();
    await failed;
    expect(connector.stats()).toMatchObject({ state: 'up', listening: false });
    expect((await connector.submit(message())).ok).toBe(true);
    await new Promise((resolve) => squatter.close(resolve));
    await vi.waitFor(() => expect(connector.listenPort).toBe(port), { timeout: 3000, interval: 10 });
  });

  it('says busy when every link is full, and drains', async () => {
    const smg = await startSmg({ slowMs: 100 });
    const { connector } = await startConnector(smg, { window: 1 });
    const busy = new Promise((resolve) => connector.once('busy', resolve));
    const first = connector.submit(message());
    await busy;
    expect(refused(await connector.submit(message()))).toMatchObject({ errorCode: 'connector:busy' });
    const drained = new Promise((resolve) => connector.once('drain', resolve));
    expect((await first).ok).toBe(true);
    await drained;
  });
});
