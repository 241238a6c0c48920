import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { SmppClient } from '../../../src/protocols/smpp/client.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';
import { SessionClosedError, SmppStatusError } from '../../../src/protocols/smpp/errors.ts';
import { messageIdKeys } from '../../../src/protocols/smpp/message-id.ts';
import type { SmppPdu, SmppPduOf } from '../../../src/protocols/smpp/pdu-types.ts';
import { parseReceiptText } from '../../../src/protocols/smpp/receipt.ts';
import { SmppServer } from '../../../src/protocols/smpp/server.ts';
import { ResponseTimeoutError } from '../../../src/protocols/smpp/session.ts';
import { FakeEsme } from '../../../src/protocols/smpp/testing/fake-esme.ts';
import { FakeSmsc, type FakeSmscOptions } from '../../../src/protocols/smpp/testing/fake-smsc.ts';
import { nextEvent, until } from '../../support/events.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function startSmsc(options: FakeSmscOptions = {}) {
  const smsc = new FakeSmsc({ record: true, ...options });
  await smsc.listen();
  closers.push(() => smsc.close());
  return smsc;
}

async function bindClient(port: number, extra: Partial<ConstructorParameters<typeof SmppClient>[0]> = {}) {
  const client = new SmppClient({ host: '127.0.0.1', port, system_id: 'test', password: 'pw', reconnect: false, ...extra });
  closers.push(() => client.close());
  await client.connect();
  return client;
}

const submit = (client: SmppClient, text = 'hello', registered_delivery = 1) =>
  client.submit({ source_addr: '10690001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '8613800138000', registered_delivery, short_message: Buffer.from(text) });

describe('FakeSmsc', () => {
  it('accepts, then sends a receipt whose id finds the message even when written in the other base', async () => {
    const smsc = await startSmsc({ receipts: { delayMs: 20 }, receiptIdInOtherBase: true, idFormat: 'hex' });
    const receipts: SmppPdu[] = [];
    const client = await bindClient(smsc.port);
    client.on('deliver_sm', (pdu: SmppPdu) => receipts.push(pdu));
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push((await submit(client, `message ${i}`)).message_id);
    await until(client, 'deliver_sm', () => receipts.length === 20);
    for (const pdu of receipts as SmppPduOf<'deliver_sm'>[]) {
      expect(pdu.esm_class).toBe(0x04);
      const parsed = parseReceiptText(pdu.short_message.toString('latin1'));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.receipt.stat).toBe('DELIVRD');
      const submitId = ids.find((id) => messageIdKeys(id).includes(messageIdKeys(parsed.receipt.id)[0]) || messageIdKeys(parsed.receipt.id).includes(id));
      expect(submitId).toBeDefined();
      expect(ids).toContain(pdu.tlvs.receipted_message_id);
    }
  });

  it('draws receipt outcomes from the configured mix', async () => {
    let roll = 0;
    const smsc = await startSmsc({ receipts: { outcomes: { DELIVRD: 1, UNDELIV: 1 } }, random: () => (roll++ % 2) * 0.75 });
    const client = await bindClient(smsc.port);
    const stats: string[] = [];
    client.on('deliver_sm', (pdu: SmppPduOf<'deliver_sm'>) => {
      const parsed = parseReceiptText(pdu.short_message.toString('latin1'));
      if (parsed.ok) stats.push(parsed.receipt.stat);
    });
    for (let i = 0; i < 4; i++) await submit(client);
    await until(client, 'deliver_sm', () => stats.length === 4);
    expect(stats.sort()).toEqual(['DELIVRD', 'DELIVRD', 'UNDELIV', 'UNDELIV']);
  });

  it('sends no receipt unless registered_delivery asks for one', async () => {
    const smsc = await startSmsc();
    const client = await bindClient(smsc.port);
    const receipts: SmppPduOf<'deliver_sm'>[] = [];
    client.on('deliver_sm', (pdu: SmppPduOf<'deliver_sm'>) => receipts.push(pdu));
    await submit(client, 'no receipt', 0);
    await submit(client, 'with receipt', 1);
    await until(client, 'deliver_sm', () => receipts.length === 1);
    // One more round trip on the same connection: a receipt for the first would have arrived by now.
    await submit(client, 'flush', 0);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].short_message.toString()).toContain('text:with receipt');
    expect(smsc.stats()).toMatchObject({ accepted: 3, receiptsQueued: 0 });
  });

  it('injects MO to a bound receiver', async () => {
    const smsc = await startSmsc();
    const client = await bindClient(smsc.port, { bindMode: 'receiver' });
    const received = nextEvent<[SmppPduOf<'deliver_sm'>]>(client, 'deliver_sm');
    await smsc.injectMo('test', { from: '8613900000000', to: '10690001', text: 'TD' });
    const [pdu] = await received;
    expect(pdu).toMatchObject({ source_addr: '8613900000000', destination_addr: '10690001', esm_class: 0 });
    expect(pdu.short_message.toString()).toBe('TD');
  });

  it('throttles every n-th submit with ESME_RTHROTTLED', async () => {
    const smsc = await startSmsc({ throttleEvery: 3 });
    const client = await bindClient(smsc.port);
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map(() => submit(client, 'x', 0)));
    const throttled = results.filter((r) => r.status === 'rejected');
    expect(throttled).toHaveLength(2);
    for (const r of throttled) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: CommandStatus.ESME_RTHROTTLED, outcome: 'throttled' });
  });

  it('answers with the chosen error status, or generic_nack', async () => {
    const failing = await startSmsc({ mode: 'error-status', errorStatus: CommandStatus.ESME_RINVDSTADR });
    const error = await submit(await bindClient(failing.port)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmppStatusError);
    expect(error).toMatchObject({ status: CommandStatus.ESME_RINVDSTADR, outcome: 'permanent' });

    const nacking = await startSmsc({ mode: 'generic-nack' });
    const nack = await submit(await bindClient(nacking.port)).catch((e: unknown) => e);
    expect(nack).toMatchObject({ status: CommandStatus.ESME_RSYSERR, response: { command: 'generic_nack' } });
  });

  it('black-holes submits: each times out', async () => {
    const smsc = await startSmsc({ mode: 'black-hole' });
    const client = await bindClient(smsc.port, { requestTimeoutMs: 100 });
    await expect(submit(client)).rejects.toBeInstanceOf(ResponseTimeoutError);
    expect(client.stats().timeouts).toBe(1);
  });

  it('closes mid-window: every pending submit is rejected', async () => {
    const smsc = await startSmsc({ mode: 'close-mid-window', closeAfter: 5 });
    const client = await bindClient(smsc.port);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => submit(client)));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof SessionClosedError)).toBe(true);
  });

  it('sends an unframeable length: the client nacks and closes instead of wedging', async () => {
    const smsc = await startSmsc({ mode: 'bad-length' });
    const client = await bindClient(smsc.port);
    const disconnected = nextEvent(client, 'disconnected');
    await expect(submit(client)).rejects.toBeInstanceOf(SessionClosedError);
    await disconnected;
  });

  it('refuses binds with the chosen status, or checks credentials', async () => {
    const refusing = await startSmsc({ bindReject: CommandStatus.ESME_RBINDFAIL });
    await expect(bindClient(refusing.port)).rejects.toMatchObject({ status: CommandStatus.ESME_RBINDFAIL });
    const strict = await startSmsc({ accounts: { test: 'right' } });
    await expect(bindClient(strict.port)).rejects.toMatchObject({ status: CommandStatus.ESME_RINVPASWD });
    await expect(bindClient(strict.port, { system_id: 'nobody' })).rejects.toMatchObject({ status: CommandStatus.ESME_RINVSYSID });
    await expect(bindClient(strict.port, { password: 'right' })).resolves.toBeInstanceOf(SmppClient);
  });
});

describe('FakeEsme against an SMSC-side server', () => {
  async function serverWithReceiver() {
    const server = new SmppServer({ authenticate: () => ({ status: 0 }) });
    const { port } = await server.listen();
    closers.push(() => server.close());
    return { server, port };
  }

  it('acknowledges deliver_sm, and throttles every n-th one', async () => {
    const { server, port } = await serverWithReceiver();
    const esme = new FakeEsme({ host: '127.0.0.1', port, system_id: 'esme', password: 'x', bindMode: 'receiver', throttleEvery: 2, reconnect: false });
    closers.push(() => esme.close());
    await esme.connect();
    await expect(server.deliver('esme', { source_addr: '1', short_message: Buffer.from('a') })).resolves.toMatchObject({ command_status: 0 });
    await expect(server.deliver('esme', { source_addr: '1', short_message: Buffer.from('b') })).rejects.toMatchObject({ outcome: 'throttled' });
    expect(esme.delivered).toHaveLength(1);
  });

  it('black-holes deliver_sm so the server times out', async () => {
    const server = new SmppServer({ authenticate: () => ({ status: 0 }), requestTimeoutMs: 100 });
    const { port } = await server.listen();
    closers.push(() => server.close());
    const esme = new FakeEsme({ host: '127.0.0.1', port, system_id: 'esme', password: 'x', mode: 'black-hole', reconnect: false });
    closers.push(() => esme.close());
    await esme.connect();
    await expect(server.deliver('esme', { short_message: Buffer.from('a') })).rejects.toBeInstanceOf(ResponseTimeoutError);
  });
});

describe('kuaixin sim', () => {
  it('runs the fake SMSC as its own process until SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', '--port', '0', '--receipt-delay', '0', '--stats-every', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    closers.push(async () => void child.kill('SIGKILL'));
    const lines = createInterface({ input: child.stdout! });
    const [first] = await nextEvent<[string]>(lines, 'line', 15_000);
    const { event, port } = JSON.parse(first) as { event: string; port: number };
    expect(event).toBe('listening');
    const client = await bindClient(port);
    const receipt = nextEvent<[SmppPduOf<'deliver_sm'>]>(client, 'deliver_sm');
    const { message_id } = await submit(client, 'via sim');
    const [pdu] = await receipt;
    expect(pdu.tlvs.receipted_message_id).toBe(message_id);
    await client.close();
    const exited = nextEvent<[number]>(child, 'exit', 10_000);
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
  });

  it('rejects bad options with a message naming the option', async () => {
    const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', '--outcomes', 'DELIVRD=abc'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await nextEvent<[number]>(child, 'exit', 15_000);
    expect(code).toBe(2);
    expect(stderr).toContain('--outcomes');
  });
});
