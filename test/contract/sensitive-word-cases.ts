// Store contract, sensitive words: per-owner lists (platform, each account) with versions that nodes poll.
import { expect, it } from 'vitest';
import { T, type StoreContext } from './fixtures.ts';

const platform = { kind: 'platform' } as const;
const account = (accountId: string) => ({ kind: 'account', accountId }) as const;

export function sensitiveWordCases(ctx: StoreContext): void {
  it('sensitive words: a list never saved is empty at version 0, and no versions are listed', async () => {
    const { sensitiveWords } = ctx.store();
    expect(await sensitiveWords.get(platform)).toEqual({ version: 0, words: [], updatedAt: null });
    expect(await sensitiveWords.get(account('acme'))).toEqual({ version: 0, words: [], updatedAt: null });
    expect(await sensitiveWords.versions()).toEqual([]);
  });

  it('sensitive words: each save replaces the list and bumps only that owner\'s version', async () => {
    const { sensitiveWords } = ctx.store();
    expect(await sensitiveWords.replace(platform, ['发票', 'VPN'], T)).toBe(1);
    expect(await sensitiveWords.replace(account('acme'), ['赌博'], T + 1)).toBe(1);
    expect(await sensitiveWords.replace(platform, ['代开发票'], T + 2)).toBe(2);
    expect(await sensitiveWords.get(platform)).toEqual({ version: 2, words: ['代开发票'], updatedAt: T + 2 });
    expect(await sensitiveWords.get(account('acme'))).toEqual({ version: 1, words: ['赌博'], updatedAt: T + 1 });
    expect(await sensitiveWords.get(account('other'))).toEqual({ version: 0, words: [], updatedAt: null });
    expect(await sensitiveWords.replace(account('acme'), [], T + 3)).toBe(2);
    expect(await sensitiveWords.get(account('acme'))).toEqual({ version: 2, words: [], updatedAt: T + 3 });
    expect(await sensitiveWords.versions()).toEqual([
      { accountId: null, version: 2 },
      { accountId: 'acme', version: 2 },
    ]);
  });

  it('sensitive words: concurrent saves each get their own version; odd characters survive', async () => {
    const { sensitiveWords } = ctx.store();
    const versions = await Promise.all([1, 2, 3, 4].map((i) => sensitiveWords.replace(account('acme'), [`w${i}`], T + i)));
    expect([...versions].sort()).toEqual([1, 2, 3, 4]);
    const words = ['引号"\'\\', '😀𠮷', 'a\u0000b'];
    await sensitiveWords.replace(account('acme'), words, T);
    expect((await sensitiveWords.get(account('acme'))).words).toEqual(words);
    expect(await sensitiveWords.get(account('x\u0000y'))).toEqual({ version: 0, words: [], updatedAt: null });
  });
}
