// Blacklists over HTTP: the platform list for admins, each account's own list and unsubscribes (never
// another's), paging, 400s naming the field, intake refusing a listed recipient per recipient, and
// the opt-out flow end to end: an MO "TD" through the simulator unsubscribes, confirms, and blocks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorConnector } from '../../../src/connectors/simulator/connector.ts';
import { adminToken, bearer, createAccount, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform, type TestStoreKind } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let acme: string;
let globex: string;

/** Bodies of the webhooks acme receives: the forwarded MO must say it was an opt-out. */
const hooks: string[] = [];
let hookServer: Server;
let hookUrl: string;

beforeAll(async () => {
  hookServer = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      hooks.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/acme`;
});

afterAll(async () => {
  await new Promise((resolve) => hookServer?.close(resolve));
});

async function start(store: TestStoreKind): Promise<void> {
  platform = await startTestPlatform({}, { store });
  admin = await adminToken(platform);
  acme = await createAccount(platform, admin, { id: 'acme', callbackUrl: hookUrl });
  globex = await createAccount(platform, admin, { id: 'globex' });
  const mo = await platform.http.inject({ method: 'POST', url: '/v1/mo-routes', headers: bearer(admin), payload: { id: 'acme-mo', pattern: '1069888', accountId: 'acme' } });
  expect(mo.statusCode, mo.body).toBe(201);
}

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) =>
  platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

type Sent = { messages: Array<{ to: string; status: string; id?: string; error?: { code: string; message: string; field?: string; details?: Array<{ list: string }> } }> };
const send = async (token: string, to: string[], text = 'hello') => (await call('POST', '/v1/messages', token, { to, text })).json() as Sent;

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  beforeAll(() => start(store));
  afterAll(() => platform?.stop());

  describe('platform list', () => {
    it('only an admin edits it; numbers are stored in E.164; bad numbers are 400s naming the field', async () => {
      expectError(await call('GET', '/v1/blacklist/platform', acme), 403, 'forbidden');
      expectError(await call('POST', '/v1/blacklist/platform', acme, { number: '13800000001' }), 403, 'forbidden');
      const added = await call('POST', '/v1/blacklist/platform', admin, { number: '138 0000 0001', reason: 'fraud' });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json()).toMatchObject({ list: 'platform', accountId: null, number: '+8613800000001', reason: 'fraud' });
      await call('POST', '/v1/blacklist/platform', admin, { number: '13800000002', list: 'carrier' });
      const listed = (await call('GET', '/v1/blacklist/platform', admin)).json() as { items: Array<{ number: string; list: string }> };
      expect(listed.items.map((e) => [e.list, e.number])).toEqual([['carrier', '+8613800000002'], ['platform', '+8613800000001']]);
      expectError(await call('POST', '/v1/blacklist/platform', admin, { number: 'abc' }), 400, 'invalid_number', 'number');
      expectError(await call('POST', '/v1/blacklist/platform', admin, {}), 400, 'validation_failed', 'number');
      expectError(await call('DELETE', '/v1/blacklist/platform?number=12', admin), 400, 'invalid_number', 'number');
      expectError(await call('POST', '/v1/blacklist/platform', admin, { number: '13800000001', list: 'unsubscribe' }), 400, 'validation_failed', 'list');
    });

    it('a listed recipient is rejected with the list named; the rest of the request still goes', async () => {
      const sent = await send(acme, ['13800000001', '13800000009', '13800000002']);
      expect(sent.messages.map((m) => m.status)).toEqual(['rejected', 'accepted', 'rejected']);
      expect(sent.messages[0].error).toMatchObject({ code: 'blacklisted', field: 'to[0]', details: [{ list: 'platform' }] });
      expect(sent.messages[0].error!.message).toMatch(/platform blacklist/);
      expect(sent.messages[2].error!.message).toMatch(/carrier blacklist/);
      const all = await call('POST', '/v1/messages', acme, { to: ['13800000001'], text: 'x' });
      expectError(all, 422, 'blacklisted', 'to[0]');
      expect((await call('DELETE', '/v1/blacklist/platform?number=13800000001', admin)).json()).toEqual({ removed: 1 });
      expect((await send(acme, ['13800000001'])).messages[0].status).toBe('accepted');
    });
  });

  describe('account lists', () => {
    it('each account sees and edits only its own entries, paged newest first', async () => {
      for (let i = 0; i < 3; i++) expect((await call('POST', '/v1/blacklist', acme, { number: `1390000000${i}` })).statusCode).toBe(201);
      await call('POST', '/v1/blacklist', globex, { number: '13900000009' });
      const first = (await call('GET', '/v1/blacklist?limit=2', acme)).json() as { items: Array<{ number: string; accountId: string }>; nextCursor: string };
      expect(first.items.map((e) => e.number)).toEqual(['+8613900000002', '+8613900000001']);
      const second = (await call('GET', `/v1/blacklist?limit=2&cursor=${first.nextCursor}`, acme)).json() as { items: Array<{ number: string }>; nextCursor: null };
      expect(second.items.map((e) => e.number)).toEqual(['+8613900000000']);
      expect(second.nextCursor).toBeNull();
      expect(((await call('GET', '/v1/blacklist', globex)).json() as { items: Array<{ number: string }> }).items.map((e) => e.number)).toEqual(['+8613900000009']);
      expectError(await call('GET', '/v1/blacklist?accountId=acme', globex), 403, 'forbidden', 'accountId');
      expectError(await call('DELETE', '/v1/blacklist?accountId=acme&number=13900000000', globex), 403, 'forbidden', 'accountId');
      expect((await call('DELETE', '/v1/blacklist?number=13900000000', globex)).json()).toEqual({ removed: 0 });
      expect(((await call('GET', '/v1/blacklist?accountId=acme', admin)).json() as { items: unknown[] }).items).toHaveLength(3);
      expectError(await call('GET', '/v1/blacklist?cursor=zzz', acme), 400, 'bad_request', 'cursor');
      expectError(await call('POST', '/v1/blacklist', acme, { number: '+86 1' }), 400, 'invalid_number', 'number');
    });

    it("an account's entry stops only that account", async () => {
      expect((await send(acme, ['13900000001'])).messages[0].error).toMatchObject({ code: 'blacklisted', details: [{ list: 'account' }] });
      expect((await send(globex, ['13900000001'])).messages[0].status).toBe('accepted');
    });
  });

  describe('opt-out by reply', () => {
    it('an MO "TD" unsubscribes the sender from that account, confirms, and later sends are refused', async () => {
      const sim = platform.gateway.connectors.get('simulator') as SimulatorConnector;
      await pollUntil(async () => sim.stats().state, (s) => s === 'up', 'the simulator to come up');
      await sim.injectMo('+8613700137000', '10698881234', ' ｔｄ ');
      const mo = (await call('GET', '/v1/mo', acme)).json() as { items: Array<{ from: string; text: string }> };
      expect(mo.items.map((m) => m.from)).toEqual(['+8613700137000']);
      const forwarded = await pollUntil(async () => hooks.filter((h) => h.includes('+8613700137000') && h.includes('"optOut":true')), (found) => found.length > 0, 'the MO webhook flagged optOut');
      expect(forwarded).toHaveLength(1);
      hooks.length = 0;

      const unsubscribes = (await call('GET', '/v1/blacklist?list=unsubscribe', acme)).json() as { items: Array<{ number: string; list: string }> };
      expect(unsubscribes.items).toMatchObject([{ list: 'unsubscribe', number: '+8613700137000' }]);
      expect(((await call('GET', '/v1/blacklist', globex)).json() as { items: Array<{ number: string }> }).items.map((e) => e.number)).not.toContain('+8613700137000');

      const confirmations = await pollUntil(
        async () => ((await call('GET', '/v1/messages?to=13700137000', acme)).json() as { items: Array<{ text: string; state: string }> }).items,
        (items) => items.length === 1,
        'the confirmation to be queued',
      );
      expect(confirmations[0].text).toBe('您已成功退订');

      const refused = await send(acme, ['13700137000', '13700137001']);
      expect(refused.messages[0]).toMatchObject({ status: 'rejected', error: { code: 'blacklisted', details: [{ list: 'unsubscribe' }] } });
      expect(refused.messages[0].error!.message).toMatch(/unsubscribe blacklist/);
      expect(refused.messages[1].status).toBe('accepted');
      expect((await send(globex, ['13700137000'])).messages[0].status).toBe('accepted');
    });

    it('a reply that only contains a keyword is not an opt-out', async () => {
      const sim = platform.gateway.connectors.get('simulator') as SimulatorConnector;
      await sim.injectMo('+8613700137005', '10698881234', '退订 please');
      expect(((await call('GET', '/v1/blacklist?list=unsubscribe', acme)).json() as { items: Array<{ number: string }> }).items.map((e) => e.number)).toEqual(['+8613700137000']);
      expect((await send(acme, ['13700137005'])).messages[0].status).toBe('accepted');
    });
  });
});
