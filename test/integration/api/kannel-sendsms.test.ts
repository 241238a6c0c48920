// Kannel-compatible /cgi-bin/sendsms against the real platform (SQLite, fast simulator): replies in
// Kannel's words, texts decoded per coding/charset, SMPP credentials as the login, and dlr-url
// called with its escapes filled when the message is delivered.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/core/auth/secrets.ts';
import { adminToken, bearer, createAccount, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform, type TestStoreKind } from '../../support/platform.ts';

interface Listed {
  id: string;
  to: string;
  from: string | null;
  text: string;
  state: string;
  tag: string | null;
  priority: string;
  scheduledAt: string | null;
}

let platform: TestPlatform;
let dlrServer: Server;
let dlrBase: string;
const dlrCalls: string[] = [];
/** Paths whose first answers are errors, to see the outbox retry a dlr-url. */
const failFirst = new Map<string, number>();
const keys: Record<string, string> = {};

async function addSmppLogin(accountId: string, systemId: string, password: string): Promise<void> {
  await platform.store.credentials.upsert({ id: `smpp-${systemId}`, accountId, kind: 'smpp', identifier: systemId, secretHash: await hashPassword(password), scope: 'account', maxBinds: 4, ipAllowlist: [], createdAt: Date.now() });
}

function sendsms(query: string, method: 'GET' | 'POST' = 'GET') {
  if (method === 'GET') return platform.http.inject({ method, url: `/cgi-bin/sendsms?${query}` });
  return platform.http.inject({ method, url: '/cgi-bin/sendsms', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: query });
}

async function messagesTo(account: string, to: string): Promise<Listed[]> {
  const res = await platform.http.inject({ method: 'GET', url: `/v1/messages?to=${encodeURIComponent(to)}`, headers: bearer(keys[account]) });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Listed[] }).items;
}

beforeAll(async () => {
  dlrServer = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const failures = failFirst.get(path) ?? 0;
    if (failures > 0) failFirst.set(path, failures - 1);
    dlrCalls.push(req.url ?? '');
    res.writeHead(failures > 0 ? 503 : 200).end(failures > 0 ? 'later' : 'ok');
  });
  await new Promise<void>((resolve) => dlrServer.listen(0, '127.0.0.1', resolve));
  dlrBase = `http://127.0.0.1:${(dlrServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => dlrServer?.close(resolve));
});

/** A platform on `store` with two simulators (always delivered, always undelivered), three accounts and their SMPP logins. */
async function startKannelPlatform(store: TestStoreKind): Promise<void> {
  platform = await startTestPlatform({}, { store });
  const admin = await adminToken(platform);
  const sim = await platform.http.inject({
    method: 'POST',
    url: '/v1/connectors',
    headers: bearer(admin),
    payload: { id: 'simk', type: 'simulator', name: 'Fast simulator', settings: { receiptDelayMs: 30, outcomes: { delivered: 1 } } },
  });
  expect(sim.statusCode, sim.body).toBe(201);
  const failing = await platform.http.inject({
    method: 'POST',
    url: '/v1/connectors',
    headers: bearer(admin),
    payload: { id: 'simf', type: 'simulator', name: 'Failing simulator', settings: { receiptDelayMs: 30, outcomes: { undelivered: 1 } } },
  });
  expect(failing.statusCode, failing.body).toBe(201);
  keys.kanfail = await createAccount(platform, admin, { id: 'kanfail' });
  const failRoute = await platform.http.inject({ method: 'POST', url: '/v1/routes', headers: bearer(admin), payload: { id: 'to-simf', name: 'failing', position: 5, filters: { accounts: ['kanfail'] }, connectors: ['simf'] } });
  expect(failRoute.statusCode, failRoute.body).toBe(201);
  await addSmppLogin('kanfail', 'failuser', 'failpass');
  keys.kan = await createAccount(platform, admin, { id: 'kan' });
  keys.other = await createAccount(platform, admin, { id: 'other' });
  const route = await platform.http.inject({ method: 'POST', url: '/v1/routes', headers: bearer(admin), payload: { id: 'to-simk', name: 'kannel tests', position: 10, filters: { accounts: ['kan', 'other'] }, connectors: ['simk'] } });
  expect(route.statusCode, route.body).toBe(201);
  await addSmppLogin('kan', 'kanuser', 'kanpass');
  await addSmppLogin('other', 'otheruser', 'otherpass');
  await pollUntil(async () => platform.gateway.connectors.get('simk')?.stats().state, (s) => s === 'up', 'simk to come up');
  await pollUntil(async () => platform.gateway.connectors.get('simf')?.stats().state, (s) => s === 'up', 'simf to come up');
}

describe.each(['sqlite', 'postgres'] as const)('GET/POST /cgi-bin/sendsms on %s', (store) => {
  beforeAll(() => startKannelPlatform(store));
  afterAll(() => platform?.stop());

  it('accepts a message with Kannel reply and stores the UTF-8 text (default for coding 0)', async () => {
    const res = await sendsms('username=kanuser&password=kanpass&from=KAN&to=13800138001&text=Hello+%E4%BD%A0%E5%A5%BD');
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe('0: Accepted for delivery');
    const [m] = await messagesTo('kan', '13800138001');
    expect(m.text).toBe('Hello 你好');
    expect(m.from).toBe('KAN');
  });

  it.each([
    ['charset=ISO-8859-1', 'text=%E9t%E9', '13800138002', 'été'],
    ['coding=1', 'text=%C4rger', '13800138003', 'Ärger'],
    ['coding=2', 'text=%4F%60%59%7D', '13800138004', '你好'],
    ['coding=2&charset=UTF-8', 'text=%E4%BD%A0', '13800138005', '你'],
    ['charset=UTF-16BE', 'text=%00h%00i', '13800138006', 'hi'],
    ['coding=-1&mclass=-1&dlr-mask=-1&validity=-1', 'text=unset', '13800138008', 'unset'],
  ])('decodes %s %s', async (options, text, to, expected) => {
    const res = await sendsms(`username=kanuser&password=kanpass&to=${to}&${options}&${text}`);
    expect(res.statusCode, res.body).toBe(202);
    const [m] = await messagesTo('kan', to);
    expect(m.text).toBe(expected);
  });

  it('takes form-encoded POST bodies as well', async () => {
    const res = await sendsms('user=kanuser&pass=kanpass&to=13800138007&text=posted', 'POST');
    expect(res.statusCode, res.body).toBe(202);
    expect((await messagesTo('kan', '13800138007'))[0].text).toBe('posted');
  });

  it('sends to several receivers separated by spaces ("+" in a query) with the multi-cast reply', async () => {
    const res = await sendsms('username=kanuser&password=kanpass&to=13800138011+13800138012%2013800138013&text=all');
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe('Sent.');
    for (const to of ['13800138011', '13800138012', '13800138013']) expect((await messagesTo('kan', to)).length).toBe(1);
  });

  it('names the receivers it refused among several', async () => {
    const res = await sendsms('username=kanuser&password=kanpass&to=13800138014+abc&text=some');
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe('Sent. Denied receivers are: abc');
  });

  it('maps validity, deferred, priority and smsc (route tag)', async () => {
    const res = await sendsms('username=kanuser&password=kanpass&to=13800138020&text=later&validity=90&deferred=60&priority=3&smsc=vip');
    expect(res.statusCode, res.body).toBe(202);
    const [m] = await messagesTo('kan', '13800138020');
    expect(m.state).toBe('scheduled');
    expect(m.priority).toBe('urgent');
    expect(m.tag).toBe('vip');
    expect(Date.parse(m.scheduledAt!) - Date.now()).toBeGreaterThan(58 * 60_000);
  });

  it.each([
    ['username=kanuser&password=wrong&to=13800138030&text=x'],
    ['username=nobody&password=kanpass&to=13800138030&text=x'],
    ['to=13800138030&text=x'],
    ['username=kanuser&to=13800138030&text=x'],
  ])('refuses bad credentials with 403 (%s)', async (query) => {
    const res = await sendsms(query);
    expect(res.statusCode).toBe(403);
    expect(res.body).toBe('Authorization failed for sendsms');
  });

  it.each([
    ['text=x', 'Missing receiver number, rejected (to)'],
    ['to=&text=x', 'Empty receiver number not allowed, rejected (to)'],
    ['to=13800138031', 'Empty text not allowed, rejected.'],
    ['to=13800138031&text=x&coding=3', 'Coding field misformed, rejected'],
    ['to=13800138031&text=x&charset=NOPE-1', 'Charset or body misformed, rejected (charset)'],
    ['to=13800138031&text=%FF%FE&charset=UTF-8', 'Charset or body misformed, rejected (text)'],
    ['to=13800138031&text=x&validity=abc', 'Validity field misformed, rejected'],
    ['to=13800138031&text=x&deferred=-5', 'Deferred field misformed, rejected'],
    ['to=13800138031&text=x&priority=9', 'Priority field misformed, rejected'],
    ['to=13800138031&text=x&mclass=7', 'MClass field misformed, rejected'],
    ['to=13800138031&text=x&alt-dcs=2', 'Alt-DCS field misformed, rejected'],
    ['to=13800138031&text=x&dlr-mask=64', 'DLR-Mask field misformed, rejected'],
    ['to=13800138031&text=x&dlr-mask=1&dlr-url=ftp://x', 'DLR-URL field misformed, rejected'],
    ['to=13800138031&text=x&udh=%05%00%03', 'UDH field misformed, rejected'],
    ['to=13800138031&text=x&udh=%05%00%03%01%02%01', 'UDH field not supported, rejected'],
  ])('rejects %s with 400 naming the parameter', async (query, reply) => {
    const res = await sendsms(`username=kanuser&password=kanpass&${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toBe(reply);
  });

  it('rejects a single invalid receiver naming to', async () => {
    const res = await sendsms('username=kanuser&password=kanpass&to=abc&text=x');
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/^Receiver abc rejected: .+ \(to\)$/);
  });

  it('passes intake refusals on naming the Kannel parameter', async () => {
    const badFrom = await sendsms('username=kanuser&password=kanpass&to=13800138032&text=x&from=%3C%3E');
    expect(badFrom.statusCode).toBe(400);
    expect(badFrom.body).toMatch(/, rejected \(from\)$/);
    const long = await sendsms(`username=kanuser&password=kanpass&to=13800138032&text=${'x'.repeat(5000)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toMatch(/, rejected \(text\)$/);
    const words = await platform.http.inject({ method: 'PUT', url: '/v1/sensitive-words/account', headers: bearer(keys.kan), payload: { words: ['发票'] } });
    expect(words.statusCode, words.body).toBe(200);
    const blocked = await sendsms(`username=kanuser&password=kanpass&to=13800138032+13800138033&text=${encodeURIComponent('代开发票')}`);
    expect(blocked.statusCode).toBe(400);
    expect(blocked.body).toMatch(/发票, rejected \(text\)$/);
    await platform.http.inject({ method: 'PUT', url: '/v1/sensitive-words/account', headers: bearer(keys.kan), payload: { words: [] } });
    expect(await messagesTo('kan', '13800138032')).toEqual([]);
  });

  it('is in the OpenAPI document, without the Bearer requirement', async () => {
    const doc = (await platform.http.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(doc.paths['/cgi-bin/sendsms'].get.security).toEqual([]);
    expect(doc.paths['/cgi-bin/sendsms'].post.security).toEqual([]);
  });

  it('sends nothing on HEAD', async () => {
    const res = await platform.http.inject({ method: 'HEAD', url: '/cgi-bin/sendsms?username=kanuser&password=kanpass&to=13800138033&text=x' });
    expect(res.statusCode).toBe(404);
    expect(await messagesTo('kan', '13800138033')).toEqual([]);
  });

  it("one account's credentials send as that account only", async () => {
    const res = await sendsms('username=otheruser&password=otherpass&to=13800138040&text=mine');
    expect(res.statusCode).toBe(202);
    expect(await messagesTo('kan', '13800138040')).toEqual([]);
    expect((await messagesTo('other', '13800138040')).length).toBe(1);
    // Another account's password does not open this login.
    const crossed = await sendsms('username=kanuser&password=otherpass&to=13800138041&text=x');
    expect(crossed.statusCode).toBe(403);
    expect(await messagesTo('kan', '13800138041')).toEqual([]);
  });

  it('calls dlr-url with the escapes filled when the message is delivered', async () => {
    const template = `${dlrBase}/dlr?v=%d&to=%p&from=%P&id=%I&ts=%T&ans=%A&fail=%F&kw=%k&smsc=%i&pct=%%&raw=%20`;
    const res = await sendsms(`username=kanuser&password=kanpass&from=KAN&to=13800138050&text=dlr&dlr-mask=3&dlr-url=${encodeURIComponent(template)}`);
    expect(res.statusCode, res.body).toBe(202);
    const [m] = await messagesTo('kan', '13800138050');
    const calls = await pollUntil(async () => dlrCalls.filter((c) => c.includes(`id=${m.id}`)), (c) => c.length > 0, 'the dlr-url to be called');
    const params = new URL(calls[0], dlrBase).searchParams;
    expect(params.get('v')).toBe('1');
    expect(params.get('to')).toBe(m.to);
    expect(params.get('from')).toBe('KAN');
    expect(Number(params.get('ts'))).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(params.get('ans')).not.toBe('');
    expect(params.get('fail')).toBe('');
    expect(params.get('kw')).toBe('');
    expect(params.get('smsc')).toBe('simk');
    expect(calls[0]).toContain('pct=%&raw=%20');
  });

  it('does not call dlr-url when the mask does not ask for the state', async () => {
    const template = `${dlrBase}/dlr-failed-only?id=%I`;
    const res = await sendsms(`username=kanuser&password=kanpass&to=13800138051&text=dlr&dlr-mask=2&dlr-url=${encodeURIComponent(template)}`);
    expect(res.statusCode).toBe(202);
    const [m] = await messagesTo('kan', '13800138051');
    await pollUntil(async () => (await messagesTo('kan', '13800138051'))[0].state, (s) => s === 'delivered', 'delivery');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dlrCalls.filter((c) => c.includes(m.id))).toEqual([]);
  });

  it('reports a failure as 2 with the failure code, and retries a dlr-url that answered an error', async () => {
    failFirst.set('/dlr-fail', 1);
    const template = `${dlrBase}/dlr-fail?v=%d&id=%I&F=%F`;
    const res = await sendsms(`username=failuser&password=failpass&to=13800138060&text=nope&dlr-mask=3&dlr-url=${encodeURIComponent(template)}`);
    expect(res.statusCode, res.body).toBe(202);
    const [m] = await messagesTo('kanfail', '13800138060');
    const calls = await pollUntil(async () => dlrCalls.filter((c) => c.includes(`id=${m.id}`)), (c) => c.length >= 2, 'the dlr-url to be retried', 15_000);
    expect(calls[0]).toBe(calls[1]);
    const params = new URL(calls[1], dlrBase).searchParams;
    expect(params.get('v')).toBe('2');
    expect(params.get('F')).not.toBe('');
  });
});
