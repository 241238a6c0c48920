// Reading a contact's date field for birthday-style triggers; the union of several groups and picked
// contacts a campaign walks, on a real SQLite store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Campaign, CampaignRun } from '../../../../src/core/campaigns/campaign.ts';
import { groupAudience, monthDayOf } from '../../../../src/core/campaigns/group-audience.ts';
import { SqliteStore } from '../../../../src/store/sqlite/sqlite-store.ts';

describe('monthDayOf', () => {
  it('reads the usual ways a date is written, and refuses what is not a date', () => {
    expect(monthDayOf('1990-05-17')).toBe('05-17');
    expect(monthDayOf('1990/5/7')).toBe('05-07');
    expect(monthDayOf('05-17')).toBe('05-17');
    expect(monthDayOf('1990年5月17日')).toBe('05-17');
    expect(monthDayOf(' 12.31 ')).toBe('12-31');
    expect(monthDayOf('13-01')).toBeNull();
    expect(monthDayOf('vip')).toBeNull();
    expect(monthDayOf(undefined)).toBeNull();
  });
});

describe('groupAudience over several groups and picked contacts', () => {
  let store: SqliteStore;
  const ids: string[] = [];

  beforeEach(async () => {
    store = await SqliteStore.open(':memory:');
    ids.length = 0;
    for (let i = 0; i < 30; i++) {
      const c = await store.contacts.insert({ accountId: 'acme', number: `+86138000000${String(i).padStart(2, '0')}`, name: `c${i}`, fields: { level: String(i % 5) }, tags: [] }, 1);
      ids.push(c!.id);
    }
  });
  afterEach(() => store.close());

  const campaignTo = (audience: Campaign['audience']): Campaign => ({
    id: 'cmp', accountId: 'acme', name: 'x', status: 'active', content: { text: 'x', category: 'marketing', priority: 'bulk' }, audience,
    schedule: { kind: 'once' }, sendWindow: null, nextRunAt: null, recipientCount: 0, createdAt: 1, updatedAt: 1,
  });
  const run = { dueAt: 1 } as CampaignRun;

  it('yields the union once each, in id order, in pages of at most the limit, from any cursor', async () => {
    const evens = (await store.contacts.createGroup({ accountId: 'acme', name: 'evens', kind: 'static', filter: null }, 1))!;
    await store.contacts.addMembers('acme', evens.id, ids.filter((_id, i) => i % 2 === 0 && i < 20));
    const levelOne = (await store.contacts.createGroup({ accountId: 'acme', name: 'one', kind: 'dynamic', filter: JSON.stringify({ match: 'all', conditions: [{ field: 'level', op: 'eq', value: '1' }] }) }, 1))!;
    const picked = [ids[29]!, ids[3]!, ids[0]!, ids[29]!];
    const expected = Array.from({ length: 30 }, (_, i) => i).filter((i) => (i % 2 === 0 && i < 20) || i % 5 === 1 || [29, 3, 0].includes(i)).map((i) => `c${i}`);

    const audience = groupAudience(store, campaignTo({ kind: 'contacts', groupIds: [evens.id, levelOne.id], contactIds: picked }), run);
    expect(await audience.count()).toBe(expected.length);
    for (const limit of [1, 2, 3, 7, 50]) {
      const cursors: Array<string | null> = [];
      const names: string[] = [];
      for (let cursor: string | null = null; ; ) {
        const page = await audience.page(cursor, limit);
        expect(page.members.length).toBeLessThanOrEqual(limit);
        names.push(...page.members.map((m) => m.params.name!));
        cursors.push(page.cursor);
        if (page.cursor === null) break;
        cursor = page.cursor;
      }
      expect(names, `pages of ${limit}`).toEqual(expected);
      // Resuming at a saved cursor (a taken-over run) goes on with the rest, nothing repeated.
      const middle = cursors[Math.floor(cursors.length / 2) - 1];
      if (middle) {
        const rest: string[] = [];
        for (let cursor: string | null = middle; cursor !== null; ) {
          const page = await audience.page(cursor, limit);
          rest.push(...page.members.map((m) => m.params.name!));
          cursor = page.cursor;
        }
        expect(rest).toEqual(expected.slice(expected.length - rest.length));
        expect(rest.length).toBeLessThan(expected.length);
      }
    }
  });

  it('a single legacy group, and a deleted group that reaches nobody', async () => {
    const group = (await store.contacts.createGroup({ accountId: 'acme', name: 'g', kind: 'static', filter: null }, 1))!;
    await store.contacts.addMembers('acme', group.id, [ids[4]!, ids[2]!]);
    const legacy = groupAudience(store, campaignTo({ kind: 'group', groupId: group.id }), run);
    expect(await legacy.count()).toBe(2);
    expect((await legacy.page(null, 10)).members.map((m) => m.number)).toEqual(['+8613800000002', '+8613800000004']);
    const gone = groupAudience(store, campaignTo({ kind: 'contacts', groupIds: ['999'], contactIds: [ids[7]!] }), run);
    expect((await gone.page(null, 10)).members.map((m) => m.params.name)).toEqual(['c7']);
  });
});
