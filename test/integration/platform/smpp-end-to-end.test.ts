// A customer binds to the platform over SMPP, submits, and gets the receipt back as deliver_sm; the
// platform sends through its SMPP connector to a fake carrier SMSC that answers with receipts. Runs on
// each store: a SQLite file (in the platform's thread and in its own), and a fresh PostgreSQL schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmppClient } from '../../../src/protocols/smpp/client.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';
import { messageParts } from '../../../src/protocols/smpp/message-parts.ts';
import type { SmppPduOf } from '../../../src/protocols/smpp/pdu-types.ts';
import { parseReceiptText } from '../../../src/protocols/smpp/receipt.ts';
import { FakeSmsc } from '../../../src/protocols/smpp/testing/fake-smsc.ts';
import { until } from '../../support/events.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

describe.each(['sqlite', 'sqlite-thread', 'postgres'] as const)('SMPP in → platform → SMPP carrier → receipt back over SMPP, on %s', (store) => {
  let carrier: FakeSmsc;
  let platform: TestPlatform;
  let customer: SmppClient;
  const receipts: SmppPduOf<'deliver_sm'>[] = [];

  beforeAll(async () => {
    carrier = new FakeSmsc({ receipts: { delayMs: 20 }, receiptIdInOtherBase: true, accounts: { gw: 'gwpass' } });
    const { port } = await carrier.listen();
    platform = await startTestPlatform({
      accounts: [{ id: 'acme', name: 'ACME Ltd', apiKeys: ['key-acme-1'], smpp: [{ systemId: 'acme', password: 'secret1', maxBinds: 2 }] }],
      connectors: [{ id: 'up1', type: 'smpp', host: '127.0.0.1', port, systemId: 'gw', password: 'gwpass', bindMode: 'transceiver', binds: 1, window: 100 }],
      routes: [{ connectors: ['up1'] }],
    }, { store });
    customer = new SmppClient({ host: '127.0.0.1', port: platform.smppPort!, system_id: 'acme', password: 'secret1', reconnect: false });
    customer.on('deliver_sm', (pdu: SmppPduOf<'deliver_sm'>) => receipts.push(pdu));
    await customer.connect();
  });

  afterAll(async () => {
    await customer?.close();
    await platform?.stop();
    await carrier?.close();
  });

  it('returns our message id after commit and delivers the receipt for it', async () => {
    const response = await customer.submit({
      source_addr: '10690001',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '8613800138000',
      registered_delivery: 1,
      short_message: Buffer.from('Your code is 123456'),
    });
    const stored = await platform.store.messages.get(response.message_id);
    expect(stored).toMatchObject({ accountId: 'acme', source: 'smpp', recipient: '+8613800138000', text: 'Your code is 123456', sender: '10690001' });

    await until(customer, 'deliver_sm', () => receipts.some((r) => r.short_message.toString().includes(response.message_id)), 10_000);
    const receipt = receipts.find((r) => r.short_message.toString().includes(response.message_id))!;
    expect(receipt.esm_class & 0x3c).toBe(0x04);
    const parsed = parseReceiptText(receipt.short_message.toString('latin1'));
    expect(parsed.ok && parsed.receipt.stat).toBe('DELIVRD');
    expect(receipt.tlvs.receipted_message_id).toBe(response.message_id);
    expect((await platform.store.messages.get(response.message_id))?.state).toBe('delivered');
    expect(carrier.stats().accepted).toBeGreaterThanOrEqual(1);
  });

  it('joins a long UCS-2 message sent as UDH parts into one message, sent on as parts and delivered', async () => {
    const text = '尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通。'.repeat(4);
    const parts = messageParts(text, { reference: 7 });
    expect(parts.length).toBeGreaterThan(1);
    const ids = await Promise.all(
      parts.map((part) => customer.submit({ source_addr: '10690001', destination_addr: '8613900139000', dest_addr_ton: 1, dest_addr_npi: 1, registered_delivery: 1, ...part })),
    );
    const id = ids[0].message_id;
    expect(new Set(ids.map((r) => r.message_id))).toEqual(new Set([id]));
    const stored = await platform.store.messages.get(id);
    expect(stored).toMatchObject({ text, encoding: 'ucs2', segments: parts.length });
    await until(customer, 'deliver_sm', () => receipts.some((r) => r.tlvs.receipted_message_id === id), 10_000);
    expect((await platform.store.messages.parts(id)).map((p) => p.state)).toEqual(parts.map(() => 'delivered'));
  });

  it('refuses a wrong password and an invalid destination with the SMPP status for it', async () => {
    const intruder = new SmppClient({ host: '127.0.0.1', port: platform.smppPort!, system_id: 'acme', password: 'wrong', reconnect: false });
    await expect(intruder.connect()).rejects.toMatchObject({ status: CommandStatus.ESME_RINVPASWD });
    await intruder.close();
    await expect(customer.submit({ destination_addr: '12345', short_message: Buffer.from('x') })).rejects.toMatchObject({ status: CommandStatus.ESME_RINVDSTADR });
  });

  it('refuses a text holding one of the account\'s sensitive words with ESME_RSUBMITFAIL, and stores nothing', async () => {
    const saved = await platform.http.inject({ method: 'PUT', url: '/v1/sensitive-words/account', headers: { authorization: 'Bearer key-acme-1' }, payload: { words: ['发票'] } });
    expect(saved.statusCode, saved.body).toBe(200);
    const stored = async () => (await platform.store.messages.list({ accountId: 'acme', limit: 500 })).items.length;
    const before = await stored();
    const blocked = customer.submit({ destination_addr: '8613800138000', dest_addr_ton: 1, dest_addr_npi: 1, data_coding: 8, short_message: Buffer.from('代开 发票', 'utf16le').swap16() });
    await expect(blocked).rejects.toMatchObject({ status: CommandStatus.ESME_RSUBMITFAIL });
    expect(await stored()).toBe(before);
    const clean = await customer.submit({ destination_addr: '8613800138000', dest_addr_ton: 1, dest_addr_npi: 1, short_message: Buffer.from('clean text') });
    expect(clean.message_id).toBeTruthy();
  });
});
