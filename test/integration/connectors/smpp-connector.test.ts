import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SmppConnector } from '../../../src/connectors/smpp/connector.ts';
import type { MoEvent, OutboundMessage, ReceiptEvent, SubmitRefused } from '../../../src/core/connector.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';
import { SmppStatusError } from '../../../src/protocols/smpp/errors.ts';
import { messageIdKeys, normalizeMessageId } from '../../../src/protocols/smpp/message-id.ts';
import { messageParts } from '../../../src/protocols/smpp/message-parts.ts';
import { FakeSmsc, type FakeSmscOptions } from '../../../src/protocols/smpp/testing/fake-smsc.ts';
import { splitUserData } from '../../../src/protocols/encoding/udh.ts';
import { until } from '../../support/events.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function startSmsc(options: FakeSmscOptions = {}, port = 0) {
  const smsc = new FakeSmsc({ record: true, ...options });
  await smsc.listen(port);
  closers.push(() => smsc.close());
  return smsc;
}

/** Handlers that record what the connector hands over, and can be told to fail. */
class Recorder extends EventEmitter {
  readonly receipts: ReceiptEvent[] = [];
  readonly mo: MoEvent[] = [];
  failReceipts = false;
  failMo = false;
  receiptCalls = 0;
  moCalls = 0;
  readonly handlers = {
    onReceipt: async (receipt: ReceiptEvent) => {
      this.receiptCalls++;
      this.emit('call');
      if (this.failReceipts) throw new Error('store unavailable');
      this.receipts.push(receipt);
      this.emit('receipt');
    },
    onMo: async (mo: MoEvent) => {
      this.moCalls++;
      this.emit('call');
      if (this.failMo) throw new Error('store unavailable');
      this.mo.push(mo);
      this.emit('mo');
    },
  };
}

async function startConnector(port: number, settings: Record<string, unknown> = {}) {
  const connector = new SmppConnector('up1', { host: '127.0.0.1', port, systemId: 'test', password: 'pw', enquireLinkIntervalMs: 0, reconnectInitialMs: 20, reconnectMaxMs: 100, ...settings });
  const recorder = new Recorder();
  connector.attach(recorder.handlers);
  closers.push(() => connector.stop());
  await connector.start();
  return { connector, recorder };
}

let seq = 0;
function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: `m${++seq}`,
    sender: '10690001',
    recipient: '+8613800138000',
    text: 'Your code is 1234',
    encoding: 'gsm7',
    segments: 1,
    wantReceipt: true,
    validUntil: Date.now() + 3_600_000,
    priority: 1,
    ...overrides,
  };
}

function refused(result: Awaited<ReturnType<SmppConnector['submit']>>): SubmitRefused {
  expect(result.ok).toBe(false);
  return result as SubmitRefused;
}

describe('SmppConnector against FakeSmsc', () => {
  it('binds, submits, and turns the receipt into a ReceiptEvent', async () => {
    const smsc = await startSmsc({ receipts: { delayMs: 0 } });
    const { connector, recorder } = await startConnector(smsc.port);
    expect(connector.state).toBe('up');
    expect(connector.busy).toBe(false);

    const result = await connector.submit(message());
    expect(result).toEqual({ ok: true, upstreamIds: [expect.any(String)], upstreamKeys: [expect.any(String)] });
    const pdu = smsc.submits[0];
    expect(pdu.destination_addr).toBe('8613800138000');
    expect([pdu.dest_addr_ton, pdu.dest_addr_npi]).toEqual([1, 1]);
    expect([pdu.source_addr, pdu.source_addr_ton, pdu.source_addr_npi]).toEqual(['10690001', 0, 1]);
    expect(pdu.registered_delivery).toBe(1);
    expect(pdu.priority_flag).toBe(1);
    expect(pdu.short_message.toString('latin1')).toBe('Your code is 1234');

    await until(recorder, 'receipt', () => recorder.receipts.length === 1);
    const [receipt] = recorder.receipts;
    expect(receipt).toMatchObject({ connectorId: 'up1', state: 'delivered', rawStatus: 'DELIVRD', errorCode: '000' });
    expect(receipt.upstreamKeys).toContain(normalizeMessageId((result as { upstreamIds: string[] }).upstreamIds[0]));
    expect(connector.stats()).toMatchObject({ state: 'up', submitted: 1, failed: 0, sessionsUp: 1, sessionsTotal: 1, receipts: 1 });
  });

  it('marks an alphanumeric sender TON 5 / NPI 0 and honours explicit TON/NPI settings', async () => {
    const smsc = await startSmsc();
    const { connector } = await startConnector(smsc.port, { destTon: 0, destNpi: 0 });
    expect((await connector.submit(message({ sender: 'Kuaixin' }))).ok).toBe(true);
    const pdu = smsc.submits[0];
    expect([pdu.source_addr, pdu.source_addr_ton, pdu.source_addr_npi]).toEqual(['Kuaixin', 5, 0]);
    expect([pdu.destination_addr, pdu.dest_addr_ton, pdu.dest_addr_npi]).toEqual(['8613800138000', 0, 0]);
  });

  it('reports ESME_RTHROTTLED as throttled', async () => {
    const smsc = await startSmsc({ throttleEvery: 2 });
    const { connector } = await startConnector(smsc.port);
    expect((await connector.submit(message())).ok).toBe(true);
    const second = refused(await connector.submit(message()));
    expect(second).toMatchObject({ outcome: 'throttled', errorCode: 'smpp:0x00000058' });
    expect(second.errorMessage).toContain('ESME_RTHROTTLED');
    expect((await connector.submit(message())).ok).toBe(true);
    expect(connector.stats()).toMatchObject({ submitted: 2, failed: 1 });
  });

  it('reports a message error status as permanent, unless overridden', async () => {
    const smsc = await startSmsc({ mode: 'error-status', errorStatus: CommandStatus.ESME_RINVDSTADR });
    const { connector } = await startConnector(smsc.port);
    const result = refused(await connector.submit(message()));
    expect(result).toMatchObject({ outcome: 'permanent', errorCode: 'smpp:0x0000000b' });
    expect(result.errorMessage).toContain('ESME_RINVDSTADR');

    const { connector: lenient } = await startConnector(smsc.port, { statusOverrides: { '0x0b': 'transient' } });
    expect(refused(await lenient.submit(message())).outcome).toBe('transient');
  });

  it('reports an unanswered submit as transient connector:timeout', async () => {
    const smsc = await startSmsc({ mode: 'black-hole' });
    const { connector } = await startConnector(smsc.port, { requestTimeoutMs: 150 });
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'connector:timeout' });
  });

  it('reports submits cut off by a closed connection as transient, then rebinds', async () => {
    const smsc = await startSmsc({ mode: 'close-mid-window', closeAfter: 3 });
    const { connector } = await startConnector(smsc.port);
    const results = await Promise.all([connector.submit(message()), connector.submit(message()), connector.submit(message())]);
    for (const result of results) expect(refused(result)).toMatchObject({ outcome: 'transient', errorCode: 'connector:closed' });
    await until(connector, 'state', () => connector.state === 'up');
    expect(connector.stats().sessionsUp).toBe(1);
  });

  it('goes down when the SMSC goes away and up again once it is back', async () => {
    const first = await startSmsc();
    const port = first.port;
    const { connector } = await startConnector(port);
    const states: string[] = [];
    connector.on('state', (state: string) => states.push(state));
    await first.close();
    await until(connector, 'state', () => connector.state === 'down');
    expect(connector.busy).toBe(true);
    expect(refused(await connector.submit(message()))).toMatchObject({ outcome: 'transient', errorCode: 'connector:down' });

    const second = await startSmsc({}, port);
    await until(connector, 'state', () => connector.state === 'up', 5000);
    expect(states).toEqual(['down', 'up']);
    expect((await connector.submit(message())).ok).toBe(true);
    expect(second.submits).toHaveLength(1);
  });

  it('sends a long Chinese message as UDH parts and matches each part receipt, ids in the other base', async () => {
    const smsc = await startSmsc({ receipts: { delayMs: 0 }, idFormat: 'hex', receiptIdInOtherBase: true });
    const { connector, recorder } = await startConnector(smsc.port);
    // Enough ids that hex and decimal forms differ (the FakeSmsc counts from 1).
    for (let i = 0; i < 12; i++) expect((await connector.submit(message())).ok).toBe(true);

    const text = '快信网关测试消息，'.repeat(17); // 153 UCS-2 characters → 3 parts of ≤ 67
    const result = await connector.submit(message({ text, encoding: 'ucs2', segments: 3 }));
    expect(result.ok).toBe(true);
    const ids = (result as { upstreamIds: string[] }).upstreamIds;
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);

    const parts = smsc.submits.slice(-3);
    const refs = parts.map((pdu) => {
      expect(pdu.esm_class & 0x40).toBe(0x40);
      expect(pdu.data_coding).toBe(8);
      return splitUserData(pdu.short_message).udh.concat!;
    });
    expect(refs.map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(new Set(refs.map((c) => c.ref)).size).toBe(1);

    // 12 receipts for the warm-up messages, 3 for the parts.
    await until(recorder, 'receipt', () => recorder.receipts.length === 15);
    for (const id of ids) {
      const key = normalizeMessageId(id);
      expect(recorder.receipts.filter((r) => r.upstreamKeys.includes(key))).toHaveLength(1);
    }

    // A fresh concatenation reference for the next message.
    await connector.submit(message({ text, encoding: 'ucs2', segments: 3, wantReceipt: false }));
    const next = splitUserData(smsc.submits[smsc.submits.length - 1].short_message).udh.concat!;
    expect(next.ref).not.toBe(refs[0].ref);
  });

  it('finds a receipt whose text id is in the other base when only the text carries it', async () => {
    const smsc = await startSmsc();
    const { recorder } = await startConnector(smsc.port);
    // submit_sm_resp said hex "1f4"; this receipt writes 500 in decimal and has no TLV.
    const text = 'id:500 sub:001 dlvrd:000 submit date:2401011200 done date:2401011201 stat:UNDELIV err:012 text:';
    await smsc.server.deliver('test', { esm_class: 0x04, source_addr: '8613800138000', destination_addr: '10690001', short_message: Buffer.from(text) });
    expect(recorder.receipts).toHaveLength(1);
    expect(recorder.receipts[0]).toMatchObject({ state: 'undelivered', rawStatus: 'UNDELIV', errorCode: '012', doneAt: Date.UTC(2024, 0, 1, 12, 1) });
    expect(recorder.receipts[0].upstreamKeys).toEqual(expect.arrayContaining(messageIdKeys('1f4')));
  });

  it('hands MO to onMo, joining a long UCS-2 MO sent in parts', async () => {
    const smsc = await startSmsc();
    const { connector, recorder } = await startConnector(smsc.port);
    await smsc.injectMo('test', { from: '8613900000000', to: '10690001', text: 'hello' });
    expect(recorder.mo).toHaveLength(1);
    expect(recorder.mo[0]).toMatchObject({ connectorId: 'up1', sender: '+8613900000000', recipient: '10690001', text: 'hello', encoding: 'gsm7' });

    const long = '请回复确认您的预约时间，谢谢！'.repeat(6);
    const parts = messageParts(long, { encoding: 'ucs2', reference: 42 });
    expect(parts.length).toBeGreaterThan(1);
    // Out of order: the last part first.
    for (const part of [...parts].reverse()) {
      await smsc.server.deliver('test', { source_addr_ton: 1, source_addr: '8613900000000', destination_addr: '10690001', esm_class: part.esm_class, data_coding: part.data_coding, short_message: part.short_message });
    }
    expect(recorder.mo).toHaveLength(2);
    expect(recorder.mo[1]).toMatchObject({ text: long, encoding: 'ucs2', sender: '+8613900000000' });
    expect(connector.stats().mo).toBe(2);
  });

  it('answers a non-zero deliver_sm_resp when the handler fails, and the SMSC keeps the receipt', async () => {
    const smsc = await startSmsc({ receipts: { delayMs: 1 } });
    const { connector, recorder } = await startConnector(smsc.port);
    recorder.failReceipts = true;

    const rejected = smsc.server.deliver('test', { esm_class: 0x04, short_message: Buffer.from('id:abc stat:DELIVRD err:000') });
    await expect(rejected).rejects.toBeInstanceOf(SmppStatusError);
    await expect(rejected).rejects.toMatchObject({ status: CommandStatus.ESME_RX_T_APPN });

    recorder.failMo = true;
    await expect(smsc.injectMo('test', { from: '8613900000000', to: '10690001', text: 'hi' })).rejects.toMatchObject({ status: CommandStatus.ESME_RX_T_APPN });
    expect(smsc.stats().moSent).toBe(0);

    recorder.failMo = false;
    // The receipt's deliver_sm is refused: the FakeSmsc does not count it sent and queues it again.
    await connector.submit(message());
    await vi.waitFor(() => expect([recorder.receiptCalls >= 1, smsc.stats().receiptsQueued]).toEqual([true, 1]), { timeout: 3000, interval: 5 });
    expect(smsc.stats().receiptsSent).toBe(0);
    expect(recorder.receipts).toHaveLength(0);

    // Once the handler succeeds, the next pump delivers the kept receipt along with a new one.
    recorder.failReceipts = false;
    await connector.submit(message());
    await until(recorder, 'receipt', () => recorder.receipts.length === 2);
    await vi.waitFor(() => expect(smsc.stats().receiptsSent).toBe(2), { timeout: 3000, interval: 5 });
  });
});
