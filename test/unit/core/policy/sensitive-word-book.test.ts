// The matcher book and the intake stage: lists rebuilt only when their version moves, edits by other
// nodes seen on the next poll, and a refusal that names every word with its list and position.
import { describe, expect, it } from 'vitest';
import { SensitiveWordBook } from '../../../../src/core/policy/sensitive-word-book.ts';
import { sensitiveWordStage } from '../../../../src/core/policy/sensitive-word-stage.ts';
import type { Message } from '../../../../src/core/message.ts';
import type { SensitiveWordRepository, StoredWordList, WordListOwner } from '../../../../src/store/types.ts';

/** The shared store as several nodes see it, counting full list reads. */
class MemoryLists implements SensitiveWordRepository {
  readonly lists = new Map<string, StoredWordList>();
  reads = 0;

  async get(owner: WordListOwner): Promise<StoredWordList> {
    this.reads++;
    return this.lists.get(key(owner)) ?? { version: 0, words: [], updatedAt: null };
  }

  async replace(owner: WordListOwner, words: string[], at: number): Promise<number> {
    const version = (this.lists.get(key(owner))?.version ?? 0) + 1;
    this.lists.set(key(owner), { version, words, updatedAt: at });
    return version;
  }

  async versions() {
    return [...this.lists].map(([k, l]) => ({ accountId: k === '' ? null : k, version: l.version }));
  }
}

const key = (owner: WordListOwner) => (owner.kind === 'platform' ? '' : owner.accountId);
const platform = { kind: 'platform' } as const;
const acme = { kind: 'account', accountId: 'acme' } as const;
const message = (accountId: string, text: string) => ({ accountId, text }) as Message;

describe('SensitiveWordBook', () => {
  it('reads a list only when its version moved, and sees another node\'s edit on the next poll', async () => {
    const store = new MemoryLists();
    const book = new SensitiveWordBook(store);
    await book.refresh();
    expect(book.check('acme', '发票')).toEqual([]);
    await store.replace(platform, ['发票'], 1);
    await store.replace(acme, ['促销'], 1);
    await book.refresh();
    expect(store.reads).toBe(2);
    expect(book.check('acme', '促销发票')).toEqual([
      { word: '促销', start: 0, end: 2, list: 'account' },
      { word: '发票', start: 2, end: 4, list: 'platform' },
    ]);
    expect(book.check('other', '促销发票')).toEqual([{ word: '发票', start: 2, end: 4, list: 'platform' }]);
    expect(book.check(null, '促销')).toEqual([]);
    await book.refresh();
    expect(store.reads).toBe(2);
    await store.replace(acme, [], 2);
    await book.refresh();
    expect(store.reads).toBe(3);
    expect(book.versionOf(acme)).toBe(2);
    expect(book.check('acme', '促销')).toEqual([]);
  });

  it('folds refreshes asked for while one runs into one more pass', async () => {
    const store = new MemoryLists();
    const book = new SensitiveWordBook(store);
    const first = book.refresh();
    await store.replace(platform, ['x1'], 1);
    const second = book.refresh();
    await Promise.all([first, second]);
    expect(book.versionOf(platform)).toBe(1);
  });
});

describe('sensitiveWordStage', () => {
  it('refuses with content_blocked naming the words, and follows list changes', async () => {
    const store = new MemoryLists();
    const book = new SensitiveWordBook(store);
    const stage = sensitiveWordStage(book);
    expect(stage.check(message('acme', 'VPN 发票'))).toBeNull();
    await store.replace(platform, ['vpn', '发票'], 1);
    await book.refresh();
    const refusal = stage.check(message('acme', 'VPN 发票')) as { code: string; status: number; field?: string; details?: unknown };
    expect(refusal).toMatchObject({ code: 'content_blocked', status: 422, field: 'text' });
    expect(refusal.details).toEqual([
      { word: 'vpn', start: 0, end: 3, list: 'platform' },
      { word: '发票', start: 4, end: 6, list: 'platform' },
    ]);
    await store.replace(platform, [], 2);
    await book.refresh();
    expect(stage.check(message('acme', 'VPN 发票'))).toBeNull();
  });
});
