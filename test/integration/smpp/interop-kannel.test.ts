// Interop with Kannel, a gateway none of us wrote: Debian's bearerbox binds to the platform's SMPP
// server as a transceiver. Texts sent through Kannel's sendsms arrive intact, the platform's receipts
// reach Kannel's dlr-url as delivered, and an MO routed to the account reaches Kannel's sms-service,
// whose answer comes back through the platform as a new message.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorConnector } from '../../../src/connectors/simulator/connector.ts';
import { pollUntil } from '../../support/api.ts';
import { startKannel, type Kannel } from '../../support/kannel.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let kannel: Kannel;
let listener: Server;
const hits: URL[] = [];

beforeAll(async () => {
  listener = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://listener');
    hits.push(url);
    // An MO's answer: smsbox sends the body back to the sender.
    res.setHeader('content-type', 'text/plain');
    res.end(url.pathname === '/mo' ? 'reply from kannel' : 'ok');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const listenerPort = (listener.address() as { port: number }).port;
  platform = await startTestPlatform({
    accounts: [{ id: 'acme', name: 'ACME', apiKeys: ['key-acme'], smpp: [{ systemId: 'acme', password: 'secret1', maxBinds: 2 }], moNumbers: ['106900011'] }],
    connectors: [{ id: 'sim', type: 'simulator', receiptDelayMs: 50, outcomes: { delivered: 1 } }],
    routes: [{ connectors: ['sim'] }],
  });
  kannel = await startKannel({ dir: platform.dir, smppPort: platform.smppPort!, systemId: 'acme', password: 'secret1', moUrl: `http://127.0.0.1:${listenerPort}/mo?from=%p&to=%P&text=%a` });
}, 60_000);

afterAll(async () => {
  await kannel?.stop();
  await platform?.stop();
  await new Promise((resolve) => listener?.close(resolve));
});

const dlrsFor = (id: string) => hits.filter((h) => h.pathname === '/dlr' && h.searchParams.get('id') === id);

describe('Kannel as an SMPP client of the platform', () => {
  it('sends GSM and Chinese texts; the receipts reach its dlr-url as delivered with our message ids', async () => {
    const listenerPort = (listener.address() as { port: number }).port;
    const dlrUrl = encodeURIComponent(`http://127.0.0.1:${listenerPort}/dlr?id=%F&s=%d`);
    const texts = ['Hello from Kannel', '你好，世界：验证码 4321'];
    for (const [i, text] of texts.entries()) {
      const res = await fetch(`${kannel.sendsmsUrl}&from=10690001&to=861380013800${i}&charset=UTF-8&coding=${i === 0 ? 0 : 2}&text=${encodeURIComponent(text)}&dlr-mask=3&dlr-url=${dlrUrl}`);
      expect(await res.text()).toMatch(/^0: Accepted for delivery/);
    }
    const stored = await pollUntil(
      async () => (await platform.store.messages.list({ accountId: 'acme', limit: 10 })).items,
      (items) => items.length === 2 && items.every((m) => m.state === 'delivered'),
      'both messages to be delivered',
      15_000,
    );
    expect(stored.map((m) => m.text).sort()).toEqual([...texts].sort());
    expect(stored.map((m) => m.encoding).sort()).toEqual(['gsm7', 'ucs2']);
    expect(stored.every((m) => m.source === 'smpp')).toBe(true);
    // Kannel matched our deliver_sm receipts to its own messages by the id our submit_sm_resp gave it.
    for (const message of stored) {
      const dlrs = await pollUntil(async () => dlrsFor(message.id), (found) => found.some((h) => h.searchParams.get('s') === '1'), `Kannel's delivered report for ${message.id}`, 15_000);
      expect(dlrs.map((h) => h.searchParams.get('s'))).toContain('1');
    }
  });

  it("an MO for the account's number reaches Kannel's sms-service, and its answer goes out through the platform", async () => {
    const sim = platform.gateway.connectors.get('sim') as SimulatorConnector;
    await sim.injectMo('+8613912345678', '106900011', '查询余额');
    const mo = await pollUntil(async () => hits.filter((h) => h.pathname === '/mo'), (found) => found.length > 0, "the MO at Kannel's sms-service", 15_000);
    expect(mo[0]!.searchParams.get('text')).toBe('查询余额');
    expect(mo[0]!.searchParams.get('from')).toMatch(/8613912345678$/);
    expect(mo[0]!.searchParams.get('to')).toBe('106900011');
    const reply = await pollUntil(
      async () => (await platform.store.messages.list({ accountId: 'acme', recipient: '+8613912345678', limit: 5 })).items,
      (items) => items.some((m) => m.state === 'delivered'),
      "Kannel's answer to be delivered",
      15_000,
    );
    expect(reply[0]).toMatchObject({ text: 'reply from kannel', sender: '106900011', state: 'delivered' });
  });
});
