// Store contract, configuration side: accounts, users, credentials, connectors, routes, MO, receipts, outbox, settings.
import { expect, it } from 'vitest';
import type { Account, Credential, OutboxItem, UnmatchedReceipt } from '../../src/store/types.ts';
import { T, ids, type StoreContext } from './fixtures.ts';

export function entityCases(ctx: StoreContext): void {
  it('migrate twice is a no-op and keeps data', async () => {
    const store = ctx.store();
    await store.settings.set('k', 'v');
    await store.migrate();
    await store.migrate();
    expect(await store.settings.get('k')).toBe('v');
  });

  it('accounts: round trip, update by upsert, list in creation order', async () => {
    const { accounts } = ctx.store();
    const a: Account = { id: 'acc-b', name: 'Beta', status: 'active', callbackUrl: null, callbackSecret: 's3cret', tps: 0, createdAt: T + 1, parentId: null };
    const b: Account = { id: 'acc-a', name: 'Alpha 阿尔法', status: 'suspended', callbackUrl: 'https://example.com/hook', callbackSecret: 'k', tps: 50, createdAt: T, parentId: null };
    await accounts.upsert(a);
    await accounts.upsert(b);
    expect(await accounts.get('acc-b')).toEqual(a);
    expect(await accounts.get('acc-a')).toEqual(b);
    expect(await accounts.get('nope')).toBeNull();
    const changed = { ...a, name: 'Beta 2', status: 'suspended' as const, callbackUrl: 'http://x/y', tps: 10 };
    await accounts.upsert(changed);
    expect(await accounts.get('acc-b')).toEqual(changed);
    expect(await accounts.list()).toEqual([b, changed]);
  });

  it('users: round trip, admin without account, count', async () => {
    const { users } = ctx.store();
    expect(await users.count()).toBe(0);
    expect(await users.get('root')).toBeNull();
    const fresh = { disabled: false, failedLogins: 0, lockedUntil: null, sessionsValidFrom: 0 };
    const root = { username: 'root', passwordHash: 'scrypt$aa$bb', accountId: null, role: 'admin' as const, createdAt: T, ...fresh };
    const alice = { username: 'alice', passwordHash: 'scrypt$cc$dd', accountId: 'acc-1', role: 'owner' as const, createdAt: T + 5, ...fresh };
    await users.upsert(root);
    await users.upsert(alice);
    expect(await users.get('root')).toEqual(root);
    expect(await users.get('alice')).toEqual(alice);
    await users.upsert({ ...alice, passwordHash: 'scrypt$ee$ff' });
    expect((await users.get('alice'))?.passwordHash).toBe('scrypt$ee$ff');
    expect(await users.count()).toBe(2);
    // create never overwrites: the first login with a name keeps it.
    expect(await users.create({ ...alice, passwordHash: 'scrypt$00$11' })).toBe(false);
    expect((await users.get('alice'))?.passwordHash).toBe('scrypt$ee$ff');
    expect(await users.create({ ...alice, username: 'bob' })).toBe(true);
    expect(await users.count()).toBe(3);
  });

  it('credentials: api keys and smpp system_ids are looked up by kind; list, update, delete', async () => {
    const { credentials } = ctx.store();
    const key: Credential = {
      id: 'cred-1', accountId: 'acc-1', kind: 'api_key', identifier: 'ab'.repeat(32), secretHash: '', scope: 'admin',
      maxBinds: 0, ipAllowlist: [], createdAt: T, name: null,
    };
    const smpp: Credential = {
      id: 'cred-2', accountId: 'acc-1', kind: 'smpp', identifier: 'acme', secretHash: 'scrypt$s$h', scope: 'account',
      maxBinds: 4, ipAllowlist: ['10.0.0.0/8', '192.168.1.7'], createdAt: T + 1, name: null,
    };
    const other: Credential = { ...smpp, id: 'cred-3', accountId: 'acc-2', identifier: 'other', createdAt: T + 2 };
    for (const c of [key, smpp, other]) await credentials.upsert(c);
    expect(await credentials.findApiKey(key.identifier)).toEqual(key);
    expect(await credentials.findSmpp('acme')).toEqual(smpp);
    expect(await credentials.findSmpp(key.identifier)).toBeNull();
    expect(await credentials.findApiKey('acme')).toBeNull();
    expect(await credentials.listForAccount('acc-1')).toEqual([key, smpp]);
    await credentials.upsert({ ...smpp, maxBinds: 1, ipAllowlist: ['127.0.0.1'] });
    expect(await credentials.findSmpp('acme')).toMatchObject({ maxBinds: 1, ipAllowlist: ['127.0.0.1'] });
    await credentials.delete('cred-2');
    expect(await credentials.findSmpp('acme')).toBeNull();
    expect(ids(await credentials.listForAccount('acc-1'))).toEqual(['cred-1']);
  });

  it('credentials: a CMPP SP_Id is its own kind, apart from an SMPP system_id of the same name', async () => {
    const { credentials } = ctx.store();
    const smpp: Credential = { id: 'cred-s', accountId: 'acc-1', kind: 'smpp', identifier: '901234', secretHash: 'scrypt$s$h', scope: 'account', maxBinds: 2, ipAllowlist: [], createdAt: T, name: null };
    const cmpp: Credential = { ...smpp, id: 'cred-c', kind: 'cmpp', secretHash: 'shared-secret', maxBinds: 3, createdAt: T + 1 };
    for (const c of [smpp, cmpp]) await credentials.upsert(c);
    expect(await credentials.findCmpp('901234')).toEqual(cmpp);
    expect(await credentials.findSmpp('901234')).toEqual(smpp);
    expect(await credentials.findCmpp('nobody')).toBeNull();
  });

  it('credentials: a cloud key is found by its AccessKeyId and by no other kind', async () => {
    const { credentials } = ctx.store();
    const key: Credential = { id: 'cred-k', accountId: 'acc-1', kind: 'cloud_key', identifier: 'KX0123456789ABCDEF0123', secretHash: 'plain-secret', scope: 'account', maxBinds: 0, ipAllowlist: [], createdAt: T, name: 'sdk' };
    await credentials.upsert(key);
    expect(await credentials.findCloudKey('KX0123456789ABCDEF0123')).toEqual(key);
    expect(await credentials.findSmpp('KX0123456789ABCDEF0123')).toBeNull();
    expect(await credentials.findCloudKey('KXNONE')).toBeNull();
  });

  it('credentials: a cloud nonce is claimed once until it expires, then may be claimed again; expired ones are purged', async () => {
    const { credentials } = ctx.store();
    expect(await credentials.claimNonce('KX1/n1', T + 100, T)).toBe(true);
    expect(await credentials.claimNonce('KX1/n1', T + 200, T + 50)).toBe(false);
    // The same nonce under another key is its own.
    expect(await credentials.claimNonce('KX2/n1', T + 100, T + 50)).toBe(true);
    // Expired but not purged yet: taken over, and held for its new window.
    expect(await credentials.claimNonce('KX1/n1', T + 300, T + 100)).toBe(true);
    expect(await credentials.claimNonce('KX1/n1', T + 300, T + 299)).toBe(false);
    expect(await credentials.purgeNonces(T + 100)).toBe(1);
    expect(await credentials.claimNonce('KX2/n1', T + 400, T + 101)).toBe(true);
    expect(await credentials.purgeNonces(T + 1000)).toBe(2);
  });

  it('outbox: CMPP items wait for their SP_Id to be connected, apart from SMPP targets', async () => {
    const { outbox } = ctx.store();
    const item = (id: string, kind: OutboxItem['kind'], target: string, at: number): OutboxItem => ({
      id, accountId: 'acc-1', kind, target, event: 'status', payload: { messageId: id }, attempts: 0, nextAttemptAt: at, createdAt: at,
    });
    await outbox.enqueue([item('k1', 'http', 'https://a.example/hook', T + 1), item('k2', 'smpp', '901234', T + 2), item('k3', 'cmpp', '901234', T + 3), item('k4', 'cmpp', '905555', T + 4)]);
    expect(ids(await outbox.due(T + 10, 10))).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(ids(await outbox.due(T + 10, 10, ['901234']))).toEqual(['k1', 'k2']);
    expect(ids(await outbox.due(T + 10, 10, { smpp: [], cmpp: ['901234'] }))).toEqual(['k1', 'k3']);
    expect(ids(await outbox.claim(T + 10, 10, T + 1000, { smpp: ['901234'], cmpp: ['905555'] }))).toEqual(['k1', 'k2', 'k4']);
    expect(ids(await outbox.claim(T + 10, 10, T + 1000, { smpp: [], cmpp: ['901234'] }))).toEqual(['k3']);
  });

  it('connectors: settings survive as objects; delete reports whether it removed one', async () => {
    const { connectors } = ctx.store();
    const c = {
      id: 'conn-1', type: 'smpp' as const, name: 'China Mobile 1', enabled: true,
      settings: { host: '10.1.1.1', port: 2775, window: 10, nested: { list: [1, 'two', null], flag: false } },
      createdAt: T, updatedAt: T,
    };
    const sim = { id: 'conn-0', type: 'simulator' as const, name: 'sim', enabled: false, settings: {}, createdAt: T + 1, updatedAt: T + 1 };
    await connectors.upsert(c);
    await connectors.upsert(sim);
    expect(await connectors.get('conn-1')).toEqual(c);
    expect(await connectors.list()).toEqual([c, sim]);
    await connectors.upsert({ ...c, enabled: false, settings: { host: 'h' }, updatedAt: T + 9 });
    expect(await connectors.get('conn-1')).toMatchObject({ enabled: false, settings: { host: 'h' }, updatedAt: T + 9 });
    expect(await connectors.delete('conn-1')).toBe(true);
    expect(await connectors.delete('conn-1')).toBe(false);
    expect(await connectors.get('conn-1')).toBeNull();
  });

  it('routes and MO routes: round trip, ordered by position, delete', async () => {
    const { routes } = ctx.store();
    const fallback = {
      id: 'r-default', position: 1000, name: 'default', filters: {}, strategy: 'static' as const,
      connectors: [{ id: 'sim', weight: 1 }], isDefault: true, enabled: true,
    };
    const cn = {
      id: 'r-cn', position: 10, name: 'China', strategy: 'failover' as const, isDefault: false, enabled: false,
      filters: { prefixes: ['+86138', '+86139'], regex: '^\\+86', priorities: [0, 1], timeWindow: '22:00-06:00', accounts: ['acc-1'] },
      connectors: [{ id: 'cm1', weight: 3 }, { id: 'cm2', weight: 1 }],
    };
    await routes.upsert(fallback);
    await routes.upsert(cn);
    expect(await routes.list()).toEqual([cn, fallback]);
    await routes.upsert({ ...cn, position: 2000 });
    expect(ids(await routes.list())).toEqual(['r-default', 'r-cn']);
    expect(await routes.delete('r-cn')).toBe(true);
    expect(await routes.delete('r-cn')).toBe(false);
    expect(ids(await routes.list())).toEqual(['r-default']);

    const mo1 = { id: 'mo-1', pattern: '10690001', accountId: 'acc-1' };
    const mo2 = { id: 'mo-2', pattern: '1069000123', accountId: 'acc-2' };
    await routes.upsertMo(mo2);
    await routes.upsertMo(mo1);
    expect(await routes.listMo()).toEqual([mo1, mo2]);
    await routes.upsertMo({ ...mo2, accountId: 'acc-3' });
    expect((await routes.listMo())[1].accountId).toBe('acc-3');
    expect(await routes.deleteMo('mo-1')).toBe(true);
    expect(await routes.deleteMo('mo-1')).toBe(false);
    expect(await routes.listMo()).toEqual([{ ...mo2, accountId: 'acc-3' }]);
  });

  it('MO messages: insert, newest first, account filter, cursor pages', async () => {
    const { mo } = ctx.store();
    const all = Array.from({ length: 9 }, (_, i) => ({
      id: `mo-${i}`, accountId: i % 3 === 0 ? null : i % 3 === 1 ? 'acc-1' : 'acc-2', connectorId: 'conn-1',
      sender: '+8613900000000', recipient: `1069000${i}`, text: `回复 ${i}`, receivedAt: T + Math.floor(i / 2),
    }));
    for (const m of all) await mo.insert(m);
    const newestFirst = [...all].sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : -1));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await mo.list({ limit: 4, cursor });
      seen.push(...ids(result.items));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(ids(newestFirst));
    const acc1 = await mo.list({ accountId: 'acc-1', limit: 10 });
    expect(acc1.items).toEqual(newestFirst.filter((m) => m.accountId === 'acc-1'));
    expect(acc1.nextCursor).toBeNull();
  });

  it('MO messages: counted per account and time range, with those still waiting in the outbox', async () => {
    const { mo, outbox } = ctx.store();
    const reply = (id: string, accountId: string, receivedAt: number) => ({ id, accountId, connectorId: 'conn-1', sender: '+8613900000000', recipient: '10690001', text: 'TD', receivedAt });
    const notice = (id: string, moId: string, accountId = 'acc-1'): OutboxItem => ({ id, accountId, kind: 'cmpp', target: 'sp-1', event: 'mo', payload: { id: moId }, attempts: 0, nextAttemptAt: T, createdAt: T });
    await mo.insert(reply('mo-1', 'acc-1', T), [notice('n-1', 'mo-1')]);
    await mo.insert(reply('mo-2', 'acc-1', T + 5), [notice('n-2', 'mo-2'), notice('n-2b', 'mo-2')]);
    await mo.insert(reply('mo-3', 'acc-1', T + 9), [notice('n-3', 'mo-3')]);
    await mo.insert(reply('mo-4', 'acc-1', T + 10), [notice('n-4', 'mo-4')]); // the next day, say
    await mo.insert(reply('mo-5', 'acc-2', T + 5), [notice('n-5', 'mo-5', 'acc-2')]);
    await outbox.complete(['n-3']);
    expect(await mo.countReceived('acc-1', T, T + 10)).toEqual({ received: 3, waiting: 2 });
    await outbox.complete(['n-1', 'n-2']);
    expect(await mo.countReceived('acc-1', T, T + 10)).toEqual({ received: 3, waiting: 1 });
    expect(await mo.countReceived('acc-2', T, T + 10)).toEqual({ received: 1, waiting: 1 });
    expect(await mo.countReceived('acc-3', T, T + 10)).toEqual({ received: 0, waiting: 0 });
  });

  it('MO messages: stored with their notifications in one transaction, or not at all', async () => {
    const { mo, outbox } = ctx.store();
    const reply = (id: string) => ({ id, accountId: 'acc-1', connectorId: 'conn-1', sender: '+8613900000000', recipient: '10690001', text: 'TD', receivedAt: T });
    const notice = (id: string): OutboxItem => ({ id, accountId: 'acc-1', kind: 'http', target: 'https://a.example/mo', event: 'mo', payload: { id }, attempts: 0, nextAttemptAt: T, createdAt: T });
    await mo.insert(reply('mo-a'), [notice('n-a')]);
    expect(ids((await mo.list({ limit: 10 })).items)).toEqual(['mo-a']);
    expect(ids(await outbox.due(T, 10))).toEqual(['n-a']);
    // A notification that cannot be stored (its id is taken) takes the MO back with it.
    await expect(mo.insert(reply('mo-b'), [notice('n-a')])).rejects.toThrow();
    expect(ids((await mo.list({ limit: 10 })).items)).toEqual(['mo-a']);
    expect(ids(await outbox.due(T, 10))).toEqual(['n-a']);
  });

  it('unmatched receipts: insert, list the due ones longest due first, touch, delete, purge by age', async () => {
    const { receipts } = ctx.store();
    const r = (id: string, receivedAt: number): UnmatchedReceipt => ({
      id, connectorId: 'conn-1', upstreamKeys: [`${id}-a`, `${id}-b`], state: 'delivered', rawStatus: 'DELIVRD',
      errorCode: null, doneAt: receivedAt - 10, receivedAt, attempts: 0, nextTryAt: receivedAt,
    });
    await receipts.insertUnmatched(r('u3', T + 30));
    await receipts.insertUnmatched({ ...r('u1', T + 10), state: 'undelivered', rawStatus: 'UNDELIV', errorCode: '001' });
    await receipts.insertUnmatched(r('u2', T + 20));
    expect(await receipts.listUnmatched(T + 30, 10)).toEqual([
      { ...r('u1', T + 10), state: 'undelivered', rawStatus: 'UNDELIV', errorCode: '001' }, r('u2', T + 20), r('u3', T + 30),
    ]);
    expect(ids(await receipts.listUnmatched(T + 30, 2))).toEqual(['u1', 'u2']);
    expect(ids(await receipts.listUnmatched(T + 20, 10))).toEqual(['u1', 'u2']);
    // Looked up in vain: it waits, and those due before it come first.
    await receipts.touchUnmatched('u1', 3, T + 100);
    expect(ids(await receipts.listUnmatched(T + 99, 10))).toEqual(['u2', 'u3']);
    expect(await receipts.listUnmatched(T + 100, 10)).toEqual([
      r('u2', T + 20), r('u3', T + 30), { ...r('u1', T + 10), state: 'undelivered', rawStatus: 'UNDELIV', errorCode: '001', attempts: 3, nextTryAt: T + 100 },
    ]);
    await receipts.deleteUnmatched('u2');
    expect(await receipts.purgeUnmatched(T + 25)).toBe(1);
    expect(ids(await receipts.listUnmatched(T + 100, 10))).toEqual(['u3']);
  });

  it('outbox: due oldest first, smppTargets filter, complete, retry', async () => {
    const { outbox } = ctx.store();
    const item = (id: string, kind: 'http' | 'smpp', target: string, nextAttemptAt: number): OutboxItem => ({
      id, accountId: 'acc-1', kind, target, event: kind === 'http' ? 'status' : 'mo',
      payload: { messageId: id, state: 'delivered', nested: { n: 1, list: ['a'] } }, attempts: 0, nextAttemptAt, createdAt: nextAttemptAt,
    });
    const items = [
      item('o4', 'http', 'https://a.example/hook', T + 4),
      item('o1', 'http', 'https://a.example/hook', T + 1),
      item('o2', 'smpp', 'acme', T + 2),
      item('o3', 'smpp', 'other', T + 3),
      item('o9', 'http', 'https://a.example/hook', T + 100),
    ];
    await outbox.enqueue(items);
    await outbox.enqueue([]);
    const due = await outbox.due(T + 10, 10);
    expect(ids(due)).toEqual(['o1', 'o2', 'o3', 'o4']);
    expect(due[0]).toEqual(items[1]);
    expect(ids(await outbox.due(T + 10, 2))).toEqual(['o1', 'o2']);
    expect(ids(await outbox.due(T + 10, 10, ['acme']))).toEqual(['o1', 'o2', 'o4']);
    expect(ids(await outbox.due(T + 10, 10, []))).toEqual(['o1', 'o4']);

    await outbox.complete(['o1', 'o2']);
    await outbox.retry(['o3'], T + 50);
    await outbox.retry([], T + 50);
    expect(ids(await outbox.due(T + 10, 10))).toEqual(['o4']);
    const later = await outbox.due(T + 60, 10);
    expect(ids(later)).toEqual(['o4', 'o3']);
    expect(later[1]).toMatchObject({ attempts: 1, nextAttemptAt: T + 50 });
    expect(ids(await outbox.due(T + 100, 10))).toEqual(['o4', 'o3', 'o9']);
  });

  it('outbox: claim takes due items until their lease ends, honouring smppTargets', async () => {
    const { outbox } = ctx.store();
    const item = (id: string, kind: 'http' | 'smpp', target: string, at: number): OutboxItem => ({
      id, accountId: 'acc-1', kind, target, event: 'status', payload: { messageId: id }, attempts: 0, nextAttemptAt: at, createdAt: at,
    });
    await outbox.enqueue([item('c1', 'http', 'https://a.example/hook', T + 1), item('c2', 'smpp', 'acme', T + 2), item('c3', 'smpp', 'other', T + 3)]);
    expect(ids(await outbox.claim(T + 10, 10, T + 1000, ['acme']))).toEqual(['c1', 'c2']);
    // Leased: neither a second pass nor a reader sees them until the lease ends.
    expect(ids(await outbox.claim(T + 10, 10, T + 1000))).toEqual(['c3']);
    expect(ids(await outbox.due(T + 999, 10))).toEqual([]);
    await outbox.complete(['c1']);
    expect(ids(await outbox.claim(T + 1000, 10, T + 2000))).toEqual(['c2', 'c3']);
  });

  it('settings: missing is null, set, overwrite', async () => {
    const { settings } = ctx.store();
    expect(await settings.get('setup.done')).toBeNull();
    await settings.set('setup.done', 'true');
    await settings.set('json', JSON.stringify({ a: [1, 2] }));
    expect(await settings.get('setup.done')).toBe('true');
    await settings.set('setup.done', 'false');
    expect(await settings.get('setup.done')).toBe('false');
    expect(JSON.parse((await settings.get('json')) ?? 'null')).toEqual({ a: [1, 2] });
  });
}
