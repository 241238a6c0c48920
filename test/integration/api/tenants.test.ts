// Tenants over HTTP: users with roles (owner / operator / viewer) and what each may do, read-only and
// send-only keys, lock-out after failed sign-ins, changing and resetting passwords, sub-accounts an
// owner acts for with ?accountId=, and the audit log of all of it — on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createAccount, expectError } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let acmeKey: string;
let globexKey: string;

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, token: string | null, payload?: object) =>
  platform.http.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });
const login = (username: string, password: string) => platform.http.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
async function token(username: string, password: string): Promise<string> {
  const res = await login(username, password);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { token: string }).token;
}
async function addUser(by: string, username: string, role: string, query = ''): Promise<string> {
  const res = await call('POST', `/v1/users${query}`, by, { username, password: 'password-1', role });
  expect(res.statusCode, res.body).toBe(201);
  return token(username, 'password-1');
}
type AuditItem = { actor: string; accountId: string | null; action: string; target: string | null; detail: Record<string, unknown> | null; ip: string | null };
const auditOf = async (tok: string, query = '') => ((await call('GET', `/v1/audit${query}`, tok)).json() as { items: AuditItem[] }).items;

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let owner: string;
  let operator: string;
  let viewer: string;

  beforeAll(async () => {
    platform = await startTestPlatform({}, { store });
    admin = await adminToken(platform);
    acmeKey = await createAccount(platform, admin, { id: 'acme' });
    globexKey = await createAccount(platform, admin, { id: 'globex' });
    owner = await addUser(admin, 'acme-owner', 'owner', '?accountId=acme');
    operator = await addUser(owner, 'acme-op', 'operator');
    viewer = await addUser(owner, 'acme-viewer', 'viewer');
  });
  afterAll(() => platform?.stop());

  describe('roles', () => {
    it('owners manage users; the list is the account own, never the password hash', async () => {
      const listed = (await call('GET', '/v1/users', owner)).json() as { items: Array<Record<string, unknown>> };
      expect(listed.items.map((u) => [u.username, u.role])).toEqual([['acme-op', 'operator'], ['acme-owner', 'owner'], ['acme-viewer', 'viewer']]);
      expect(JSON.stringify(listed)).not.toMatch(/scrypt|passwordHash/);
      expectError(await call('POST', '/v1/users', owner, { username: 'x', password: 'password-1', role: 'admin' }), 400, 'validation_failed', 'role');
      expectError(await call('POST', '/v1/users', owner, { username: 'acme-op', password: 'password-1', role: 'viewer' }), 409, 'conflict', 'username');
      expectError(await call('POST', '/v1/users', owner, { username: 'short', password: 'abc', role: 'viewer' }), 400, 'validation_failed', 'password');
      expect(((await call('GET', '/v1/me', viewer)).json() as Record<string, unknown>)).toMatchObject({ username: 'acme-viewer', accountId: 'acme', userRole: 'viewer', access: 'read' });
    });

    it('viewers only read: every write is 403 read_only, before the body is looked at', async () => {
      expect((await call('GET', '/v1/messages', viewer)).statusCode).toBe(200);
      expectError(await call('POST', '/v1/messages', viewer, { to: ['13800138000'], text: 'hi' }), 403, 'read_only');
      expectError(await call('POST', '/v1/blacklist', viewer, {}), 403, 'read_only');
      expectError(await call('DELETE', '/v1/messages/whatever', viewer), 403, 'read_only');
      // Computing a preview writes nothing, so a viewer may.
      expect((await call('POST', '/v1/messages/preview', viewer, { text: 'hi' })).statusCode).toBe(200);
      expectError(await call('GET', '/v1/users', viewer), 403, 'insufficient_role');
    });

    it('operators send and read but do not manage users, keys or the audit log', async () => {
      const sent = await call('POST', '/v1/messages', operator, { to: ['13800138000'], text: 'hi' });
      expect(sent.statusCode, sent.body).toBe(202);
      expectError(await call('GET', '/v1/users', operator), 403, 'insufficient_role');
      expectError(await call('POST', '/v1/users', operator, { username: 'y', password: 'password-1', role: 'owner' }), 403, 'insufficient_role');
      expectError(await call('POST', '/v1/api-keys', operator, { scope: 'manage' }), 403, 'insufficient_role');
      expectError(await call('GET', '/v1/audit', operator), 403, 'insufficient_role');
    });

    it('a role change and a disabled user take effect on the next request', async () => {
      const temp = await addUser(owner, 'acme-temp', 'operator');
      expect((await call('PATCH', '/v1/users/acme-temp', owner, { role: 'viewer' })).json()).toMatchObject({ role: 'viewer' });
      expectError(await call('POST', '/v1/messages', temp, { to: ['13800138000'], text: 'hi' }), 403, 'read_only');
      expect((await call('PATCH', '/v1/users/acme-temp', owner, { disabled: true })).json()).toMatchObject({ disabled: true });
      expectError(await call('GET', '/v1/messages', temp), 403, 'user_disabled');
      expectError(await login('acme-temp', 'password-1'), 403, 'user_disabled');
    });

    it('the last enabled owner cannot be demoted or disabled', async () => {
      expectError(await call('PATCH', '/v1/users/acme-owner', owner, { role: 'viewer' }), 409, 'conflict', 'role');
      expectError(await call('PATCH', '/v1/users/acme-owner', owner, { disabled: true }), 409, 'conflict', 'role');
    });

    it("another account's users are not found, and ?accountId of another account is 403", async () => {
      expectError(await call('GET', '/v1/users/acme-op', globexKey), 404, 'not_found', 'username');
      expectError(await call('PATCH', '/v1/users/acme-op', globexKey, { role: 'owner' }), 404, 'not_found', 'username');
      expectError(await call('POST', '/v1/users/acme-op/password', globexKey, { password: 'hijacked-1' }), 404, 'not_found', 'username');
      expectError(await call('GET', '/v1/users?accountId=acme', globexKey), 403, 'forbidden', 'accountId');
      expect(((await call('GET', '/v1/users', globexKey)).json() as { items: unknown[] }).items).toEqual([]);
    });
  });

  describe('API keys', () => {
    it('a read key reads, a send key sends; neither manages; keys are shown once and revoked at once', async () => {
      const make = async (scope: string, name: string) => {
        const res = await call('POST', '/v1/api-keys', acmeKey, { scope, name });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string; key: string; scope: string };
      };
      const read = await make('read', '报表');
      const send = await make('send', 'crm');
      expect((await call('GET', '/v1/messages', read.key)).statusCode).toBe(200);
      expectError(await call('POST', '/v1/messages', read.key, { to: ['13800138000'], text: 'hi' }), 403, 'read_only');
      expect((await call('POST', '/v1/messages', send.key, { to: ['13800138000'], text: 'hi' })).statusCode).toBe(202);
      expectError(await call('POST', '/v1/api-keys', send.key, { scope: 'manage' }), 403, 'insufficient_role');
      const listed = (await call('GET', '/v1/api-keys', owner)).json() as { items: Array<{ id: string; scope: string; name: string | null }> };
      expect(listed.items.map((k) => k.scope)).toEqual(['manage', 'read', 'send']);
      expect(JSON.stringify(listed)).not.toContain(read.key);
      expectError(await call('DELETE', `/v1/api-keys/${read.id}`, globexKey), 404, 'not_found', 'id');
      expect((await call('DELETE', `/v1/api-keys/${read.id}`, owner)).json()).toEqual({ id: read.id, revoked: true });
      expectError(await call('GET', '/v1/messages', read.key), 401, 'unauthorized');
      expectError(await call('POST', '/v1/api-keys', owner, { scope: 'admin' }), 400, 'validation_failed', 'scope');
    });
  });

  describe('passwords and lock-out', () => {
    it('five wrong passwords lock the user for 15 minutes with account_locked; a reset unlocks', async () => {
      await addUser(owner, 'acme-lock', 'operator');
      for (let i = 1; i <= 4; i++) expectError(await login('acme-lock', 'wrong'), 401, 'unauthorized');
      const locked = expectError(await login('acme-lock', 'wrong'), 423, 'account_locked', 'username');
      const until = Date.parse(/until (\S+)$/.exec(locked.message)![1]);
      expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
      expect(until - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      // Locked: even the right password is refused.
      expectError(await login('acme-lock', 'password-1'), 423, 'account_locked');
      expect((await call('GET', '/v1/users/acme-lock', owner)).json()).toMatchObject({ locked: true });
      expect((await call('POST', '/v1/users/acme-lock/password', owner, { password: 'password-2' })).json()).toMatchObject({ locked: false });
      expect((await login('acme-lock', 'password-2')).statusCode).toBe(200);
    });

    it("a reset by the owner ends the user's open sessions", async () => {
      const before = await addUser(owner, 'acme-reset', 'operator');
      expect((await call('GET', '/v1/me', before)).statusCode).toBe(200);
      expect((await call('POST', '/v1/users/acme-reset/password', owner, { password: 'password-9' })).statusCode).toBe(200);
      expectError(await call('GET', '/v1/me', before), 401, 'unauthorized');
      expect((await call('GET', '/v1/me', await token('acme-reset', 'password-9'))).statusCode).toBe(200);
    });

    it('a good sign-in clears the failure count', async () => {
      await addUser(owner, 'acme-count', 'viewer');
      for (let i = 0; i < 4; i++) await login('acme-count', 'wrong');
      await token('acme-count', 'password-1');
      for (let i = 0; i < 4; i++) expectError(await login('acme-count', 'wrong'), 401, 'unauthorized');
    });

    it('users change their own password with the current one; keys cannot', async () => {
      const mine = await addUser(owner, 'acme-pw', 'viewer');
      expectError(await call('POST', '/v1/auth/password', mine, { currentPassword: 'nope', newPassword: 'password-new' }), 400, 'validation_failed', 'currentPassword');
      expectError(await call('POST', '/v1/auth/password', mine, { currentPassword: 'password-1', newPassword: 'short' }), 400, 'validation_failed', 'newPassword');
      const other = await token('acme-pw', 'password-1');
      const changed = await call('POST', '/v1/auth/password', mine, { currentPassword: 'password-1', newPassword: 'password-new' });
      expect(changed.json()).toMatchObject({ changed: true });
      expectError(await login('acme-pw', 'password-1'), 401, 'unauthorized');
      await token('acme-pw', 'password-new');
      // Other sessions end; the one that changed it goes on with the token it got back.
      expectError(await call('GET', '/v1/me', other), 401, 'unauthorized');
      expectError(await call('GET', '/v1/me', mine), 401, 'unauthorized');
      expect((await call('GET', '/v1/me', (changed.json() as { token: string }).token)).statusCode).toBe(200);
      expectError(await call('POST', '/v1/auth/password', acmeKey, { currentPassword: 'x', newPassword: 'password-new' }), 403, 'forbidden');
    });
  });

  describe('sub-accounts', () => {
    it('an owner creates departments and acts for them with ?accountId=; others cannot', async () => {
      const created = await call('POST', '/v1/accounts/acme/sub-accounts', owner, { id: 'acme-sales', name: '销售部' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ account: { id: 'acme-sales', parentId: 'acme' } });
      const salesKey = (created.json() as { apiKey: string }).apiKey;
      const deeper = await call('POST', '/v1/accounts/acme-sales/sub-accounts', owner, { id: 'acme-sales-east', name: '华东' });
      expect(deeper.statusCode, deeper.body).toBe(201);
      expect(((await call('GET', '/v1/accounts/acme/sub-accounts', owner)).json() as { items: Array<{ id: string }> }).items.map((a) => a.id)).toEqual(['acme-sales']);

      const sent = await call('POST', '/v1/messages?accountId=acme-sales-east', owner, { to: ['13800138000'], text: '部门通知' });
      expect(sent.statusCode, sent.body).toBe(202);
      const id = (sent.json() as { messages: Array<{ id: string }> }).messages[0].id;
      expect((await call('GET', `/v1/messages/${id}?accountId=acme-sales-east`, owner)).json()).toMatchObject({ accountId: 'acme-sales-east' });
      expect((await call('GET', '/v1/me?accountId=acme-sales', owner)).json()).toMatchObject({ accountId: 'acme-sales', username: 'acme-owner' });

      // Not upwards, not sideways, not for operators of the parent.
      expectError(await call('GET', '/v1/messages?accountId=acme', salesKey), 403, 'forbidden', 'accountId');
      expectError(await call('GET', '/v1/messages?accountId=acme-sales', globexKey), 403, 'forbidden', 'accountId');
      expectError(await call('GET', '/v1/messages?accountId=acme-sales', operator), 403, 'forbidden', 'accountId');
      expectError(await call('POST', '/v1/accounts/acme/sub-accounts', globexKey, { id: 'evil', name: 'x' }), 404, 'not_found', 'id');
      expectError(await call('GET', '/v1/accounts/acme/sub-accounts', salesKey), 404, 'not_found', 'id');
      expectError(await call('POST', '/v1/accounts/acme/sub-accounts', owner, { id: 'acme-sales', name: 'again' }), 409, 'conflict', 'id');
      // The admin-only account list stays admin-only.
      expectError(await call('GET', '/v1/accounts', owner), 403, 'forbidden');
    });
  });

  describe('audit log', () => {
    it('records sign-ins, failures, lock-outs, password changes and every write, per account', async () => {
      const entries = await auditOf(owner, '?limit=500');
      const actions = new Set(entries.map((e) => e.action));
      for (const action of ['auth.login', 'auth.login_failed', 'auth.locked_out', 'auth.login_refused_locked', 'auth.password_changed', 'user.password_reset', 'POST /v1/users', 'PATCH /v1/users/:username', 'POST /v1/messages', 'DELETE /v1/api-keys/:id']) {
        expect(actions, action).toContain(action);
      }
      expect(entries.every((e) => e.accountId === 'acme')).toBe(true);
      const patch = entries.find((e) => e.action === 'PATCH /v1/users/:username' && e.target === 'acme-temp')!;
      expect(patch).toMatchObject({ actor: 'acme-owner', detail: { status: 200 } });
      expect(patch.ip).toBeTruthy();
      // A refused write is there too, under the caller's name.
      expect(entries.find((e) => e.actor === 'acme-viewer' && e.action === 'POST /v1/messages')).toMatchObject({ detail: { status: 403 } });
      const keyed = entries.find((e) => e.actor.startsWith('key:') && e.action === 'POST /v1/messages');
      expect(keyed).toBeDefined();
      // Acting for a sub-account is logged on the sub-account, saying from where.
      const sales = await auditOf(owner, '?accountId=acme-sales-east');
      expect(sales.find((e) => e.action === 'POST /v1/messages')).toMatchObject({ actor: 'acme-owner', detail: { actingFrom: 'acme' } });
    });

    it('filters by action, actor and time, pages with a cursor; accounts never see each other; admins see all', async () => {
      const failed = await auditOf(owner, '?action=auth.login_failed');
      expect(failed.length).toBeGreaterThanOrEqual(5);
      expect(failed.every((e) => e.action === 'auth.login_failed')).toBe(true);
      expect((await auditOf(owner, '?actor=acme-viewer')).every((e) => e.actor === 'acme-viewer')).toBe(true);
      expect(await auditOf(owner, `?from=${Date.now() + 60_000}`)).toEqual([]);
      const first = (await call('GET', '/v1/audit?limit=2', owner)).json() as { items: AuditItem[]; nextCursor: string };
      const second = (await call('GET', `/v1/audit?limit=2&cursor=${first.nextCursor}`, owner)).json() as { items: AuditItem[] };
      expect(second.items).toHaveLength(2);
      expect(second.items[0]).not.toEqual(first.items[0]);
      expect((await auditOf(globexKey)).every((e) => e.accountId === 'globex')).toBe(true);
      expectError(await call('GET', '/v1/audit?accountId=acme', globexKey), 403, 'forbidden', 'accountId');
      const all = await auditOf(admin, '?limit=500');
      expect(all.some((e) => e.accountId === 'acme') && all.some((e) => e.accountId === null)).toBe(true);
      expectError(await call('GET', '/v1/audit?from=yesterday', owner), 400, 'validation_failed', 'from');
    });
  });
});
