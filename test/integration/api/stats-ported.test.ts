// Statistics count a ported number under the carrier routing resolved when the message was sent (the
// override then in force), not under its segment's carrier, even after the override is removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createAccount, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let acme: string;

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

async function addConnector(id: string, carrier: string, position: number): Promise<void> {
  const c = await call('POST', '/v1/connectors', admin, { id, type: 'simulator', name: id, settings: { receiptDelayMs: 20, outcomes: { delivered: 1 } } });
  expect(c.statusCode, c.body).toBe(201);
  const r = await call('POST', '/v1/routes', admin, { id: `to-${id}`, name: id, position, filters: { carriers: [carrier] }, connectors: [id] });
  expect(r.statusCode, r.body).toBe(201);
  await pollUntil(async () => platform.gateway.connectors.get(id)?.stats().state, (s) => s === 'up', `${id} to come up`);
}

describe.each(['sqlite', 'postgres'] as const)('statistics of ported numbers on %s', (store) => {
  beforeAll(async () => {
    platform = await startTestPlatform({ stats: { rollupIntervalSeconds: 0 } }, { store });
    admin = await adminToken(platform);
    acme = await createAccount(platform, admin, { id: 'acme' });
    await addConnector('sim-cmcc', 'cmcc', 1);
    await addConnector('sim-ctcc', 'ctcc', 2);
  });
  afterAll(() => platform?.stop());

  it('a China Mobile segment number ported to China Telecom is routed and counted as ctcc', async () => {
    // 138 is a China Mobile segment; this number moved to China Telecom.
    const override = await call('PUT', '/v1/carriers/overrides/+8613800000001', admin, { carrier: 'ctcc', note: 'ported' });
    expect(override.statusCode, override.body).toBe(200);
    const sent = await call('POST', '/v1/messages', acme, { to: ['+8613800000001', '+8613800000002'], text: '您的验证码是 1234' });
    expect(sent.statusCode, sent.body).toBe(202);
    await pollUntil(
      async () => (await call('GET', '/v1/messages?limit=10', acme)).json() as { items: Array<{ state: string }> },
      (page) => page.items.length === 2 && page.items.every((m) => m.state === 'delivered'),
      'both messages delivered',
    );
    // The override goes away after sending: the statistics still show the carrier in force when it was routed.
    expect((await call('DELETE', '/v1/carriers/overrides/+8613800000001', admin)).statusCode).toBe(204);
    const run = await call('POST', '/v1/stats/rollup', admin, {});
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ messages: 2 });

    const byKey = async (groupBy: string) => {
      const res = await call('GET', `/v1/stats/summary?period=day&groupBy=${groupBy}`, admin);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { series: Array<{ key: string; totals: { submitted: number; delivered: number } }> };
      return Object.fromEntries(body.series.map((s) => [s.key, s.totals.delivered]));
    };
    expect(await byKey('carrier')).toEqual({ cmcc: 1, ctcc: 1 });
    expect(await byKey('connector')).toEqual({ 'sim-cmcc': 1, 'sim-ctcc': 1 });
  });
});
