// The CMPP connector against the fake ISMG: submit, reports, MO, outcomes, long Chinese text, recovery.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CmppConnector } from '../../../src/connectors/cmpp/connector.ts';
import type { MoEvent, OutboundMessage, ReceiptEvent, SubmitRefused } from '../../../src/core/connector.ts';
import { decodeGbk } from '../../../src/protocols/encoding/gbk.ts';
import { splitUserData } from '../../../src/protocols/encoding/udh.ts';
import { decodeUcs2 } from '../../../src/protocols/encoding/ucs2.ts';
import { nthMsgId } from '../../../src/protocols/cmpp/msg-id.ts';
import { CmppResult } from '../../../src/protocols/cmpp/result.ts';
import { FakeIsmg, type FakeIsmgOptions } from '../../../src/protocols/cmpp/testing/fake-ismg.ts';
import { until } from '../../support/events.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function startIsmg(options: FakeIsmgOptions = {}, port = 0) {
  const ismg = new FakeIsmg({ record: true, accounts: { '901234': 'secret' }, ...options });
  await ismg.listen(port);
  closers.push(() => ismg.close());
  return ismg;
}

class Recorder extends EventEmitter {
  readonly receipts: ReceiptEvent[] = [];
  readonly mo: MoEvent[] = [];
  failReceipts = false;
  readonly handlers = {
    onReceipt: async (receipt: ReceiptEvent) => {
      if (this.failReceipts) throw new Error('store unavailable');
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
  const connector = new CmppConnector('cm1', {
    host: '127.0.0.1',
    port,
    spId: '901234',
    secret: 'secret',
    srcId: '10690001',
    serviceId: 'MTEST',
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
  return { id: `m${++seq}`, sender: null, recipient: '+8613800138000', text: 'Your code is 1234', encoding: 'gsm7', segments: 1, wantReceipt: true, validUntil: Date.now() + 3_600_000, priority: 1, ...overrides };
}

function refused(result: Awaited<ReturnType<CmppConnector['submit']>>): SubmitRefused {
  expect(result.ok).toBe(false);
  return result as SubmitRefused;
}

describe.each(['3.0', '2.0'] as const)('CmppConnector (%s)', (version) => {
  it('logs in, submits with the configured fields, and turns the report into a ReceiptEvent', async () => {
    const ismg = await startIsmg({ reports: { delayMs: 5, outcomes: { 'MK:0005': 1 } } });
    const { connector, recorder } = await startConnector(ismg.port, { version, extension: '88' });
    expect(connector.stats()).toMatchObject({ state: 'up', sessionsUp: 1, sessionsTotal: 1 });
    const result = await connector.submit(message({ sender: '123' }));
    expect(result.ok).toBe(true);
    const [msgId] = (result as { upstreamIds: string[] }).upstreamIds;
    expect(msgId).toMatch(/^[0-9a-f]{16}$/);
    expect(ismg.submits[0]).toMatchObject({
      Registered_Delivery: 1,
      Service_Id: 'MTEST',
      Msg_src: '901234',
      Src_Id: '10690001123',
      Dest_terminal_Id: ['13800138000'],
      Fee_UserType: 2,
      FeeType: '01',
      Msg_Fmt: 0,
    });
    expect(ismg.submits[0]!.ValId_Time).toMatch(/^\d{13}32\+$/);
    await until(recorder, 'receipt', () => recorder.receipts.length === 1);
    expect(recorder.receipts[0]).toMatchObject({ connectorId: 'cm1', upstreamKeys: [msgId], state: 'undelivered', rawStatus: 'MK:0005', errorCode: 'MK:0005' });
    await new Promise((resolve) => setImmediate(resolve)); // the counter moves once the handler has resolved
    expect(connector.stats()).toMatchObject({ submitted: 1, receipts: 1 });
  });

  it('sends a long Chinese text as UDH parts in UCS2, or in GBK when configured', async () => {
    const ismg = await startIsmg();
    const text = '尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通，感谢您的支持。'.repeat(4);
    for (const chineseEncoding of ['ucs2', 'gbk'] as const) {
      ismg.submits.length = 0;
      const { connector } = await startConnector(ismg.port, { version, chineseEncoding });
      const result = await connector.submit(message({ text, encoding: 'ucs2', segments: 3 }));
      expect(result.ok).toBe(true);
      const parts = ismg.submits;
      expect(parts.length).toBeGreaterThan(1);
      expect((result as { upstreamIds: string[] }).upstreamIds).toHaveLength(parts.length);
      expect(parts.every((p, i) => p.TP_udhi === 1 && p.Pk_total === parts.length && p.Pk_number === i + 1)).toBe(true);
      expect(parts.every((p) => p.Msg_Fmt === (chineseEncoding === 'gbk' ? 15 : 8))).toBe(true);
      const payload = Buffer.concat(parts.map((p) => splitUserData(p.Msg_Content).payload));
      expect(chineseEncoding === 'gbk' ? decodeGbk(payload) : decodeUcs2(payload)).toBe(text);
      await connector.stop();
    }
  });
});

describe('CmppConnector outcomes and recovery', () => {
  it('reports Result 8 as throttled, a message error as permanent unless overridden', async () => {
    const throttling = await startIsmg({ throttleEvery: 2 });
    const { connector } = await startConnector(throttling.port);
    expect((await connector.submit(message())).ok).toBe(true);
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'throttled', errorCode: 'cmpp:8', errorMessage: 'SUBMIT_RESP FLOW_CONTROL (8)' });

    const strict = await startIsmg({ mode: 'error-result', errorResult: CmppResult.BAD_DEST_TERMINAL_ID });
    const { connector: second } = await startConnector(strict.port);
    expect(refused(await second.submit(message()))).toMatchObject({ outcome: 'permanent', errorCode: 'cmpp:13' });
    const { connector: lenient } = await startConnector(strict.port, { resultOverrides: { 13: 'transient' } });
    expect(refused(await lenient.submit(message())).outcome).toBe('transient');
  });

  it('reports an unanswered SUBMIT as transient connector:timeout', async () => {
    const ismg = await startIsmg({ mode: 'black-hole' });
    const { connector } = await startConnector(ismg.port, { requestTimeoutMs: 60 });
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'connector:timeout' });
  });

  it('refuses at once when login fails, and is down', async () => {
    const ismg = await startIsmg();
    const { connector } = await startConnector(ismg.port, { secret: 'wrong' });
    expect(connector.stats().state).toBe('down');
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'connector:down' });
  });

  it('goes down when the ISMG goes away and up again once it is back', async () => {
    const ismg = await startIsmg();
    const port = ismg.port;
    const { connector } = await startConnector(port, { connections: 2 });
    expect(connector.stats().sessionsUp).toBe(2);
    await ismg.close();
    await until(connector, 'state', () => connector.stats().state === 'down', 3000);
    await startIsmg({}, port);
    await until(connector, 'state', () => connector.stats().state === 'up', 5000);
    expect((await connector.submit(message())).ok).toBe(true);
  });

  it('hands MO to onMo, joining a long MO sent in parts, with the sender as E.164', async () => {
    const ismg = await startIsmg();
    const { recorder } = await startConnector(ismg.port);
    const text = '你好，我想退订这个服务，谢谢。'.repeat(6);
    await ismg.injectMo('901234', { from: '13900139000', to: '1069000188', text });
    await until(recorder, 'mo', () => recorder.mo.length === 1);
    expect(recorder.mo[0]).toMatchObject({ connectorId: 'cm1', sender: '+8613900139000', recipient: '1069000188', text, encoding: 'ucs2' });
    await ismg.injectMo('901234', { from: '8613900139000', to: '10690001', text: 'TD' });
    await until(recorder, 'mo', () => recorder.mo.length === 2);
    expect(recorder.mo[1]).toMatchObject({ sender: '+8613900139000', text: 'TD', encoding: 'ia5' });
  });

  it('answers a report with Result 8 while the core cannot take it, and the ISMG sends it again', async () => {
    const ismg = await startIsmg({ reports: { delayMs: 0 } });
    const { connector, recorder } = await startConnector(ismg.port);
    recorder.failReceipts = true;
    await connector.submit(message());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.receipts).toHaveLength(0);
    recorder.failReceipts = false;
    await until(recorder, 'receipt', () => recorder.receipts.length >= 1, 3000);
  });

  it('validates settings naming the field', () => {
    expect(() => new CmppConnector('x', { host: 'h', spId: '1234567', secret: 's', srcId: '1069' })).toThrow(/^spId: must be at most 6/);
    expect(() => new CmppConnector('x', { host: 'h', spId: '901234', secret: 's', srcId: '10a' })).toThrow(/^srcId: must be the SP access number/);
    expect(() => new CmppConnector('x', { host: 'h', spId: '901234', secret: 's', srcId: '1069', version: '4.0' })).toThrow(/^version: must be one of 2.0, 3.0/);
    expect(() => new CmppConnector('x', { host: 'h', spId: '901234', srcId: '1069' })).toThrow(/^secret: is required/);
    expect(() => new CmppConnector('x', { host: 'h', spId: '901234', secret: 's', srcId: '1069', feeUserType: 3 })).toThrow(/^feeTerminalId: is required/);
    expect(() => new CmppConnector('x', { host: 'h', spId: '901234', secret: 's', srcId: '1069', statOverrides: { exact: { DELIVRD: 'nope' } } })).toThrow(/^statOverrides.exact.DELIVRD/);
    expect(new CmppConnector('x', { host: 'h', spId: '901234', secret: 's', srcId: '1069', version: 2 }).settings).toMatchObject({ version: '2.0', port: 7890, window: 16 });
  });
});

describe('CmppConnector group send', () => {
  const numbers = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `+86138001380${String(from + i).padStart(2, '0')}`);

  function accepted(result: Awaited<ReturnType<CmppConnector['submit']>>): string[] {
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return (result as { upstreamIds: string[] }).upstreamIds;
  }

  it('sends 10 concurrent messages with one text as one SUBMIT, and correlates each member\'s report', async () => {
    const ismg = await startIsmg({ reports: { delayMs: 5 } });
    const { connector, recorder } = await startConnector(ismg.port, { groupSend: { max: 99, lingerMs: 5 } });
    const recipients = numbers(10);
    const results = await Promise.all(recipients.map((recipient) => connector.submit(message({ recipient, text: '您的验证码是 123456' }))));
    expect(ismg.submits).toHaveLength(1);
    expect(ismg.submits[0]!.Dest_terminal_Id).toEqual(recipients.map((r) => r.slice(3)));
    const first = accepted(results[0]!)[0]!;
    const ids = results.map((result) => accepted(result));
    expect(ids).toEqual(recipients.map((_, i) => [nthMsgId(first, i)]));
    await until(recorder, 'receipt', () => recorder.receipts.length === 10);
    for (const [id] of ids) expect(recorder.receipts.find((r) => r.upstreamKeys[0] === id)).toMatchObject({ state: 'delivered', rawStatus: 'DELIVRD' });
    expect(connector.stats()).toMatchObject({ submitted: 10, failed: 0 });
  });

  it('group-sends a long Chinese text (UCS2, 2 parts) to 3 numbers: one SUBMIT per part, one reference, all delivered', async () => {
    const ismg = await startIsmg({ reports: { delayMs: 5 } });
    const { connector, recorder } = await startConnector(ismg.port, { groupSend: { max: 10, lingerMs: 5 } });
    const text = '尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通，感谢您的支持。'.repeat(2);
    const recipients = numbers(3, 20);
    const results = await Promise.all(recipients.map((recipient) => connector.submit(message({ recipient, text, encoding: 'ucs2', segments: 2 }))));
    const parts = ismg.submits;
    expect(parts).toHaveLength(2);
    expect(parts.every((p, i) => p.Msg_Fmt === 8 && p.TP_udhi === 1 && p.Pk_total === 2 && p.Pk_number === i + 1)).toBe(true);
    expect(parts.every((p) => p.Dest_terminal_Id.length === 3)).toBe(true);
    const [concat1, concat2] = parts.map((p) => splitUserData(p.Msg_Content).udh.concat!);
    expect(concat1!.ref).toBe(concat2!.ref);
    expect(decodeUcs2(Buffer.concat(parts.map((p) => splitUserData(p.Msg_Content).payload)))).toBe(text);
    const ids = results.map((result) => accepted(result));
    expect(ids.every((pair) => pair.length === 2)).toBe(true);
    await until(recorder, 'receipt', () => recorder.receipts.length === 6);
    for (const id of ids.flat()) expect(recorder.receipts.find((r) => r.upstreamKeys[0] === id)?.state).toBe('delivered');
  });

  it('keeps different texts, and more members than max, in separate SUBMITs', async () => {
    const ismg = await startIsmg();
    const { connector } = await startConnector(ismg.port, { groupSend: { max: 3, lingerMs: 5 } });
    await Promise.all([...numbers(4).map((recipient) => connector.submit(message({ recipient, text: 'A' }))), connector.submit(message({ recipient: '+8613800138099', text: 'B' }))]);
    expect(ismg.submits.map((s) => [s.Msg_Content.toString(), s.Dest_terminal_Id.length]).sort()).toEqual([['A', 1], ['A', 3], ['B', 1]]);
  });

  it('fails every member with a Result about the whole SUBMIT (flow control) without resending', async () => {
    const ismg = await startIsmg({ throttleEvery: 1 });
    const { connector } = await startConnector(ismg.port, { groupSend: { max: 10, lingerMs: 5 } });
    const results = await Promise.all(numbers(4).map((recipient) => connector.submit(message({ recipient }))));
    for (const result of results) expect(refused(result)).toMatchObject({ outcome: 'throttled', errorCode: 'cmpp:8', errorMessage: 'SUBMIT_RESP FLOW_CONTROL (8) (group of 4)' });
    expect(ismg.stats().submits).toBe(1);
  });

  it('resends the members one by one after a Result one bad destination can cause: only that one fails', async () => {
    const ismg = await startIsmg({ rejectDestinations: ['13800138002'] });
    const { connector } = await startConnector(ismg.port, { groupSend: { max: 10, lingerMs: 5 } });
    const results = await Promise.all(numbers(4).map((recipient) => connector.submit(message({ recipient }))));
    expect(refused(results[2]!)).toMatchObject({ outcome: 'permanent', errorCode: 'cmpp:13' });
    for (const i of [0, 1, 3]) expect(accepted(results[i]!)).toHaveLength(1);
    expect(ismg.stats().submits).toBe(5); // the group, then each member alone
    expect(ismg.submits.map((s) => s.Dest_terminal_Id)).toEqual([['13800138000'], ['13800138001'], ['13800138003']]);
  });

  it('refuses the members still waiting for companions when it stops', async () => {
    const ismg = await startIsmg();
    const { connector } = await startConnector(ismg.port, { groupSend: { max: 10, lingerMs: 1000 } });
    const pending = connector.submit(message());
    await connector.stop();
    expect(refused(await pending)).toMatchObject({ outcome: 'transient', errorCode: 'connector:down' });
    expect(ismg.stats().submits).toBe(0);
  });
});
