// Statistics and records through the real platform on each store: messages go through simulators
// with fixed outcomes (delivered / undelivered / refused on submit) and an intake blacklist, the
// rollup runs, and the reports, failure categories, CSV exports and MO search are checked exactly,
// with tenant isolation (one account never sees another's numbers; admin-only groupings refused).
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorConnector } from '../../../src/connectors/simulator/connector.ts';
import { bucketLabel, bucketStart } from '../../../src/core/stats/time-buckets.ts';
import { adminToken, bearer, createAccount, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let acme: string;
let globex: string;

interface Figures { submitted: number; delivered: number; failed: number; cancelled: number; segments: number; deliveryRate: number | null }
interface Summary {
  period: string;
  timeZone: string;
  groupBy: string | null;
  buckets: string[];
  series: Array<{ key: string; totals: Figures; points: Array<Figures & { bucket: string }> }>;
  totals: Figures;
  failures: Array<{ category: string; messages: number }>;
}

const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) => platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
const summary = async (token: string, query: string): Promise<Summary> => {
  const res = await call('GET', `/v1/stats/summary?period=day&${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Summary;
};
const byKey = (s: Summary) => Object.fromEntries(s.series.map((x) => [x.key, [x.totals.submitted, x.totals.delivered, x.totals.failed]]));
const csvRows = (body: string) => parse(body, { bom: true, columns: true }) as Array<Record<string, string>>;

async function addConnector(id: string, settings: object, carrier: string, position: number): Promise<void> {
  const c = await call('POST', '/v1/connectors', admin, { id, type: 'simulator', name: id, settings: { receiptDelayMs: 20, ...settings } });
  expect(c.statusCode, c.body).toBe(201);
  const r = await call('POST', '/v1/routes', admin, { id: `to-${id}`, name: id, position, filters: { carriers: [carrier] }, connectors: [id] });
  expect(r.statusCode, r.body).toBe(201);
  await pollUntil(async () => platform.gateway.connectors.get(id)?.stats().state, (s) => s === 'up', `${id} to come up`);
}

async function sendAll(token: string, numbers: string[]): Promise<string[]> {
  const res = await call('POST', '/v1/messages', token, { to: numbers, text: '您的验证码是 1234' });
  const body = res.json() as { messages: Array<{ id?: string; status: string }> };
  return body.messages.filter((m) => m.id).map((m) => m.id!);
}

describe.each(['sqlite', 'postgres'] as const)('statistics on %s', (store) => {
  const acmeIds: string[] = [];
  beforeAll(async () => {
    platform = await startTestPlatform({ stats: { rollupIntervalSeconds: 0 } }, { store });
    admin = await adminToken(platform);
    acme = await createAccount(platform, admin, { id: 'acme' });
    globex = await createAccount(platform, admin, { id: 'globex' });
    await addConnector('sim-ok', { outcomes: { delivered: 1 } }, 'cmcc', 1);
    await addConnector('sim-bad', { outcomes: { undelivered: 1 } }, 'cucc', 2);
    await addConnector('sim-rej', { failEvery: 1 }, 'ctcc', 3);
    expect((await call('POST', '/v1/mo-routes', admin, { id: 'acme-mo', pattern: '1069888', accountId: 'acme' })).statusCode).toBe(201);
    expect((await call('POST', '/v1/blacklist/platform', admin, { number: '+8613800000999', reason: 'complaint' })).statusCode).toBe(201);

    acmeIds.push(...(await sendAll(acme, ['+8613800000001', '+8613800000002', '+8613800000003', '+8613000000001', '+8613000000002', '+8613300000001', '+8613800000999'])));
    const globexIds = await sendAll(globex, ['+8613800000004', '+8613800000005']);
    expect(acmeIds).toHaveLength(6);
    expect(globexIds).toHaveLength(2);
    await pollUntil(
      async () => (await call('GET', '/v1/messages?limit=100', admin)).json() as { items: Array<{ state: string }> },
      (page) => page.items.length === 8 && page.items.every((m) => ['delivered', 'undelivered', 'failed'].includes(m.state)),
      'all messages final',
    );
  });
  afterAll(() => platform?.stop());

  it('before the rollup runs, reports are empty; the rollup counts each final message once however often it runs', async () => {
    expect((await summary(acme, '')).totals.submitted).toBe(0);
    const run = await call('POST', '/v1/stats/rollup', admin, {});
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ messages: 8 });
    expect((await call('POST', '/v1/stats/rollup', admin, {})).json()).toMatchObject({ messages: 8 });
    expectError(await call('POST', '/v1/stats/rollup', acme, {}), 403, 'forbidden');
  });

  it('an account report by carrier: exact submitted, delivered, failed, rate and failure categories', async () => {
    const s = await summary(acme, 'groupBy=carrier');
    expect(s).toMatchObject({ period: 'day', timeZone: 'Asia/Shanghai', groupBy: 'carrier' });
    // The intake refusal (blacklisted) is not a message, so it is not counted.
    expect(s.totals).toEqual({ submitted: 6, delivered: 3, failed: 3, cancelled: 0, segments: 6, deliveryRate: 0.5 });
    expect(byKey(s)).toEqual({ cmcc: [3, 3, 0], cucc: [2, 0, 2], ctcc: [1, 0, 1] });
    expect(s.failures).toEqual([{ category: 'unknown', messages: 2 }, { category: 'carrier_rejected', messages: 1 }]);
    expect(s.buckets).toHaveLength(30);
    const today = bucketLabel(bucketStart(Date.now(), 'day', 'Asia/Shanghai'), 'day', 'Asia/Shanghai');
    expect(s.buckets.at(-1)).toBe(today);
    const cmcc = s.series.find((x) => x.key === 'cmcc')!;
    expect(cmcc.points.at(-1)).toMatchObject({ bucket: today, submitted: 3, delivered: 3, deliveryRate: 1 });
    expect(cmcc.points.slice(0, -1).every((p) => p.submitted === 0)).toBe(true);
    const months = (await call('GET', '/v1/stats/summary?period=month&groupBy=failure', acme)).json() as Summary;
    expect(months.buckets).toHaveLength(12);
    expect(byKey(months)).toEqual({ '': [3, 3, 0], unknown: [2, 0, 2], carrier_rejected: [1, 0, 1] });
  });

  it('admins group by connector and by account; accounts may not, and never see another account', async () => {
    expect(byKey(await summary(admin, 'groupBy=connector'))).toEqual({ 'sim-ok': [5, 5, 0], 'sim-bad': [2, 0, 2], 'sim-rej': [1, 0, 1] });
    expect(byKey(await summary(admin, 'groupBy=account'))).toEqual({ acme: [6, 3, 3], globex: [2, 2, 0] });
    expect(byKey(await summary(admin, 'groupBy=connector&accountId=globex'))).toEqual({ 'sim-ok': [2, 2, 0] });
    expect((await summary(globex, '')).totals).toMatchObject({ submitted: 2, delivered: 2, failed: 0 });
    expectError(await call('GET', '/v1/stats/summary?period=day&groupBy=connector', acme), 403, 'forbidden', 'groupBy');
    expectError(await call('GET', '/v1/stats/summary?period=day&groupBy=account', acme), 403, 'forbidden', 'groupBy');
    expectError(await call('GET', '/v1/stats/summary?period=day&accountId=acme', globex), 403, 'forbidden', 'accountId');
    expectError(await call('GET', '/v1/stats/summary?period=year', acme), 400, 'validation_failed');
    expectError(await call('GET', '/v1/stats/summary?period=day&timeZone=Mars/Olympus', acme), 400, 'validation_failed', 'timeZone');
    expectError(await call('GET', '/v1/stats/summary?period=day&from=2026-11-23&to=2026-11-01', acme), 400, 'validation_failed', 'from');
    expectError(await call('GET', '/v1/stats/summary?period=day&from=2000-01-01', acme), 400, 'validation_failed', 'from');
    // Without period the live dashboard answer is unchanged.
    expect(((await call('GET', '/v1/stats/summary', acme)).json() as { states: Record<string, number> }).states).toMatchObject({ delivered: 3 });
  });

  it('a date range in the report zone: a day of data, nothing the day before', async () => {
    const today = bucketLabel(bucketStart(Date.now(), 'day', 'Asia/Shanghai'), 'day', 'Asia/Shanghai');
    const s = await summary(acme, `from=${today}&to=${today}`);
    expect(s.buckets).toEqual([today]);
    expect(s.totals.submitted).toBe(6);
    const before = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await summary(acme, `from=${before}&to=${before}`)).totals.submitted).toBe(0);
  });

  it('admins edit the failure-category table; a recompute applies it; accounts may only read it', async () => {
    const read = (await call('GET', '/v1/stats/failure-categories', acme)).json() as { categories: string[]; defaults: Record<string, string> };
    expect(read.categories).toContain('powered_off');
    expect(read.defaults['DB:0144']).toBe('blacklist');
    expectError(await call('PUT', '/v1/stats/failure-categories', acme, { overrides: { UNDELIV: 'powered_off' } }), 403, 'forbidden');
    expectError(await call('PUT', '/v1/stats/failure-categories', admin, { overrides: { UNDELIV: 'sleepy' } }), 400, 'validation_failed', 'overrides');
    const put = await call('PUT', '/v1/stats/failure-categories', admin, { overrides: { undeliv: 'powered_off' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ overrides: { UNDELIV: 'powered_off' } });
    const now = Date.now();
    const run = await call('POST', '/v1/stats/rollup', admin, { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 3_600_000).toISOString() });
    expect(run.json()).toMatchObject({ messages: 8 });
    expect((await summary(acme, '')).failures).toEqual([{ category: 'powered_off', messages: 2 }, { category: 'carrier_rejected', messages: 1 }]);
    expect((await call('PUT', '/v1/stats/failure-categories', admin, { overrides: {} })).statusCode).toBe(200);
  });

  it('sent records export as CSV with the list filters, only the caller\'s own', async () => {
    const res = await call('GET', '/v1/records/sent.csv', acme);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="sent-/);
    const rows = csvRows(res.body);
    expect(rows.map((r) => r.message_id).sort()).toEqual([...acmeIds].sort());
    expect(rows.every((r) => r.account_id === 'acme' && r.text === '您的验证码是 1234')).toBe(true);
    const failed = rows.filter((r) => r.state !== 'delivered').map((r) => [r.recipient, r.state, r.failure_category, r.error_code, r.connector_id]);
    expect(failed.sort()).toEqual(
      [
        ['+8613000000001', 'undelivered', 'unknown', 'UNDELIV:001', 'sim-bad'],
        ['+8613000000002', 'undelivered', 'unknown', 'UNDELIV:001', 'sim-bad'],
        ['+8613300000001', 'failed', 'carrier_rejected', 'simulator:rejected', 'sim-rej'],
      ].sort(),
    );
    expect(csvRows((await call('GET', '/v1/records/sent.csv?state=undelivered', acme)).body)).toHaveLength(2);
    expect(csvRows((await call('GET', '/v1/records/sent.csv?to=13300000001', acme)).body).map((r) => r.state)).toEqual(['failed']);
    expect(csvRows((await call('GET', '/v1/records/sent.csv?max=2', acme)).body)).toHaveLength(2);
    const globexRows = csvRows((await call('GET', '/v1/records/sent.csv', globex)).body);
    expect(globexRows).toHaveLength(2);
    expect(globexRows.some((r) => acmeIds.includes(r.message_id))).toBe(false);
    expectError(await call('GET', '/v1/records/sent.csv?accountId=acme', globex), 403, 'forbidden', 'accountId');
    expect(csvRows((await call('GET', '/v1/records/sent.csv', admin)).body)).toHaveLength(8);
  });

  it('received records: search by number, keyword and time, CSV export, and isolation', async () => {
    const sim = platform.gateway.connectors.get('sim-ok') as SimulatorConnector;
    await sim.injectMo('+8613700000001', '10698881', '退订');
    await sim.injectMo('+8613700000002', '10698882', '=HYPERLINK("x") 你好');
    await sim.injectMo('+8613700000001', '10698883', 'Hello again');
    type Page = { items: Array<{ from: string; text: string; accountId: string; receivedAt: string }>; nextCursor: string | null };
    const list = async (token: string, q: string) => {
      const res = await call('GET', `/v1/records/received?${q}`, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Page;
    };
    const all = await pollUntil(() => list(acme, ''), (p) => p.items.length === 3, 'three MO for acme');
    expect(all.items.map((m) => m.text)).toEqual(['Hello again', '=HYPERLINK("x") 你好', '退订']);
    expect((await list(acme, 'from=13700000001')).items.map((m) => m.text)).toEqual(['Hello again', '退订']);
    expect((await list(acme, 'keyword=hello')).items.map((m) => m.text)).toEqual(['Hello again']);
    expect((await list(acme, `keyword=${encodeURIComponent('退订')}`)).items).toHaveLength(1);
    const firstAt = Date.parse(all.items[2]!.receivedAt);
    expect((await list(acme, `receivedTo=${firstAt + 1}`)).items.map((m) => m.text)).toEqual(['退订']);
    const page = await list(acme, 'limit=2');
    expect(page.items).toHaveLength(2);
    expect((await list(acme, `limit=2&cursor=${page.nextCursor}`)).items.map((m) => m.text)).toEqual(['退订']);
    expect((await list(globex, '')).items).toEqual([]);
    expectError(await call('GET', '/v1/records/received?accountId=acme', globex), 403, 'forbidden', 'accountId');
    const csv = await call('GET', '/v1/records/received.csv?from=13700000002', acme);
    const rows = csvRows(csv.body);
    // A text a spreadsheet would run as a formula is exported inert.
    expect(rows).toEqual([expect.objectContaining({ account: 'acme', from: '+8613700000002', to: '10698882', connector: 'sim-ok', text: `'=HYPERLINK("x") 你好` })]);
    expect(csvRows((await call('GET', '/v1/records/received.csv', globex)).body)).toEqual([]);
  });
});
