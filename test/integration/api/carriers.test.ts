// The carrier API: attribution for any account, segment table and overrides for administrators only,
// 400s naming the field, and routing following the tables. One real platform for the whole file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, expectError } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let demoKey: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await adminToken(platform);
  demoKey = platform.seed.demo!.apiKey;
});

afterAll(async () => {
  await platform?.stop();
});

const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

describe('GET /v1/numbers/{number}/carrier', () => {
  it('answers any authenticated account, normalising the number', async () => {
    const res = await call('GET', '/v1/numbers/13800138000/carrier', demoKey);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ number: '+8613800138000', carrier: 'cmcc', virtual: false, kind: 'mobile', source: 'segment', segment: '138', tableVersion: 0 });
    expect((await call('GET', '/v1/numbers/%2B8617001234567/carrier', demoKey)).json()).toMatchObject({ carrier: 'ctcc', virtual: true, source: 'segment' });
    expect((await call('GET', '/v1/numbers/8619212345678/carrier', demoKey)).json()).toMatchObject({ carrier: 'cbn' });
    expect((await call('GET', '/v1/numbers/1440312345678/carrier', demoKey)).json()).toMatchObject({ number: '+861440312345678', carrier: 'cmcc', kind: 'iot' });
  });

  it('a foreign number has no carrier; garbage is a 400 naming the number', async () => {
    expect((await call('GET', '/v1/numbers/%2B14155552671/carrier', demoKey)).json()).toMatchObject({ number: '+14155552671', carrier: null, source: null });
    expectError(await call('GET', '/v1/numbers/abc/carrier', demoKey), 400, 'validation_failed', 'number');
  });

  it('needs a token', async () => {
    const res = await platform.http.inject({ method: 'GET', url: '/v1/numbers/13800138000/carrier' });
    expect(res.statusCode).toBe(401);
  });
});

describe('admin: segments and overrides', () => {
  it('an account key can neither read nor change the tables', async () => {
    expectError(await call('GET', '/v1/carriers/segments', demoKey), 403, 'forbidden');
    expectError(await call('PUT', '/v1/carriers/segments', demoKey, { base: 'builtin', segments: [] }), 403, 'forbidden');
    expectError(await call('GET', '/v1/carriers/overrides', demoKey), 403, 'forbidden');
    expectError(await call('PUT', '/v1/carriers/overrides/13800138000', demoKey, { carrier: 'cucc' }), 403, 'forbidden');
    expectError(await call('DELETE', '/v1/carriers/overrides/13800138000', demoKey), 403, 'forbidden');
  });

  it('bad segment tables are 400s naming the field', async () => {
    const put = (body: object) => call('PUT', '/v1/carriers/segments', admin, body);
    expectError(await put({ base: 'builtin', segments: [{ prefix: '238', carrier: 'cmcc' }] }), 400, 'validation_failed', 'segments[0].prefix');
    expectError(await put({ base: 'builtin', segments: [{ prefix: '138123', carrier: 'cmcc' }] }), 400, 'validation_failed', 'segments[0].prefix');
    expectError(await put({ base: 'builtin', segments: [{ prefix: '138', carrier: 'unicom' }] }), 400, 'validation_failed', 'segments[0].carrier');
    expectError(await put({ base: 'builtin', segments: [{ prefix: '138', carrier: 'cmcc', kind: 'fixed' }] }), 400, 'validation_failed', 'segments[0].kind');
    expectError(await put({ base: 'nothing', segments: [] }), 400, 'validation_failed', 'base');
    const dup = [{ prefix: '1540', carrier: 'cucc' }, { prefix: '1540', carrier: 'ctcc' }];
    expectError(await put({ base: 'builtin', segments: dup }), 400, 'validation_failed', 'segments[1].prefix');
    expect((await call('GET', '/v1/carriers/segments', admin)).json()).toMatchObject({ version: 0, base: 'builtin', segments: [] });
  });

  it('extending the table bumps the version and changes attribution', async () => {
    const res = await call('PUT', '/v1/carriers/segments', admin, { base: 'builtin', segments: [{ prefix: '1540', carrier: 'cucc' }, { prefix: '1703', carrier: 'cucc', virtual: true }] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { version: number; segments: unknown[]; effective: Array<{ prefix: string; carrier: string }> };
    expect(body.version).toBe(1);
    expect(body.segments).toEqual([
      { prefix: '1540', carrier: 'cucc', virtual: false, kind: 'mobile' },
      { prefix: '1703', carrier: 'cucc', virtual: true, kind: 'mobile' },
    ]);
    expect(body.effective.find((s) => s.prefix === '138')?.carrier).toBe('cmcc');
    expect(body.effective.find((s) => s.prefix === '1703')?.carrier).toBe('cucc');
    expect((await call('GET', '/v1/numbers/15401234567/carrier', demoKey)).json()).toMatchObject({ carrier: 'cucc', source: 'segment', tableVersion: 1 });
  });

  it('overrides: add, look up first, list, remove; bad input names the field', async () => {
    expectError(await call('PUT', '/v1/carriers/overrides/12345', admin, { carrier: 'cucc' }), 400, 'validation_failed', 'number');
    expectError(await call('PUT', '/v1/carriers/overrides/13800138000', admin, { carrier: 'mobile' }), 400, 'validation_failed', 'carrier');
    expectError(await call('PUT', '/v1/carriers/overrides/13800138000', admin, {}), 400, 'validation_failed', 'carrier');
    const put = await call('PUT', '/v1/carriers/overrides/13800138000', admin, { carrier: 'ctcc', note: '客户报备' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ number: '+8613800138000', carrier: 'ctcc', origin: 'manual', note: '客户报备' });
    expect((await call('GET', '/v1/numbers/13800138000/carrier', demoKey)).json()).toMatchObject({ carrier: 'ctcc', virtual: false, source: 'override' });
    expect((await call('GET', '/v1/carriers/overrides', admin)).json()).toMatchObject({ items: [{ number: '+8613800138000', carrier: 'ctcc' }], next: null });
    expect((await call('DELETE', '/v1/carriers/overrides/%2B8613800138000', admin)).statusCode).toBe(204);
    expectError(await call('DELETE', '/v1/carriers/overrides/13800138000', admin), 404, 'not_found', 'number');
    expect((await call('GET', '/v1/numbers/13800138000/carrier', demoKey)).json()).toMatchObject({ carrier: 'cmcc', source: 'segment' });
  });

  it('routes with a carrier filter follow the tables', async () => {
    const route = await call('PUT', '/v1/carriers/overrides/13900139000', admin, { carrier: 'cbn' });
    expect(route.statusCode).toBe(200);
    const create = await platform.http.inject({
      method: 'POST', url: '/v1/routes', headers: bearer(admin),
      payload: { id: 'broadnet', filters: { carriers: ['cbn'] }, connectors: [platform.gateway.connectors.keys().next().value as string], position: 1 },
    });
    expect(create.statusCode, create.body).toBe(201);
    const unknown = await platform.http.inject({
      method: 'POST', url: '/v1/routes', headers: bearer(admin), payload: { filters: { carriers: ['cbn', 'unicom'] }, connectors: ['simulator'] },
    });
    expectError(unknown, 400, 'validation_failed', 'filters.carriers[1]');
    const explain = (to: string) => platform.http.inject({ method: 'POST', url: '/v1/routes/explain', headers: bearer(admin), payload: { accountId: 'demo', to } });
    const hit = await explain('13900139000');
    const miss = await explain('13900139001');
    expect(hit.statusCode, hit.body).toBe(200);
    expect(JSON.stringify(hit.json())).toContain('broadnet');
    expect(JSON.stringify(miss.json())).not.toContain('broadnet');
  });
});
