// Ported numbers learned end to end: a CMPP status report "LT:0036" (recipient ported, 携号转网) makes
// an override, after which the number no longer takes the China Mobile-only route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeIsmg } from '../../../src/protocols/cmpp/testing/fake-ismg.ts';
import { adminToken, bearer, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

const API_KEY = 'key-acme-carriers-1';
let platform: TestPlatform;
let ismg: FakeIsmg;

beforeAll(async () => {
  ismg = new FakeIsmg({ accounts: { '901234': 'secret' }, reports: { delayMs: 10, outcomes: { 'LT:0036': 1 } } });
  await ismg.listen();
  platform = await startTestPlatform({
    accounts: [{ id: 'acme', apiKeys: [API_KEY] }],
    connectors: [
      { id: 'cmcc-only', type: 'cmpp', host: '127.0.0.1', port: ismg.port, spId: '901234', secret: 'secret', srcId: '10690001', serviceId: 'MTEST', version: '3.0', activeTestIntervalMs: 0 },
      { id: 'mixed', type: 'simulator', receiptDelayMs: 20, outcomes: { delivered: 1 } },
    ],
    // A single-network route for China Mobile numbers and a 三网合一 default for the rest.
    routes: [{ id: 'mobile', connectors: ['cmcc-only'], carriers: ['cmcc'] }, { id: 'any', connectors: ['mixed'] }],
  });
  await pollUntil(async () => platform.gateway.connectors.get('cmcc-only')?.stats().state, (s) => s === 'up', 'the CMPP connector to come up');
});

afterAll(async () => {
  await platform?.stop();
  await ismg?.close();
});

describe('learning ported numbers from receipts', () => {
  it('LT:0036 makes a "ported, carrier unknown" override and routing stops sending the number to the single-network route', async () => {
    const admin = await adminToken(platform);
    const explain = async () =>
      ((await platform.http.inject({ method: 'POST', url: '/v1/routes/explain', headers: bearer(admin), payload: { accountId: 'acme', to: '13800138000' } })).json() as { routeId: string }).routeId;
    expect(await explain()).toBe('mobile');

    const res = await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(API_KEY), payload: { to: '13800138000', text: 'hello' } });
    expect(res.statusCode, res.body).toBe(202);
    const id = (res.json() as { messages: Array<{ id: string }> }).messages[0]!.id;
    await pollUntil(async () => (await platform.store.messages.get(id))?.state, (s) => s === 'undelivered', 'the message to be undelivered');
    const override = await pollUntil(() => platform.store.carriers.getOverride('+8613800138000'), (o) => o !== null, 'the learned override');
    expect(override).toMatchObject({ carrier: null, origin: 'receipt', note: expect.stringContaining('LT:0036') });

    const lookup = await platform.http.inject({ method: 'GET', url: '/v1/numbers/13800138000/carrier', headers: bearer(API_KEY) });
    expect(lookup.json()).toMatchObject({ carrier: null, source: 'override' });
    expect(await explain()).toBe('any');
  });
});
