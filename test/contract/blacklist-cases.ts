// Store contract, blacklists: entries per scope and owner, found by number, paged per owner, versioned.
import { expect, it } from 'vitest';
import type { NewBlacklistEntry } from '../../src/store/types.ts';
import { T, type StoreContext } from './fixtures.ts';

const N = '+8613800138000';
const entry = (over: Partial<NewBlacklistEntry>): NewBlacklistEntry => ({ scope: 'platform', accountId: null, signature: null, number: N, reason: null, ...over });

export function blacklistCases(ctx: StoreContext): void {
  it('blacklist: entries on every list are found by number; adding twice keeps one', async () => {
    const { blacklist } = ctx.store();
    expect(await blacklist.version()).toBe('0:0');
    const p = await blacklist.add(entry({ reason: 'fraud' }), T);
    expect(p).toMatchObject({ scope: 'platform', accountId: null, signature: null, number: N, reason: 'fraud', createdAt: T });
    expect(await blacklist.add(entry({ reason: 'again' }), T + 5)).toEqual(p);
    await blacklist.add(entry({ scope: 'account', accountId: 'acme' }), T + 1);
    await blacklist.add(entry({ scope: 'unsubscribe', accountId: 'acme', signature: '快信' }), T + 2);
    await blacklist.add(entry({ scope: 'unsubscribe', accountId: 'acme' }), T + 3);
    await blacklist.add(entry({ scope: 'carrier', reason: 'reported' }), T + 4);
    await blacklist.add(entry({ number: '+8613900139000' }), T + 4);
    const found = await blacklist.find(N);
    expect(found.map((e) => [e.scope, e.accountId, e.signature])).toEqual([
      ['platform', null, null],
      ['account', 'acme', null],
      ['unsubscribe', 'acme', '快信'],
      ['unsubscribe', 'acme', null],
      ['carrier', null, null],
    ]);
    expect(await blacklist.find('+1000')).toEqual([]);
    expect((await blacklist.all()).length).toBe(6);
    expect(await blacklist.version()).toBe(`${Number(found[4].id) + 1}:6`);
  });

  it('blacklist: remove takes one scope and owner only, and moves the version', async () => {
    const { blacklist } = ctx.store();
    await blacklist.add(entry({ scope: 'account', accountId: 'acme' }), T);
    await blacklist.add(entry({ scope: 'account', accountId: 'other' }), T);
    const before = await blacklist.version();
    expect(await blacklist.remove('account', 'acme', N)).toBe(1);
    expect(await blacklist.remove('account', 'acme', N)).toBe(0);
    expect(await blacklist.version()).not.toBe(before);
    expect((await blacklist.find(N)).map((e) => e.accountId)).toEqual(['other']);
    expect(await blacklist.remove('account', 'x\u0000', N)).toBe(0);
    expect(await blacklist.find('a\u0000b')).toEqual([]);
  });

  it('blacklist: lists page newest first per owner; accounts never see each other', async () => {
    const { blacklist } = ctx.store();
    for (let i = 0; i < 5; i++) await blacklist.add(entry({ scope: i % 2 ? 'unsubscribe' : 'account', accountId: 'acme', number: `+861380000000${i}` }), T + i);
    await blacklist.add(entry({ scope: 'account', accountId: 'other' }), T);
    await blacklist.add(entry({}), T);
    await blacklist.add(entry({ scope: 'carrier' }), T + 1);
    const first = await blacklist.list({ accountId: 'acme', limit: 3 });
    expect(first.items.map((e) => e.number)).toEqual(['+8613800000004', '+8613800000003', '+8613800000002']);
    const second = await blacklist.list({ accountId: 'acme', limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.number)).toEqual(['+8613800000001', '+8613800000000']);
    expect(second.nextCursor).toBeNull();
    expect((await blacklist.list({ accountId: 'acme', scope: 'unsubscribe', limit: 10 })).items.length).toBe(2);
    expect((await blacklist.list({ accountId: 'other', limit: 10 })).items.map((e) => e.accountId)).toEqual(['other']);
    expect((await blacklist.list({ accountId: null, limit: 10 })).items.map((e) => e.scope)).toEqual(['carrier', 'platform']);
  });
}
