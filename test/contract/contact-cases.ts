// Store contract, address book: contacts unique per account, paging and prefix search, groups and members,
// and import jobs whose staged rows reach contacts only on commit (all or nothing), per account.
import { expect, it } from 'vitest';
import type { ContactImport, NewContact, StagedContact } from '../../src/store/types.ts';
import { T, type StoreContext } from './fixtures.ts';

const contact = (over: Partial<NewContact> = {}): NewContact => ({ accountId: 'acme', number: '+8613800000000', name: '', fields: {}, tags: [], ...over });
const num = (i: number) => `+86138${String(i).padStart(8, '0')}`;
const job = (over: Partial<ContactImport> = {}): ContactImport => ({
  id: 'imp-1', accountId: 'acme', status: 'running', phase: 'parsing', format: 'csv', mode: 'skip', groupId: null, fileName: 'a.csv',
  bytes: 100, bytesRead: 0, total: 0, done: 0, inserted: 0, updated: 0, skipped: 0, errors: 0, columns: null, message: null, createdAt: T, finishedAt: null, ...over,
});
const staged = (rowNo: number, number: string, over: Partial<StagedContact> = {}): StagedContact => ({ rowNo, number, name: `n${rowNo}`, fields: { level: String(rowNo) }, tags: [], ...over });

export function contactCases(ctx: StoreContext): void {
  it('contacts: one per number per account; get, update, delete; another account sees none of them', async () => {
    const { contacts } = ctx.store();
    const a = await contacts.insert(contact({ name: '张三', fields: { birthday: '1990-05-01' }, tags: ['vip'] }), T);
    expect(a).toMatchObject({ accountId: 'acme', number: num(0), name: '张三', fields: { birthday: '1990-05-01' }, tags: ['vip'], createdAt: T });
    expect(await contacts.insert(contact({ name: 'again' }), T)).toBeNull();
    const other = await contacts.insert(contact({ accountId: 'globex' }), T);
    expect(other?.id).not.toBe(a!.id);
    expect(await contacts.get('globex', a!.id)).toBeNull();
    expect(await contacts.getByNumber('acme', num(0))).toEqual(a);
    const b = await contacts.insert(contact({ number: num(1) }), T);
    expect(await contacts.update('acme', b!.id, { number: num(0), name: '', fields: {}, tags: [] }, T + 1)).toBe('conflict');
    expect(await contacts.update('globex', b!.id, { number: num(5), name: 'x', fields: {}, tags: [] }, T + 1)).toBeNull();
    expect(await contacts.update('acme', b!.id, { number: num(2), name: '李四', fields: { level: '3' }, tags: ['a'] }, T + 1)).toMatchObject({ number: num(2), name: '李四', updatedAt: T + 1 });
    expect((await contacts.getMany('acme', [b!.id, a!.id, other!.id, 'nope'])).map((c) => c.id)).toEqual([a!.id, b!.id].sort((x, y) => Number(x) - Number(y)));
    expect(await contacts.delete('globex', [a!.id])).toBe(0);
    expect(await contacts.delete('acme', [a!.id, 'x'])).toBe(1);
    expect(await contacts.count('acme')).toBe(1);
    expect(await contacts.count('globex')).toBe(1);
    expect(await contacts.get('acme', 'a\u0000')).toBeNull();
  });

  it('contacts: pages newest first; search by name or number prefix; filter by tag; scan oldest first', async () => {
    const { contacts } = ctx.store();
    for (let i = 0; i < 5; i++) await contacts.insert(contact({ number: num(i), name: i % 2 ? `王${i}` : `Li${i}`, tags: i < 2 ? ['vip'] : [] }), T + i);
    const first = await contacts.list({ accountId: 'acme', limit: 3 });
    expect(first.items.map((c) => c.number)).toEqual([num(4), num(3), num(2)]);
    const second = await contacts.list({ accountId: 'acme', limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.number)).toEqual([num(1), num(0)]);
    expect(second.nextCursor).toBeNull();
    expect((await contacts.list({ accountId: 'acme', namePrefix: '王', limit: 10 })).items.map((c) => c.name)).toEqual(['王3', '王1']);
    expect((await contacts.list({ accountId: 'acme', numberPrefixes: ['+861380000000', '+8613800000004'], limit: 10 })).items.length).toBe(5);
    expect((await contacts.list({ accountId: 'acme', numberPrefixes: ['+8613800000003'], namePrefix: 'Li0', limit: 10 })).items.map((c) => c.number)).toEqual([num(3), num(0)]);
    expect((await contacts.list({ accountId: 'acme', tag: 'vip', limit: 10 })).items.map((c) => c.number)).toEqual([num(1), num(0)]);
    expect((await contacts.list({ accountId: 'globex', limit: 10 })).items).toEqual([]);
    const head = await contacts.scan('acme', '0', 2);
    expect(head.map((c) => c.number)).toEqual([num(0), num(1)]);
    expect((await contacts.scan('acme', head[1]!.id, 10)).map((c) => c.number)).toEqual([num(2), num(3), num(4)]);
  });

  it('groups: names unique per account; static members added and removed in bulk, only own contacts; counted, listed, scanned', async () => {
    const { contacts } = ctx.store();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await contacts.insert(contact({ number: num(i) }), T))!.id);
    const foreign = (await contacts.insert(contact({ accountId: 'globex', number: num(9) }), T))!.id;
    const g = await contacts.createGroup({ accountId: 'acme', name: '客户', kind: 'static', filter: null }, T);
    expect(g).toMatchObject({ name: '客户', kind: 'static', filter: null });
    expect(await contacts.createGroup({ accountId: 'acme', name: '客户', kind: 'static', filter: null }, T)).toBeNull();
    const d = await contacts.createGroup({ accountId: 'acme', name: 'vip', kind: 'dynamic', filter: '{"all":[]}' }, T);
    expect(await contacts.addMembers('acme', g!.id, [...ids, foreign, 'junk'])).toBe(4);
    expect(await contacts.addMembers('acme', g!.id, ids)).toBe(0);
    expect(await contacts.addMembers('globex', g!.id, [foreign])).toBe(0);
    expect(await contacts.addMembers('acme', d!.id, ids)).toBe(0);
    expect(await contacts.count('acme', g!.id)).toBe(4);
    expect(await contacts.removeMembers('globex', g!.id, ids)).toBe(0);
    expect(await contacts.removeMembers('acme', g!.id, [ids[0]!])).toBe(1);
    expect((await contacts.list({ accountId: 'acme', groupId: g!.id, limit: 2 })).items.map((c) => c.id)).toEqual([ids[3], ids[2]]);
    expect((await contacts.scan('acme', '0', 10, g!.id)).map((c) => c.id)).toEqual(ids.slice(1));
    expect(await contacts.updateGroup('acme', d!.id, { name: '客户', filter: null }, T)).toBe('conflict');
    expect(await contacts.updateGroup('globex', d!.id, { name: 'x', filter: null }, T)).toBeNull();
    expect((await contacts.listGroups('acme')).map((x) => x.name)).toEqual(['客户', 'vip']);
    expect(await contacts.getGroup('globex', g!.id)).toBeNull();
    expect(await contacts.delete('acme', [ids[1]!])).toBe(1);
    expect(await contacts.count('acme', g!.id)).toBe(2);
    expect(await contacts.deleteGroup('globex', g!.id)).toBe(false);
    expect(await contacts.deleteGroup('acme', g!.id)).toBe(true);
    expect(await contacts.count('acme', g!.id)).toBe(0);
  });

  it('imports: staged rows reach contacts only on commit; existing numbers skipped and reported, joined to the group', async () => {
    const { contacts } = ctx.store();
    await contacts.insert(contact({ number: num(1), name: 'kept' }), T);
    const g = await contacts.createGroup({ accountId: 'acme', name: 'imported', kind: 'static', filter: null }, T);
    await contacts.createImport(job({ groupId: g!.id }), T + 60_000);
    await contacts.stageRows('imp-1', [staged(2, num(1)), staged(3, num(2)), staged(5, num(3))]);
    await contacts.addImportErrors('imp-1', [{ rowNo: 4, number: 'abc', reason: 'invalid_number' }]);
    await contacts.updateImport('imp-1', { errors: 1, total: 4, bytesRead: 100 });
    expect(await contacts.count('acme')).toBe(1);
    const done = await contacts.commitImport('imp-1', T + 9);
    expect(done).toMatchObject({ status: 'done', phase: 'finished', done: 3, inserted: 2, skipped: 1, updated: 0, errors: 2, finishedAt: T + 9 });
    expect(await contacts.getImport('acme', 'imp-1')).toEqual(done);
    expect(await contacts.getImport('globex', 'imp-1')).toBeNull();
    expect((await contacts.getByNumber('acme', num(1)))?.name).toBe('kept');
    expect((await contacts.getByNumber('acme', num(3)))).toMatchObject({ name: 'n5', fields: { level: '5' }, createdAt: T + 9 });
    expect(await contacts.count('acme', g!.id)).toBe(3);
    expect(await contacts.importErrors('imp-1', 0, 10)).toEqual([
      { rowNo: 2, number: num(1), reason: 'exists' },
      { rowNo: 4, number: 'abc', reason: 'invalid_number' },
    ]);
    expect(await contacts.importErrors('imp-1', 2, 1)).toEqual([{ rowNo: 4, number: 'abc', reason: 'invalid_number' }]);
    await expect(contacts.commitImport('imp-1', T)).rejects.toThrow();
  });

  it('imports: update mode merges fields into existing contacts; an abandoned import leaves no rows', async () => {
    const { contacts } = ctx.store();
    await contacts.insert(contact({ number: num(1), name: 'old', fields: { city: '北京', level: '1' }, tags: ['a'] }), T);
    await contacts.createImport(job({ mode: 'update' }), T + 60_000);
    await contacts.stageRows('imp-1', [staged(1, num(1), { name: '' }), staged(2, num(2))]);
    expect(await contacts.commitImport('imp-1', T + 1)).toMatchObject({ inserted: 1, updated: 1, skipped: 0, errors: 0 });
    expect(await contacts.getByNumber('acme', num(1))).toMatchObject({ name: 'old', fields: { city: '北京', level: '1' }, tags: ['a'], updatedAt: T + 1 });
    await contacts.createImport(job({ id: 'imp-2' }), T + 60_000);
    await contacts.stageRows('imp-2', [staged(1, num(7)), staged(2, num(8))]);
    await contacts.abandonImport('imp-2', 'cancelled', 'stopped by the user', T + 2);
    expect(await contacts.getImport('acme', 'imp-2')).toMatchObject({ status: 'cancelled', phase: 'finished', message: 'stopped by the user', finishedAt: T + 2 });
    expect(await contacts.count('acme')).toBe(2);
    await expect(contacts.commitImport('imp-2', T)).rejects.toThrow();
    expect(await contacts.count('acme')).toBe(2);
    expect((await contacts.listImports('acme', 10)).map((j) => j.id).sort()).toEqual(['imp-1', 'imp-2']);
  });

  it('imports: a job whose lease lapsed (its process died) is failed with its staged rows dropped; live and finished ones stay', async () => {
    const { contacts } = ctx.store();
    await contacts.createImport(job({ id: 'dead' }), T + 10);
    await contacts.stageRows('dead', [staged(1, num(1)), staged(2, num(2))]);
    await contacts.createImport(job({ id: 'alive' }), T + 10);
    await contacts.createImport(job({ id: 'finished' }), T + 10);
    await contacts.stageRows('finished', [staged(1, num(3))]);
    await contacts.commitImport('finished', T + 5);
    // The live job's process renews its lease; the dead one's does not.
    await contacts.renewImports(['alive', 'finished'], T + 100);
    expect(await contacts.failLapsedImports(T + 10, 'process gone')).toEqual([]);
    expect(await contacts.failLapsedImports(T + 11, 'process gone')).toEqual(['dead']);
    expect(await contacts.getImport('acme', 'dead')).toMatchObject({ status: 'failed', phase: 'finished', message: 'process gone', finishedAt: T + 11 });
    expect(await contacts.getImport('acme', 'alive')).toMatchObject({ status: 'running' });
    expect(await contacts.getImport('acme', 'finished')).toMatchObject({ status: 'done', inserted: 1 });
    // Nothing of the dead job reached contacts, and it cannot be committed any more.
    await expect(contacts.commitImport('dead', T + 12)).rejects.toThrow();
    expect(await contacts.count('acme')).toBe(1);
    expect(await contacts.failLapsedImports(T + 12, 'again')).toEqual([]);
  });
}
