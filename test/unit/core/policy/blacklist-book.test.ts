// The blacklist book and stage: which lists apply to which account and signature, reloads by version,
// and the opt-out keyword test (whole text, case- and width-insensitive).
import { describe, expect, it } from 'vitest';
import { isOptOutText } from '../../../../src/core/opt-out.ts';
import { BlacklistBook } from '../../../../src/core/policy/blacklist-book.ts';
import { signatureOf } from '../../../../src/core/policy/blacklist-stage.ts';
import type { BlacklistEntry, BlacklistRepository } from '../../../../src/store/types.ts';

function repository(entries: BlacklistEntry[]): BlacklistRepository & { reads: number } {
  const repo = {
    reads: 0,
    add: async () => { throw new Error('unused'); },
    remove: async () => 0,
    find: async () => [],
    list: async () => ({ items: [], nextCursor: null }),
    all: async () => (repo.reads++, [...entries]),
    version: async () => `${entries.length}`,
  };
  return repo;
}

const entry = (over: Partial<BlacklistEntry>): BlacklistEntry => ({ id: '1', scope: 'platform', accountId: null, signature: null, number: '+8613800000000', reason: null, createdAt: 0, ...over });

describe('BlacklistBook', () => {
  it('applies platform and carrier lists to all, account and unsubscribe lists to their account only', async () => {
    const entries = [entry({ number: '+1' }), entry({ scope: 'carrier', number: '+2' }), entry({ scope: 'account', accountId: 'a', number: '+3' }), entry({ scope: 'unsubscribe', accountId: 'a', number: '+4' })];
    const book = new BlacklistBook(repository(entries));
    await book.refresh();
    expect(book.check('b', '+1', null).map((h) => h.list)).toEqual(['platform']);
    expect(book.check('b', '+2', null).map((h) => h.list)).toEqual(['carrier']);
    expect(book.check('a', '+3', null).map((h) => h.list)).toEqual(['account']);
    expect(book.check('b', '+3', null)).toEqual([]);
    expect(book.check('a', '+4', null).map((h) => h.list)).toEqual(['unsubscribe']);
    expect(book.check('a', '+4', null, true)).toEqual([]);
    expect(book.check('a', '+5', null)).toEqual([]);
  });

  it('an unsubscribe with a signature stops only texts with that signature', async () => {
    const book = new BlacklistBook(repository([entry({ scope: 'unsubscribe', accountId: 'a', signature: '快信', number: '+4' })]));
    await book.refresh();
    expect(book.check('a', '+4', '快信')).toHaveLength(1);
    expect(book.check('a', '+4', '别家')).toEqual([]);
    expect(book.check('a', '+4', null)).toEqual([]);
  });

  it('reloads only when the version moves', async () => {
    const entries: BlacklistEntry[] = [];
    const repo = repository(entries);
    const book = new BlacklistBook(repo);
    await book.refresh();
    await book.refresh();
    expect(repo.reads).toBe(1);
    entries.push(entry({ number: '+9' }));
    await book.refresh();
    expect(repo.reads).toBe(2);
    expect(book.check('a', '+9', null)).toHaveLength(1);
  });
});

describe('signatures and opt-out keywords', () => {
  it('finds 【signature】 at the start or the end of a text', () => {
    expect(signatureOf('【快信】您的验证码是 1234')).toBe('快信');
    expect(signatureOf('您的验证码是 1234【快信】')).toBe('快信');
    expect(signatureOf('您的【快信】验证码')).toBeNull();
  });

  it('the whole text, trimmed, any case or width, is the keyword', () => {
    for (const text of ['TD', 'td', ' Td ', 'ｔｄ', 'ＴＤ', '退订', ' 退订\n', 'R', 'n', 'stop', 'Unsubscribe', 'T']) expect(isOptOutText(text), text).toBe(true);
    for (const text of ['退订 please', 'TDD', 'STOP!', '', 'not now', 'T D']) expect(isOptOutText(text), text).toBe(false);
  });
});
