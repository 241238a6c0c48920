// Tenant isolation on EVERY route of the app: the routes are read from the OpenAPI document, and each
// must be listed below saying how account B is kept away from account A's data. For each route B's key
// (full 'manage' scope) is refused ?accountId=<A>, routes addressing one object answer 404/403 for A's
// object, admin routes answer 403, lists answer without A's data — and a route missing from the table
// fails the test, so a new endpoint cannot slip through unreviewed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createAccount } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

/** What account A owns, made through the API before the checks run. */
interface AData {
  messageId: string;
  username: string;
  keyId: string;
  campaignId: string;
  signatureId: string;
  templateId: string;
  phraseId: string;
  contactId: string;
  groupId: string;
  importId: string;
  cloudKeyId: string;
}

type Rule =
  /** Reachable without an API token (it authenticates otherwise or shows nothing of an account). */
  | { public: string }
  /** Platform administration: B gets 403. `body`/`query` make the request valid enough to reach the check. */
  | { admin: true; body?: object; query?: string }
  /** Works on the caller's own account only (lists must not show A's data). */
  | { own: true; body?: object; query?: string; path?: string }
  /** Platform-wide reference data, the same for every account. */
  | { shared: string }
  /** Addresses one object by its id: with A's id, B gets 404 (or 403). */
  | { ofA: (a: AData) => string; body?: object };

const ROUTES: Record<string, Rule> = {
  'POST /v1/auth/login': { public: 'signs in with a username and password' },
  'GET /v1/me': { own: true },
  'POST /v1/auth/password': { own: true, body: { currentPassword: 'x', newPassword: 'password-x' } },
  'GET /v1/users': { own: true },
  'POST /v1/users': { own: true },
  'GET /v1/users/{username}': { ofA: (a) => a.username },
  'PATCH /v1/users/{username}': { ofA: (a) => a.username, body: { role: 'viewer' } },
  'POST /v1/users/{username}/password': { ofA: (a) => a.username, body: { password: 'hijacked-pw' } },
  'GET /v1/api-keys': { own: true },
  'POST /v1/api-keys': { own: true },
  'GET /v1/api-keys/{id}': { ofA: (a) => a.keyId },
  'DELETE /v1/api-keys/{id}': { ofA: (a) => a.keyId },
  'GET /v1/accounts/{id}/sub-accounts': { ofA: () => 'acme' },
  'POST /v1/accounts/{id}/sub-accounts': { ofA: () => 'acme', body: { id: 'evil-dept', name: 'evil' } },
  'GET /v1/audit': { own: true },
  'POST /v1/messages': { own: true },
  'GET /v1/messages': { own: true },
  'POST /v1/messages/batch': { own: true },
  'POST /v1/messages/preview': { shared: 'computes encoding and segments of the text given' },
  'GET /v1/messages/{id}': { ofA: (a) => a.messageId },
  'DELETE /v1/messages/{id}': { ofA: (a) => a.messageId },
  'GET /v1/mo': { own: true },
  'GET /v1/connectors': { admin: true },
  'POST /v1/connectors': { admin: true },
  'PUT /v1/connectors/{id}': { admin: true },
  'DELETE /v1/connectors/{id}': { admin: true },
  'GET /v1/routes': { admin: true },
  'POST /v1/routes': { admin: true },
  'PUT /v1/routes/{id}': { admin: true },
  'DELETE /v1/routes/{id}': { admin: true },
  'POST /v1/routes/explain': { admin: true },
  'GET /v1/mo-routes': { admin: true },
  'POST /v1/mo-routes': { admin: true },
  'DELETE /v1/mo-routes/{id}': { admin: true },
  'GET /v1/accounts': { admin: true },
  'POST /v1/accounts': { admin: true },
  'GET /v1/numbers/{number}/carrier': { shared: 'carrier attribution of a number' },
  'GET /v1/carriers/segments': { admin: true },
  'PUT /v1/carriers/segments': { admin: true },
  'GET /v1/carriers/overrides': { admin: true },
  'PUT /v1/carriers/overrides/{number}': { admin: true },
  'DELETE /v1/carriers/overrides/{number}': { admin: true },
  'GET /v1/sensitive-words/platform': { admin: true },
  'PUT /v1/sensitive-words/platform': { admin: true, body: { words: ['x'] } },
  'GET /v1/sensitive-words/account': { own: true },
  'PUT /v1/sensitive-words/account': { own: true },
  'POST /v1/content/check': { own: true, body: { text: 'hello' } },
  'GET /v1/blacklist/platform': { admin: true },
  'POST /v1/blacklist/platform': { admin: true, body: { number: '13800000001' } },
  'DELETE /v1/blacklist/platform': { admin: true, query: 'number=13800000001' },
  'GET /v1/blacklist': { own: true },
  'POST /v1/blacklist': { own: true },
  'DELETE /v1/blacklist': { own: true },
  'GET /v1/stats/summary': { own: true },
  'GET /v1/stats/throughput': { shared: 'platform-wide message rate, no account data' },
  'POST /v1/campaigns': { own: true, body: { name: 'x', text: 'x' } },
  'GET /v1/campaigns': { own: true },
  'GET /v1/campaigns/{id}': { ofA: (a) => a.campaignId },
  'DELETE /v1/campaigns/{id}': { ofA: (a) => a.campaignId },
  'POST /v1/campaigns/{id}/recipients': { ofA: (a) => a.campaignId, body: { recipients: ['13800000002'] } },
  'POST /v1/campaigns/{id}/start': { ofA: (a) => a.campaignId },
  'POST /v1/campaigns/{id}/pause': { ofA: (a) => a.campaignId },
  'POST /v1/campaigns/{id}/resume': { ofA: (a) => a.campaignId },
  'POST /v1/campaigns/{id}/cancel': { ofA: (a) => a.campaignId },
  'GET /v1/campaigns/{id}/runs/{runId}/report': { ofA: (a) => a.campaignId },
  'GET /v1/signatures': { own: true },
  'POST /v1/signatures': { own: true, body: { name: '乙方科技' } },
  'GET /v1/signatures/{id}': { ofA: (a) => a.signatureId },
  'PATCH /v1/signatures/{id}': { ofA: (a) => a.signatureId, body: { remark: 'x' } },
  'DELETE /v1/signatures/{id}': { ofA: (a) => a.signatureId },
  'POST /v1/signatures/{id}/review': { admin: true, body: { decision: 'approve' } },
  'GET /v1/templates': { own: true },
  'POST /v1/templates': { own: true, body: { name: 'x', category: 'notification', body: '您的订单已发货' } },
  'POST /v1/templates/check': { shared: 'checks a body against the content rules, nothing stored' },
  'POST /v1/templates/preview': { own: true, body: { category: 'notification', body: '您的订单已发货' } },
  'GET /v1/templates/settings': { own: true },
  'PUT /v1/templates/settings': { own: true, body: { optOutText: '回T退订' } },
  'GET /v1/templates/{id}': { ofA: (a) => a.templateId },
  'PATCH /v1/templates/{id}': { ofA: (a) => a.templateId, body: { name: 'hijacked' } },
  'DELETE /v1/templates/{id}': { ofA: (a) => a.templateId },
  'POST /v1/templates/{id}/review': { admin: true, body: { decision: 'approve' } },
  'POST /v1/templates/{id}/preview': { ofA: (a) => a.templateId, body: {} },
  'GET /v1/phrases': { own: true },
  'POST /v1/phrases': { own: true, body: { text: 'x' } },
  'PATCH /v1/phrases/{id}': { ofA: (a) => a.phraseId, body: { text: 'hijacked' } },
  'DELETE /v1/phrases/{id}': { ofA: (a) => a.phraseId },
  'GET /v1/contacts': { own: true },
  'POST /v1/contacts': { own: true, body: { number: '13800000003' } },
  'GET /v1/contacts/export': { own: true },
  'POST /v1/contacts/delete': { own: true, body: { ids: ['1'] } },
  'GET /v1/contacts/{id}': { ofA: (a) => a.contactId },
  'PATCH /v1/contacts/{id}': { ofA: (a) => a.contactId, body: { name: 'hijacked' } },
  'DELETE /v1/contacts/{id}': { ofA: (a) => a.contactId },
  'GET /v1/contact-groups': { own: true },
  'POST /v1/contact-groups': { own: true, body: { name: 'x' } },
  'GET /v1/contact-groups/{id}': { ofA: (a) => a.groupId },
  'PATCH /v1/contact-groups/{id}': { ofA: (a) => a.groupId, body: { name: 'hijacked' } },
  'DELETE /v1/contact-groups/{id}': { ofA: (a) => a.groupId },
  'GET /v1/contact-groups/{id}/members': { ofA: (a) => a.groupId },
  'POST /v1/contact-groups/{id}/members': { ofA: (a) => a.groupId, body: { contactIds: ['1'] } },
  'POST /v1/contact-groups/{id}/members/remove': { ofA: (a) => a.groupId, body: { contactIds: ['1'] } },
  'POST /v1/contacts/imports': { own: true },
  'GET /v1/contacts/imports': { own: true },
  'GET /v1/contacts/imports/{id}': { ofA: (a) => a.importId },
  'DELETE /v1/contacts/imports/{id}': { ofA: (a) => a.importId },
  'GET /v1/contacts/imports/{id}/errors': { ofA: (a) => a.importId },
  'POST /v1/accounts/{id}/ledger': { admin: true, body: { amount: 10_000, kind: 'topup' } },
  'GET /v1/accounts/{id}/prices': { admin: true },
  'POST /v1/accounts/{id}/prices': { admin: true },
  'DELETE /v1/accounts/{id}/prices/{priceId}': { admin: true },
  'PUT /v1/accounts/{id}/billing': { admin: true },
  'GET /v1/balance': { own: true },
  'GET /v1/ledger': { own: true },
  'POST /v1/quote': { own: true, body: { to: ['13800000001'], text: 'x' } },
  'GET /v1/statements/{month}': { own: true, path: '/v1/statements/2026-11' },
  'GET /v1/cdr.csv': { own: true, query: 'from=2020-01-01&to=2030-01-01' },
  'GET /v1/compliance/frequency-rules/platform': { admin: true },
  'PUT /v1/compliance/frequency-rules/platform': { admin: true, body: { rules: null } },
  'GET /v1/compliance/frequency-rules': { own: true },
  'PUT /v1/compliance/frequency-rules': { own: true, body: { rules: null } },
  'GET /v1/compliance/whitelist': { own: true },
  'POST /v1/compliance/whitelist': { own: true, body: { number: '13800000001' } },
  'DELETE /v1/compliance/whitelist': { own: true, query: 'number=13800000001' },
  'GET /v1/compliance/sending-hours/platform': { admin: true },
  'PUT /v1/compliance/sending-hours/platform': { admin: true, body: { hours: null } },
  'GET /v1/compliance/sending-hours': { own: true },
  'PUT /v1/compliance/sending-hours': { own: true, body: { hours: null } },
  'GET /v1/compliance/consent-policy': { own: true },
  'PUT /v1/compliance/consent-policy': { own: true, body: { requireMarketingConsent: false } },
  'POST /v1/consents': { own: true, body: { number: '13800000001', status: 'granted', source: 'web' } },
  'GET /v1/consents': { own: true },
  'GET /v1/consents/{number}': { own: true, path: '/v1/consents/13800000009' },
  'GET /v1/stats/failure-categories': { shared: 'the platform failure-category table, no account data' },
  'PUT /v1/stats/failure-categories': { admin: true, body: { overrides: {} } },
  'POST /v1/stats/rollup': { admin: true, body: {} },
  'GET /v1/records/sent.csv': { own: true },
  'GET /v1/records/received': { own: true },
  'GET /v1/records/received.csv': { own: true },
  'GET /healthz': { public: 'liveness' },
  'GET /metrics': { public: 'Prometheus metrics' },
  'GET /cgi-bin/sendsms': { public: "Kannel-style: signs in with the account's own username and password" },
  'POST /cgi-bin/sendsms': { public: "Kannel-style: signs in with the account's own username and password" },
  'GET /v1/callback-format': { own: true },
  'PUT /v1/callback-format': { own: true, body: { format: 'auto' } },
  'GET /v1/cloud-keys': { own: true },
  'POST /v1/cloud-keys': { own: true, body: {} },
  'DELETE /v1/cloud-keys/{id}': { ofA: (a) => a.cloudKeyId },
  'POST /v1/accounts/{id}/cloud-keys': { admin: true, body: {} },
  'GET /aliyun': { public: "Aliyun-style: signed with the account's own cloud key, scoped to that account" },
  'POST /aliyun': { public: "Aliyun-style: signed with the account's own cloud key, scoped to that account" },
  'GET /aliyun/': { public: "Aliyun-style: signed with the account's own cloud key, scoped to that account" },
  'POST /aliyun/': { public: "Aliyun-style: signed with the account's own cloud key, scoped to that account" },
  'POST /': { public: "Aliyun- or Tencent-style at the root, as their SDKs send it: signed with the account's own cloud key" },
  'POST /tencent': { public: "Tencent-style: signed with the account's own cloud key, scoped to that account" },
  'POST /tencent/': { public: "Tencent-style: signed with the account's own cloud key, scoped to that account" },
  'GET /v1/admin/backups': { admin: true },
  'POST /v1/admin/backups': { admin: true },
  'GET /v1/admin/backups/{name}': { admin: true },
  'POST /v1/admin/backups/{name}/link': { admin: true },
  'POST /v1/admin/backups/{name}/restore': { admin: true },
  'GET /v1/admin/restore': { admin: true },
  'POST /v1/admin/restore': { admin: true },
  'DELETE /v1/admin/restore': { admin: true },
  'GET /downloads/backups/{ticket}': { public: 'a one-time link an administrator asked for; unknown, used or expired tickets are 404' },
};

// Strings only A's data contains: no answer to B may include one.
const A_NUMBER = '+8613900000777';
const A_WORD = '甲方专用敏感词';
const A_TEXT = '甲方的秘密通知';

let platform: TestPlatform;
let admin: string;
let aKey: string;
let bKey: string;
let a: AData;
let operations: Array<{ method: string; path: string }>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const call = (method: string, url: string, token: string, payload?: object) =>
  platform.http.inject({ method: method as Method, url, headers: bearer(token), ...(payload && method !== 'GET' && method !== 'DELETE' ? { payload } : {}) });

function fill(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
}
const withQuery = (url: string, query: string) => (query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url);

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await adminToken(platform);
  aKey = await createAccount(platform, admin, { id: 'acme' });
  bKey = await createAccount(platform, admin, { id: 'globex' });
  const sent = await call('POST', '/v1/messages', aKey, { to: ['13800138000'], text: A_TEXT });
  expect(sent.statusCode, sent.body).toBe(202);
  const user = await call('POST', '/v1/users', aKey, { username: 'acme-user', password: 'password-1', role: 'operator' });
  expect(user.statusCode, user.body).toBe(201);
  const key = await call('POST', '/v1/api-keys', aKey, { scope: 'read', name: 'acme reports' });
  expect(key.statusCode, key.body).toBe(201);
  expect((await call('POST', '/v1/blacklist', aKey, { number: A_NUMBER })).statusCode).toBe(201);
  expect((await call('PUT', '/v1/sensitive-words/account', aKey, { words: [A_WORD] })).statusCode).toBe(200);
  const campaign = await call('POST', '/v1/campaigns', aKey, { name: A_TEXT, text: A_TEXT, recipients: ['13800138000'] });
  expect(campaign.statusCode, campaign.body).toBe(201);
  const signature = await call('POST', '/v1/signatures', aKey, { name: '甲方科技' });
  expect(signature.statusCode, signature.body).toBe(201);
  const template = await call('POST', '/v1/templates', aKey, { name: A_TEXT, category: 'notification', body: `${A_TEXT}，订单\${order}已发货` });
  expect(template.statusCode, template.body).toBe(201);
  const phrase = await call('POST', '/v1/phrases', aKey, { text: A_TEXT });
  expect(phrase.statusCode, phrase.body).toBe(201);
  const contact = await call('POST', '/v1/contacts', aKey, { number: A_NUMBER, name: A_TEXT });
  expect(contact.statusCode, contact.body).toBe(201);
  const group = await call('POST', '/v1/contact-groups', aKey, { name: A_TEXT });
  expect(group.statusCode, group.body).toBe(201);
  const upload = await platform.http.inject({ method: 'POST', url: '/v1/contacts/imports?format=csv', headers: { ...bearer(aKey), 'content-type': 'text/csv' }, payload: `mobile,name\n13900000888,${A_TEXT}\n` });
  expect(upload.statusCode, upload.body).toBe(202);
  const cloudKey = await call('POST', '/v1/cloud-keys', aKey, { name: A_TEXT });
  expect(cloudKey.statusCode, cloudKey.body).toBe(201);
  a = {
    cloudKeyId: (cloudKey.json() as { id: string }).id,
    contactId: (contact.json() as { id: string }).id,
    groupId: (group.json() as { id: string }).id,
    importId: (upload.json() as { id: string }).id,
    signatureId: (signature.json() as { id: string }).id,
    templateId: (template.json() as { id: string }).id,
    phraseId: (phrase.json() as { id: string }).id,
    messageId: (sent.json() as { messages: Array<{ id: string }> }).messages[0].id,
    username: 'acme-user',
    keyId: (key.json() as { id: string }).id,
    campaignId: (campaign.json() as { id: string }).id,
  };

  const doc = (await platform.http.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
});

afterAll(() => platform?.stop());

describe('tenant isolation on every route', () => {
  it('every route of the app is in the table (and the table lists no route that is gone)', () => {
    const known = new Set(operations.map((o) => `${o.method} ${o.path}`));
    const missing = [...known].filter((k) => !(k in ROUTES));
    expect(
      missing,
      `routes not covered by the tenant-isolation test: ${missing.join(', ')} — add each to ROUTES in test/integration/api/tenant-isolation.test.ts saying how another account is kept out (own / ofA / admin / shared / public)`,
    ).toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !known.has(k)), 'ROUTES lists routes the app no longer has').toEqual([]);
  });

  // First, before B's own attempts below put A's ids into B's audit log as what B asked for.
  it("reads of B's own account show nothing of A's", async () => {
    const markers = [a.messageId, a.username, a.keyId, A_NUMBER, A_WORD, A_TEXT, 'acme'];
    const leaks: string[] = [];
    for (const { method, path } of operations) {
      const rule = ROUTES[`${method} ${path}`];
      if (method !== 'GET' || !rule || !('own' in rule)) continue;
      const res = await call(method, withQuery(rule.path ?? path, rule.query ?? ''), bKey);
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(200);
      for (const m of markers) if (res.body.includes(m)) leaks.push(`${method} ${path} shows ${m}`);
    }
    expect(leaks).toEqual([]);
  });

  it("(a) every authenticated route refuses ?accountId=<A> to B's key with 403", async () => {
    const wrong: string[] = [];
    for (const { method, path } of operations) {
      const rule = ROUTES[`${method} ${path}`];
      if (!rule || 'public' in rule) continue;
      const url = withQuery(fill(path, 'x'), 'accountId=acme');
      const res = await call(method, url, bKey, 'body' in rule ? rule.body : {});
      if (res.statusCode !== 403) wrong.push(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("(b) routes addressing one object answer 404/403 to B for A's object", async () => {
    const wrong: string[] = [];
    for (const { method, path } of operations) {
      const rule = ROUTES[`${method} ${path}`];
      if (!rule || !('ofA' in rule)) continue;
      const url = fill(path, rule.ofA(a));
      const res = await call(method, url, bKey, rule.body ?? {});
      if (res.statusCode !== 404 && res.statusCode !== 403) wrong.push(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('admin routes answer 403 to an account key', async () => {
    const wrong: string[] = [];
    for (const { method, path } of operations) {
      const rule = ROUTES[`${method} ${path}`];
      if (!rule || !('admin' in rule)) continue;
      const url = withQuery(fill(path, 'x'), rule.query ?? '');
      const res = await call(method, url, bKey, rule.body ?? {});
      if (res.statusCode !== 403) wrong.push(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("after all of B's attempts A's data is unchanged", async () => {
    expect((await call('GET', `/v1/messages/${a.messageId}`, aKey)).statusCode).toBe(200);
    expect((await call('GET', '/v1/users/acme-user', aKey)).json()).toMatchObject({ role: 'operator', disabled: false });
    expect((await call('GET', `/v1/api-keys/${a.keyId}`, aKey)).statusCode).toBe(200);
    expect((await call('GET', `/v1/contacts/${a.contactId}`, aKey)).json()).toMatchObject({ number: A_NUMBER, name: A_TEXT });
    expect((await call('GET', `/v1/contact-groups/${a.groupId}`, aKey)).json()).toMatchObject({ name: A_TEXT });
    expect((await call('GET', `/v1/campaigns/${a.campaignId}`, aKey)).json()).toMatchObject({ status: 'draft', recipients: 1 });
    expect((await call('GET', `/v1/templates/${a.templateId}`, aKey)).statusCode).toBe(200);
    expect((await call('GET', '/v1/blacklist', aKey)).body).toContain(A_NUMBER);
    expect((await call('GET', '/v1/sensitive-words/account', aKey)).body).toContain(A_WORD);
    expect(((await call('GET', '/v1/accounts/acme/sub-accounts', aKey)).json() as { items: unknown[] }).items).toEqual([]);
    expect((await platform.http.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'acme-user', password: 'password-1' } })).statusCode).toBe(200);
  });
});
