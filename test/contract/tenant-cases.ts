// Store contract, tenants: sub-accounts, user roles and lock-out, named API keys with scopes, and the audit log.
import { expect, it } from 'vitest';
import type { Account, AuditEntry, User } from '../../src/store/types.ts';
import { T, type StoreContext } from './fixtures.ts';

const account = (id: string, parentId: string | null, createdAt = T): Account => ({
  id, name: id, status: 'active', callbackUrl: null, callbackSecret: 's', tps: 0, createdAt, parentId,
});
const user = (username: string, accountId: string | null, role: User['role']): User => ({ username, passwordHash: 'scrypt$a$b', accountId, role, createdAt: T });
const audit = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `a-${String(n).padStart(4, '0')}`, at: T + n, actor: 'alice', accountId: 'acme', action: 'user.create', target: null, detail: null, ip: null, ...over,
});

export function tenantCases(ctx: StoreContext): void {
  it('accounts: sub-accounts keep their parent and are listed per parent', async () => {
    const { accounts } = ctx.store();
    await accounts.upsert(account('acme', null));
    await accounts.upsert(account('acme-sales', 'acme', T + 2));
    await accounts.upsert(account('acme-hr', 'acme', T + 1));
    await accounts.upsert(account('other', null));
    expect((await accounts.get('acme-hr'))?.parentId).toBe('acme');
    expect((await accounts.get('acme'))?.parentId).toBeNull();
    expect((await accounts.children('acme')).map((a) => a.id)).toEqual(['acme-hr', 'acme-sales']);
    expect(await accounts.children('other')).toEqual([]);
    expect(await accounts.children('x\u0000')).toEqual([]);
  });

  it('users: roles, disabled, listed per account', async () => {
    const { users } = ctx.store();
    await users.upsert(user('root', null, 'admin'));
    await users.upsert(user('bob', 'acme', 'viewer'));
    await users.upsert(user('alice', 'acme', 'owner'));
    await users.upsert({ ...user('carol', 'other', 'operator'), disabled: true });
    expect((await users.list('acme')).map((u) => [u.username, u.role])).toEqual([['alice', 'owner'], ['bob', 'viewer']]);
    expect((await users.list(null)).map((u) => u.username)).toEqual(['alice', 'bob', 'carol', 'root']);
    expect(await users.get('carol')).toMatchObject({ role: 'operator', disabled: true });
    expect(await users.list('x\u0000')).toEqual([]);
  });

  it('users: failures lock at the threshold, survive an upsert, and clear', async () => {
    const { users } = ctx.store();
    await users.upsert(user('alice', 'acme', 'owner'));
    for (let i = 1; i <= 2; i++) expect(await users.loginFailed('alice', T + i, 3, 60_000)).toMatchObject({ failedLogins: i, lockedUntil: null });
    // An edit of the user (role, password) does not reset the counter: only clearFailures does.
    await users.upsert({ ...user('alice', 'acme', 'operator') });
    const locked = await users.loginFailed('alice', T + 3, 3, 60_000);
    expect(locked).toMatchObject({ failedLogins: 0, lockedUntil: T + 3 + 60_000, role: 'operator' });
    await users.clearFailures('alice');
    expect(await users.get('alice')).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(await users.loginFailed('nobody', T, 3, 1)).toBeNull();
  });

  it('credentials: API keys keep their name and scope', async () => {
    const { credentials } = ctx.store();
    const key = { id: 'k1', accountId: 'acme', kind: 'api_key' as const, identifier: 'cd'.repeat(32), secretHash: '', scope: 'read' as const, maxBinds: 0, ipAllowlist: [], createdAt: T, name: '报表系统' };
    await credentials.upsert(key);
    expect(await credentials.findApiKey(key.identifier)).toEqual(key);
    await credentials.upsert({ ...key, scope: 'send', name: null });
    expect(await credentials.findApiKey(key.identifier)).toMatchObject({ scope: 'send', name: null });
  });

  it('audit: appended in batches, newest first per account, filtered, paged', async () => {
    const { audit: log } = ctx.store();
    await log.append([]);
    await log.append([
      audit(1, { detail: { status: 201, 名: '张三' }, ip: '127.0.0.1', target: 'bob' }),
      audit(2, { action: 'auth.login' }),
      audit(3, { actor: 'key:k1', action: 'POST /v1/messages' }),
      audit(4, { accountId: 'other' }),
      audit(5, { accountId: null, actor: 'root' }),
      audit(6),
    ]);
    const acme = await log.list({ accountId: 'acme', limit: 10 });
    expect(acme.items.map((e) => e.id)).toEqual(['a-0006', 'a-0003', 'a-0002', 'a-0001']);
    expect(acme.items[3]).toEqual(audit(1, { detail: { status: 201, 名: '张三' }, ip: '127.0.0.1', target: 'bob' }));
    expect((await log.list({ limit: 10 })).items.length).toBe(6);
    expect((await log.list({ accountId: 'acme', action: 'user.create', limit: 10 })).items.map((e) => e.id)).toEqual(['a-0006', 'a-0001']);
    expect((await log.list({ accountId: 'acme', actor: 'key:k1', limit: 10 })).items.map((e) => e.id)).toEqual(['a-0003']);
    expect((await log.list({ accountId: 'acme', from: T + 2, to: T + 6, limit: 10 })).items.map((e) => e.id)).toEqual(['a-0003', 'a-0002']);
    const first = await log.list({ accountId: 'acme', limit: 3 });
    const second = await log.list({ accountId: 'acme', limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.id)).toEqual(['a-0001']);
    expect(second.nextCursor).toBeNull();
    expect((await log.list({ accountId: 'x\u0000', limit: 10 })).items).toEqual([]);
  });

  it('audit: purgeBefore deletes only older entries, oldest first, a batch at a time', async () => {
    const { audit: log } = ctx.store();
    await log.append([1, 2, 3, 4, 5, 6].map((n) => audit(n, { accountId: n % 2 ? 'acme' : null })));
    expect(await log.purgeBefore(T + 5, 3)).toBe(3);
    expect((await log.list({ limit: 10 })).items.map((e) => e.id)).toEqual(['a-0006', 'a-0005', 'a-0004']);
    expect(await log.purgeBefore(T + 5, 3)).toBe(1);
    expect(await log.purgeBefore(T + 5, 3)).toBe(0);
    expect((await log.list({ limit: 10 })).items.map((e) => e.id)).toEqual(['a-0006', 'a-0005']);
  });
}
