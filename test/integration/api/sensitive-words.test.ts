// Sensitive words over HTTP: platform list for admins, own lists for accounts (never each other's),
// 400s naming the field, /v1/content/check, and intake refusing a blocked text with the words named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createAccount, expectError } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let acme: string;
let globex: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await adminToken(platform);
  acme = await createAccount(platform, admin, { id: 'acme' });
  globex = await createAccount(platform, admin, { id: 'globex' });
});

afterAll(async () => {
  await platform?.stop();
});

const call = (method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: object) =>
  platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

describe('platform list', () => {
  it('only an admin reads and replaces it; each save bumps the version', async () => {
    expectError(await call('GET', '/v1/sensitive-words/platform', acme), 403, 'forbidden');
    expectError(await call('PUT', '/v1/sensitive-words/platform', acme, { words: ['x'] }), 403, 'forbidden');
    expect((await call('GET', '/v1/sensitive-words/platform', admin)).json()).toMatchObject({ list: 'platform', version: 0, words: [], updatedAt: null });
    const saved = await call('PUT', '/v1/sensitive-words/platform', admin, { words: [' 发票 ', '赌博', 'VPN', 'vpn'] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ list: 'platform', version: 1, words: ['发票', '赌博', 'VPN'] });
    expect((await call('GET', '/v1/sensitive-words/platform', admin)).json()).toMatchObject({ version: 1, words: ['发票', '赌博', 'VPN'] });
  });

  it('bad lists are 400s naming the field', async () => {
    const put = (body: object) => call('PUT', '/v1/sensitive-words/platform', admin, body);
    expectError(await put({ words: [''] }), 400, 'validation_failed', 'words[0]');
    expectError(await put({ words: ['ok', '   '] }), 400, 'validation_failed', 'words[1]');
    expectError(await put({ words: ['ok', '!!!'] }), 400, 'validation_failed', 'words[1]');
    expectError(await put({ words: ['x'.repeat(51)] }), 400, 'validation_failed', 'words[0]');
    expectError(await put({ words: Array.from({ length: 10_001 }, (_, i) => `w${i}`) }), 400, 'validation_failed', 'words');
    expectError(await put({ words: [{}] }), 400, 'validation_failed', 'words[0]');
    expectError(await put({}), 400, 'validation_failed', 'words');
    expectError(await put({ words: [], extra: 1 }), 400, 'validation_failed', 'extra');
    expectError(await put({ words: ['a\u0000b'] }), 400, 'validation_failed', 'words[0]');
    expect((await call('GET', '/v1/sensitive-words/platform', admin)).json()).toMatchObject({ version: 1 });
  });
});

describe('account lists', () => {
  it('each account sees and edits only its own list; an admin names the account', async () => {
    const saved = await call('PUT', '/v1/sensitive-words/account', acme, { words: ['促销', 'Casino'] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ list: 'account', accountId: 'acme', version: 1, words: ['促销', 'Casino'] });
    expect((await call('GET', '/v1/sensitive-words/account', globex)).json()).toMatchObject({ accountId: 'globex', version: 0, words: [] });
    expectError(await call('GET', '/v1/sensitive-words/account?accountId=acme', globex), 403, 'forbidden', 'accountId');
    expectError(await call('PUT', '/v1/sensitive-words/account?accountId=acme', globex, { words: [] }), 403, 'forbidden', 'accountId');
    expect((await call('GET', '/v1/sensitive-words/account?accountId=acme', admin)).json()).toMatchObject({ accountId: 'acme', words: ['促销', 'Casino'] });
    expectError(await call('GET', '/v1/sensitive-words/account', admin), 400, 'validation_failed', 'accountId');
    expectError(await call('GET', '/v1/sensitive-words/account?accountId=nobody', admin), 404, 'not_found', 'accountId');
    const byAdmin = await call('PUT', '/v1/sensitive-words/account?accountId=globex', admin, { words: ['团购'] });
    expect(byAdmin.json()).toMatchObject({ accountId: 'globex', version: 1, words: ['团购'] });
    expectError(await call('PUT', '/v1/sensitive-words/account', acme, { words: [''] }), 400, 'validation_failed', 'words[0]');
  });

  it('content check uses the platform list and the caller\'s own list only', async () => {
    const check = async (token: string, text: string, query = '') => {
      const res = await call('POST', `/v1/content/check${query}`, token, { text });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { blocked: boolean; matches: unknown[] };
    };
    expect(await check(acme, '本店促销，可开发票')).toEqual({
      blocked: true,
      matches: [
        { word: '促销', start: 2, end: 4, list: 'account' },
        { word: '发票', start: 7, end: 9, list: 'platform' },
      ],
    });
    // globex's list does not hold 促销, and acme's list does not hold 团购.
    expect(await check(globex, '本店促销')).toEqual({ blocked: false, matches: [] });
    expect(await check(acme, '团购')).toEqual({ blocked: false, matches: [] });
    expect(await check(globex, '团 购')).toMatchObject({ blocked: true, matches: [{ word: '团购', start: 0, end: 3, list: 'account' }] });
    expect(await check(admin, 'casino 发票')).toMatchObject({ matches: [{ word: '发票', list: 'platform' }] });
    expect(await check(admin, 'CASINO', '?accountId=acme')).toMatchObject({ blocked: true, matches: [{ word: 'Casino', start: 0, end: 6, list: 'account' }] });
    expectError(await call('POST', '/v1/content/check', acme, {}), 400, 'validation_failed', 'text');
    expectError(await call('POST', '/v1/content/check?accountId=globex', acme, { text: 'x' }), 403, 'forbidden', 'accountId');
  });
});

describe('intake', () => {
  it('refuses a blocked text with 422 content_blocked naming the words, and accepts a clean one', async () => {
    const blocked = await call('POST', '/v1/messages', acme, { to: ['13800138000', '13900139000'], text: '代开发票，VPN 促销' });
    const error = expectError(blocked, 422, 'content_blocked', 'text') as { details?: unknown };
    expect(error.details).toEqual([
      { word: '发票', start: 2, end: 4, list: 'platform' },
      { word: 'VPN', start: 5, end: 8, list: 'platform' },
      { word: '促销', start: 9, end: 11, list: 'account' },
    ]);
    const body = blocked.json() as { messages: Array<{ status: string; error: { code: string } }> };
    expect(body.messages.map((m) => [m.status, m.error.code])).toEqual([
      ['rejected', 'content_blocked'],
      ['rejected', 'content_blocked'],
    ]);
    const clean = await call('POST', '/v1/messages', acme, { to: '13800138000', text: 'Your code is 4711' });
    expect(clean.statusCode, clean.body).toBe(202);
    // Another account's words do not block acme.
    expect((await call('POST', '/v1/messages', acme, { to: '13800138000', text: '团购' })).statusCode).toBe(202);
  });

  it('applies an edit at once and lifts a block when the word is removed', async () => {
    expect((await call('POST', '/v1/messages', globex, { to: '13800138000', text: 'weekend sale' })).statusCode).toBe(202);
    await call('PUT', '/v1/sensitive-words/account', globex, { words: ['sale'] });
    expectError(await call('POST', '/v1/messages', globex, { to: '13800138000', text: 'weekend SALE' }), 422, 'content_blocked', 'text');
    await call('PUT', '/v1/sensitive-words/account', globex, { words: [] });
    expect((await call('POST', '/v1/messages', globex, { to: '13800138000', text: 'weekend SALE' })).statusCode).toBe(202);
  });

  it('a batch names each blocked item', async () => {
    const res = await call('POST', '/v1/messages/batch', acme, { messages: [{ to: '13800138000', text: 'hello' }, { to: '13800138000', text: '开发票' }] });
    expect(res.statusCode, res.body).toBe(202);
    const items = (res.json() as { messages: Array<{ status: string; error?: { code: string; details?: unknown[] } }> }).messages;
    expect(items[0].status).toBe('accepted');
    expect(items[1]).toMatchObject({ status: 'rejected', error: { code: 'content_blocked', details: [{ word: '发票', start: 1, end: 3, list: 'platform' }] } });
  });
});
