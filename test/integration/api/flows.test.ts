// Happy paths through the real platform: send, schedule, cancel, list, MO, webhooks, operations
// endpoints and admin views, on each store (SQLite file, fresh PostgreSQL schema). A simulator
// connector with fast, always-delivered receipts makes outcomes deterministic; tests wait on real
// state with bounded polling.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorConnector } from '../../../src/connectors/simulator/connector.ts';
import { signWebhook } from '../../../src/core/outbox-dispatcher.ts';
import { adminToken, bearer, createAccount, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform, type TestStoreKind } from '../../support/platform.ts';

interface MessageDetail {
  id: string;
  accountId: string;
  to: string;
  state: string;
  segments: number;
  encoding: string;
  connectorId: string | null;
  tag: string | null;
  category: string;
  clientRef: string | null;
  createdAt: string;
  scheduledAt: string | null;
  submittedAt: string | null;
  doneAt: string | null;
  history: Array<{ at: string; state: string; detail: string | null }>;
  parts: Array<{ partNo: number; upstreamId: string; state: string; errorCode: string | null }>;
}

interface Hook {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  answered: number;
}

const FINAL = ['delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled'];

let platform: TestPlatform;
let admin: string;
let hookServer: Server;
let hookUrl: string;
const hooks: Hook[] = [];
/** Status codes to answer per path, first come first served; then 200. */
const hookAnswers = new Map<string, number[]>();
const keys: Record<string, string> = {};

beforeAll(async () => {
  hookServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const status = hookAnswers.get(path)?.shift() ?? 200;
      hooks.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => hookServer?.close(resolve));
});

/** A platform on `store` with the fast simulator sim2, the test accounts, their route and an MO route. */
async function startFlowsPlatform(store: TestStoreKind): Promise<void> {
  platform = await startTestPlatform({}, { store });
  admin = await adminToken(platform);
  const sim = await platform.http.inject({
    method: 'POST',
    url: '/v1/connectors',
    headers: bearer(admin),
    payload: { id: 'sim2', type: 'simulator', name: 'Fast simulator', settings: { receiptDelayMs: 50, outcomes: { delivered: 1 } } },
  });
  expect(sim.statusCode, sim.body).toBe(201);
  keys.acme = await createAccount(platform, admin, { id: 'acme', name: 'ACME Ltd' });
  keys.lister = await createAccount(platform, admin, { id: 'lister' });
  keys.hooked = await createAccount(platform, admin, { id: 'hooked', callbackUrl: `${hookUrl}/hooked` });
  keys.flaky = await createAccount(platform, admin, { id: 'flaky', callbackUrl: `${hookUrl}/flaky` });
  const route = await platform.http.inject({
    method: 'POST',
    url: '/v1/routes',
    headers: bearer(admin),
    payload: { id: 'to-sim2', name: 'customers on sim2', position: 10, filters: { accounts: ['acme', 'lister', 'hooked', 'flaky'] }, connectors: ['sim2'] },
  });
  expect(route.statusCode, route.body).toBe(201);
  const mo = await platform.http.inject({ method: 'POST', url: '/v1/mo-routes', headers: bearer(admin), payload: { id: 'acme-mo', pattern: '1069888', accountId: 'acme' } });
  expect(mo.statusCode, mo.body).toBe(201);
  await pollUntil(async () => platform.gateway.connectors.get('sim2')?.stats().state, (s) => s === 'up', 'sim2 to come up');
}

async function send(account: string, body: Record<string, unknown>): Promise<{ id: string; status: string; segments: number }> {
  const res = await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(keys[account]), payload: body });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { messages: Array<{ id: string; status: string; segments: number }> }).messages[0];
}

async function get(account: string, id: string): Promise<MessageDetail> {
  const res = await platform.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(keys[account]) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MessageDetail;
}

function untilFinal(account: string, id: string, timeoutMs = 10_000): Promise<MessageDetail> {
  return pollUntil(() => get(account, id), (m) => FINAL.includes(m.state), `message ${id} to reach a final state`, timeoutMs);
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  beforeAll(() => startFlowsPlatform(store));
  afterAll(() => platform?.stop());

  describe('sending', () => {
    it('a message goes queued → submitted → delivered through the simulator, with its history', async () => {
      const accepted = await send('acme', { to: '138 0013 8000', text: 'Your code is 4711', from: 'ACME' });
      expect(accepted.status).toBe('accepted');
      const first = await get('acme', accepted.id);
      expect(['queued', 'submitted', 'delivered']).toContain(first.state);
      expect(first).toMatchObject({ to: '+8613800138000', accountId: 'acme', segments: 1, encoding: 'gsm7', category: 'notification' });

      const done = await untilFinal('acme', accepted.id);
      expect(done.state).toBe('delivered');
      expect(done.connectorId).toBe('sim2');
      expect(done.history.map((h) => h.state)).toEqual(['accepted', 'submitted', 'delivered']);
      expect(done.history[0].detail).toMatch(/to-sim2 → sim2/);
      const times = done.history.map((h) => Date.parse(h.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(Date.parse(done.doneAt!)).toBeGreaterThanOrEqual(Date.parse(done.submittedAt!));
      expect(done.parts).toEqual([{ partNo: 1, upstreamId: expect.any(String), state: 'delivered', errorCode: null, rawStatus: 'DELIVRD' }]);
    });

    it('a message keeps the category it was sent with', async () => {
      const accepted = await send('acme', { to: '13800138001', text: 'Spring sale', category: 'marketing' });
      expect((await get('acme', accepted.id)).category).toBe('marketing');
    });

    it('a 150-character Chinese text goes as 3 segments and is delivered only after all three receipts', async () => {
      const text = '您好，感谢您使用快信短信平台。'.repeat(10);
      expect(text).toHaveLength(150);
      const accepted = await send('acme', { to: '13900139000', text });
      expect(accepted.segments).toBe(3);
      const done = await untilFinal('acme', accepted.id);
      expect(done).toMatchObject({ state: 'delivered', segments: 3, encoding: 'ucs2', text });
      expect(done.parts).toHaveLength(3);
      expect(done.parts.map((p) => p.partNo)).toEqual([1, 2, 3]);
      expect(done.parts.every((p) => p.state === 'delivered')).toBe(true);
      expect(new Set(done.parts.map((p) => p.upstreamId)).size).toBe(3);
      // Two receipts leave it submitted ("… (part n/3)"); the third settles it.
      const states = done.history.map((h) => h.state);
      expect(states[0]).toBe('accepted');
      expect(states.indexOf('delivered')).toBe(states.length - 1);
      const partRows = done.history.filter((h) => /\(part \d\/3\)/.test(h.detail ?? ''));
      expect(partRows.map((h) => h.state)).toEqual(['submitted', 'submitted']);
      expect(done.history.at(-1)!.detail).toBe('receipt DELIVRD (all 3 parts)');
    });

    it('a scheduled message can be cancelled, and only once', async () => {
      const accepted = await send('acme', { to: '13800138001', text: 'tomorrow', scheduleAt: new Date(Date.now() + 3600_000).toISOString() });
      expect(accepted.status).toBe('scheduled');
      expect((await get('acme', accepted.id)).state).toBe('scheduled');
      const cancel = await platform.http.inject({ method: 'DELETE', url: `/v1/messages/${accepted.id}`, headers: bearer(keys.acme) });
      expect(cancel.statusCode, cancel.body).toBe(200);
      expect(cancel.json()).toEqual({ id: accepted.id, state: 'cancelled' });
      const after = await get('acme', accepted.id);
      expect(after.state).toBe('cancelled');
      expect(after.doneAt).not.toBeNull();
      expect(after.history.map((h) => h.state)).toEqual(['scheduled', 'cancelled']);
      const again = await platform.http.inject({ method: 'DELETE', url: `/v1/messages/${accepted.id}`, headers: bearer(keys.acme) });
      expect(again.statusCode).toBe(409);
    });

    it('a message scheduled 2 s ahead waits as scheduled, then is delivered', async () => {
      const at = Date.now() + 2000;
      const accepted = await send('acme', { to: '13800138002', text: 'in two seconds', scheduleAt: at });
      expect(accepted.status).toBe('scheduled');
      const waiting = await get('acme', accepted.id);
      expect(waiting.state).toBe('scheduled');
      expect(Date.parse(waiting.scheduledAt!)).toBe(at);
      const done = await untilFinal('acme', accepted.id, 15_000);
      expect(done.state).toBe('delivered');
      expect(Date.parse(done.submittedAt!)).toBeGreaterThanOrEqual(at);
      expect(done.history.map((h) => h.state)).toEqual(['scheduled', 'queued', 'submitted', 'delivered']);
    });
  });

  describe('listing', () => {
    it('filters by clientRef, recipient, state and time, and pages with a cursor', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await send('lister', { to: `1380013810${i}`, text: `list ${i}`, clientRef: `list-${i}`, tag: i % 2 ? 'odd' : 'even' })).id);
      await Promise.all(ids.map((id) => untilFinal('lister', id)));
      const list = async (query: string) => {
        const res = await platform.http.inject({ method: 'GET', url: `/v1/messages?${query}`, headers: bearer(keys.lister) });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as { items: Array<{ id: string; to: string; clientRef: string; state: string; createdAt: string; accountId: string }>; nextCursor: string | null };
      };

      const seen: string[] = [];
      let cursor: string | null = null;
      const sizes: number[] = [];
      do {
        const page = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        sizes.push(page.items.length);
        seen.push(...page.items.map((m) => m.id));
        expect(page.items.every((m) => m.accountId === 'lister')).toBe(true);
        cursor = page.nextCursor;
      } while (cursor && sizes.length < 10);
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual([...ids].reverse()); // newest first, each exactly once

      expect((await list('clientRef=list-4')).items.map((m) => m.id)).toEqual([ids[4]]);
      expect((await list(`to=${encodeURIComponent('+8613800138103')}`)).items.map((m) => m.id)).toEqual([ids[3]]);
      // The bare national form finds the same message: the filter is normalised as intake normalises.
      expect((await list('to=13800138103')).items.map((m) => m.id)).toEqual([ids[3]]);
      expect((await list('state=delivered')).items).toHaveLength(7);
      expect((await list('state=queued')).items).toHaveLength(0);
      expect((await list(`createdFrom=${Date.now() + 60_000}`)).items).toHaveLength(0);
      const created = Date.parse((await get('lister', ids[5])).createdAt);
      expect((await list(`createdFrom=${new Date(created).toISOString()}`)).items.map((m) => m.id)).toEqual(expect.arrayContaining([ids[5], ids[6]]));
      expect((await list(`createdTo=${created}`)).items.map((m) => m.id)).not.toContain(ids[5]);
    });
  });

  describe('MO', () => {
    it('an MO the simulator injects reaches the account of the longest matching MO route', async () => {
      const sim = platform.gateway.connectors.get('sim2') as SimulatorConnector;
      await sim.injectMo('+8613700137000', '10698881234', '退订 please');
      const res = await platform.http.inject({ method: 'GET', url: '/v1/mo', headers: bearer(keys.acme) });
      expect(res.statusCode, res.body).toBe(200);
      const { items } = res.json() as { items: Array<{ from: string; to: string; text: string; connectorId: string; receivedAt: string }> };
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ from: '+8613700137000', to: '10698881234', text: '退订 please', connectorId: 'sim2' });
      expect(Number.isNaN(Date.parse(items[0].receivedAt))).toBe(false);
      const others = await platform.http.inject({ method: 'GET', url: '/v1/mo', headers: bearer(keys.lister) });
      expect((others.json() as { items: unknown[] }).items).toHaveLength(0);
    });
  });

  describe('webhooks', () => {
    it('an account with a callbackUrl receives a signed status batch', async () => {
      const accepted = await send('hooked', { to: '13800138003', text: 'hook me', clientRef: 'hook-1' });
      const hook = await pollUntil(
        async () => hooks.find((h) => h.path === '/hooked' && h.body.includes(accepted.id)),
        (h) => h !== undefined,
        'the status webhook',
      );
      const { headers, body } = hook!;
      expect(headers['content-type']).toMatch(/application\/json/);
      const timestamp = Number(headers['x-kuaixin-timestamp']);
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
      const secret = (await platform.store.accounts.get('hooked'))!.callbackSecret;
      expect(headers['x-kuaixin-signature']).toBe(signWebhook(secret, timestamp, body));
      expect(headers['x-kuaixin-signature']).not.toBe(signWebhook(secret, timestamp, body.replace('hook-1', 'hook-2')));
      const { events } = JSON.parse(body) as { events: Array<{ type: string; data: { messageId: string; state: string; clientRef: string; recipient: string } }> };
      expect(events).toContainEqual({ type: 'status', data: expect.objectContaining({ messageId: accepted.id, state: 'delivered', clientRef: 'hook-1', recipient: '+8613800138003' }) });
    });

    it('a webhook that first answers 500 is retried, then succeeds and is not sent again', async () => {
      hookAnswers.set('/flaky', [500]);
      const accepted = await send('flaky', { to: '13800138004', text: 'retry me' });
      const attempts = await pollUntil(
        async () => hooks.filter((h) => h.path === '/flaky' && h.body.includes(accepted.id)),
        (list) => list.some((h) => h.answered === 200),
        'the webhook retry',
        15_000,
      );
      expect(attempts.map((h) => h.answered)).toEqual([500, 200]);
      expect(JSON.parse(attempts[1].body)).toEqual(JSON.parse(attempts[0].body)); // the same batch again
      const secret = (await platform.store.accounts.get('flaky'))!.callbackSecret;
      for (const h of attempts) expect(h.headers['x-kuaixin-signature']).toBe(signWebhook(secret, Number(h.headers['x-kuaixin-timestamp']), h.body));
      // Acknowledged: nothing of it is left in the outbox.
      await pollUntil(async () => (await platform.store.outbox.due(Date.now() + 86_400_000, 1000)).filter((i) => i.accountId === 'flaky'), (left) => left.length === 0, 'the outbox to empty');
    });
  });

  describe('operations and admin', () => {
    it('/healthz reports ok with the connectors up', async () => {
      const res = await platform.http.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', store: 'ok', connectors: { up: platform.gateway.connectors.size, total: platform.gateway.connectors.size } });
      expect(platform.gateway.connectors.size).toBeGreaterThanOrEqual(2);
    });

    it('/metrics has queue depth per connector and message counters', async () => {
      await untilFinal('acme', (await send('acme', { to: '13800138005', text: 'count me' })).id);
      const res = await platform.http.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/plain/);
      expect(res.body).toMatch(/^kuaixin_connector_queue_depth\{connector="sim2"\} \d+$/m);
      expect(res.body).toMatch(/^kuaixin_connector_queue_depth\{connector="simulator"\} \d+$/m);
      const counter = (event: string) => Number(new RegExp(`^kuaixin_messages_total\\{event="${event}"\\} (\\d+)$`, 'm').exec(res.body)?.[1] ?? NaN);
      expect(counter('accepted')).toBeGreaterThan(0);
      expect(counter('submitted')).toBeGreaterThan(0);
      expect(counter('delivered')).toBeGreaterThan(0);
    });

    it('/docs/json is an OpenAPI document with the message paths', async () => {
      const res = await platform.http.inject({ method: 'GET', url: '/docs/json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths['/v1/messages'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(doc.paths['/v1/messages/{id}'])).toEqual(expect.arrayContaining(['get', 'delete']));
      expect(doc.paths['/v1/messages/batch']).toHaveProperty('post');
      expect(doc.paths['/v1/mo']).toHaveProperty('get');
    });

    it('routes explain names the route and connectors a message would take', async () => {
      const explain = (payload: object) => platform.http.inject({ method: 'POST', url: '/v1/routes/explain', headers: bearer(admin), payload });
      const acme = await explain({ accountId: 'acme', to: '+8613800138000' });
      expect(acme.statusCode, acme.body).toBe(200);
      expect(acme.json()).toEqual({ routeId: 'to-sim2', routeName: 'customers on sim2', connectorIds: ['sim2'] });
      expect((await explain({ accountId: 'demo', to: '8613800138000' })).json()).toEqual({ routeId: 'default', routeName: 'default', connectorIds: ['simulator'] });
    });

    it('the connector list shows live state and hides passwords', async () => {
      const smpp = await platform.http.inject({
        method: 'POST',
        url: '/v1/connectors',
        headers: bearer(admin),
        payload: { id: 'carrier', type: 'smpp', enabled: false, settings: { host: '127.0.0.1', port: 2775, systemId: 'kuaixin', password: 's3cr3t' } },
      });
      expect(smpp.statusCode, smpp.body).toBe(201);
      expect(smpp.body).not.toContain('s3cr3t');
      const res = await platform.http.inject({ method: 'GET', url: '/v1/connectors', headers: bearer(admin) });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('s3cr3t');
      const items = (res.json() as { items: Array<{ id: string; type: string; enabled: boolean; settings: Record<string, unknown>; status: Record<string, unknown> }> }).items;
      const byId = new Map(items.map((i) => [i.id, i]));
      expect([...byId.keys()].sort()).toEqual(['carrier', 'sim2', 'simulator']);
      expect(byId.get('carrier')).toMatchObject({ type: 'smpp', enabled: false, settings: { systemId: 'kuaixin', password: '••••••' }, status: { state: 'stopped', queueDepth: 0 } });
      const sim2 = byId.get('sim2')!;
      expect(sim2).toMatchObject({ type: 'simulator', enabled: true, settings: { receiptDelayMs: 50 } });
      expect(sim2.status).toMatchObject({ state: 'up', sessionsUp: 1, sessionsTotal: 1, queueDepth: expect.any(Number) });
      expect(sim2.status.submitted).toBeGreaterThan(0);
    });
  });
});
