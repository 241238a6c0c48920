// The recipient walk campaigns use: a static group, a dynamic filter, a selection or everyone, in pages
// of bounded size, resumable after an id, and member pages of a dynamic group; on a real SQLite store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audiencePages, countAudience, filterPage, type Audience } from '../../../../src/core/contacts/contact-audience.ts';
import { parseFilter } from '../../../../src/core/contacts/contact-filter.ts';
import { SqliteStore } from '../../../../src/store/sqlite/sqlite-store.ts';

let store: SqliteStore;
const ids: string[] = [];

beforeEach(async () => {
  store = await SqliteStore.open(':memory:');
  ids.length = 0;
  for (let i = 0; i < 25; i++) {
    const c = await store.contacts.insert({ accountId: 'acme', number: `+86138000000${String(i).padStart(2, '0')}`, name: `c${i}`, fields: { level: String(i % 5), birthday: `1990-${(i % 12) + 1}-01` }, tags: i % 2 ? ['vip'] : [] }, 1);
    ids.push(c!.id);
  }
  await store.contacts.insert({ accountId: 'globex', number: '+8613900000000', name: 'other', fields: { level: '4' }, tags: ['vip'] }, 1);
});
afterEach(() => store.close());

async function walk(audience: Audience, pageSize: number, afterId?: string): Promise<{ pages: number[]; names: string[] }> {
  const pages: number[] = [];
  const names: string[] = [];
  for await (const page of audiencePages(store.contacts, 'acme', audience, { pageSize, afterId })) {
    pages.push(page.length);
    names.push(...page.map((c) => c.name));
  }
  return { pages, names };
}

describe('audiencePages', () => {
  it('walks every contact of the account in id order, in pages of at most pageSize, resumable', async () => {
    const all = await walk({ kind: 'all' }, 10);
    expect(all.pages).toEqual([10, 10, 5]);
    expect(all.names).toEqual(Array.from({ length: 25 }, (_, i) => `c${i}`));
    expect((await walk({ kind: 'all' }, 10, ids[19])).names).toEqual(['c20', 'c21', 'c22', 'c23', 'c24']);
  });

  it('walks a static group through its members only', async () => {
    const g = await store.contacts.createGroup({ accountId: 'acme', name: 'g', kind: 'static', filter: null }, 1);
    await store.contacts.addMembers('acme', g!.id, [ids[3]!, ids[7]!, ids[11]!]);
    expect(await walk({ kind: 'group', groupId: g!.id }, 2)).toEqual({ pages: [2, 1], names: ['c3', 'c7', 'c11'] });
    expect(await countAudience(store.contacts, 'acme', { kind: 'group', groupId: g!.id })).toBe(3);
  });

  it('evaluates a dynamic filter page by page, never reaching another account', async () => {
    const filter = parseFilter({ conditions: [{ field: 'tags', op: 'has', value: 'vip' }, { field: 'level', op: 'gte', value: 3 }] });
    const { names } = await walk({ kind: 'filter', filter }, 4);
    expect(names).toEqual(['c3', 'c9', 'c13', 'c19', 'c23']);
    expect(await countAudience(store.contacts, 'acme', { kind: 'filter', filter })).toBe(5);
  });

  it('walks a selection by id, skipping unknown and foreign ids', async () => {
    const selection = [ids[5]!, ids[1]!, ids[5]!, '999999', 'junk'];
    expect((await walk({ kind: 'contacts', contactIds: selection }, 10)).names).toEqual(['c1', 'c5']);
  });
});

describe('filterPage', () => {
  it('pages a dynamic group with a cursor, and stops scanning at the scan limit', async () => {
    const filter = parseFilter({ conditions: [{ field: 'birthday', op: 'month', value: 1 }] });
    const first = await filterPage(store.contacts, 'acme', filter, undefined, 2);
    expect(first.items.map((c) => c.name)).toEqual(['c0', 'c12']);
    const second = await filterPage(store.contacts, 'acme', filter, first.nextCursor!, 2);
    expect(second.items.map((c) => c.name)).toEqual(['c24']);
    expect(second.nextCursor).toBeNull();
    const bounded = await filterPage(store.contacts, 'acme', filter, undefined, 5, 10);
    expect(bounded.items.map((c) => c.name)).toEqual(['c0']);
    expect(bounded.nextCursor).not.toBeNull();
    await expect(filterPage(store.contacts, 'acme', filter, 'bad', 2)).rejects.toThrow(/invalid cursor/);
  });
});
