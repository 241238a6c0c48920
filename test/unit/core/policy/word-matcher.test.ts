// The Aho–Corasick word matcher: every occurrence with UTF-16 indices, folding, separators, and a property against naive search.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WordMatcher, type WordMatch } from '../../../../src/core/policy/word-matcher.ts';

const sorted = (matches: WordMatch[]) => [...matches].sort((a, b) => a.start - b.start || a.end - b.end || a.word.localeCompare(b.word));

/** The reference: every index of every word, exact code units (no folding, no separators). */
function naive(words: string[], text: string): WordMatch[] {
  const out: WordMatch[] = [];
  for (const word of new Set(words)) {
    if (word.length === 0) continue;
    for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push({ word, start: i, end: i + word.length });
  }
  return out;
}

describe('WordMatcher', () => {
  it('finds overlapping words and words inside words', () => {
    const m = new WordMatcher(['he', 'she', 'his', 'hers'], { ignoreSeparators: false });
    expect(sorted(m.match('ushers'))).toEqual([
      { word: 'she', start: 1, end: 4 },
      { word: 'he', start: 2, end: 4 },
      { word: 'hers', start: 2, end: 6 },
    ]);
    expect(new WordMatcher(['aa']).match('aaaa').map((x) => x.start)).toEqual([0, 1, 2]);
  });

  it('matches Chinese and mixed text with UTF-16 indices', () => {
    const m = new WordMatcher(['发票', '代开发票', '赌博']);
    const text = '您好，代开发票请联系VIP 赌博';
    const found = sorted(m.match(text));
    expect(found).toEqual([
      { word: '代开发票', start: 3, end: 7 },
      { word: '发票', start: 5, end: 7 },
      { word: '赌博', start: 14, end: 16 },
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.word);
  });

  it('counts characters outside the BMP as two UTF-16 units', () => {
    const m = new WordMatcher(['𠮷野家']);
    expect(m.match('😀𠮷野家')).toEqual([{ word: '𠮷野家', start: 2, end: 6 }]);
  });

  it('ignores case for Latin letters, including full-width ones', () => {
    const m = new WordMatcher(['VPN', 'Casino']);
    expect(sorted(m.match('vpn CASINO ｖｐｎ Élan'))).toEqual([
      { word: 'VPN', start: 0, end: 3 },
      { word: 'Casino', start: 4, end: 10 },
      { word: 'VPN', start: 11, end: 14 },
    ]);
    expect(new WordMatcher(['élan']).match('ÉLAN')).toEqual([{ word: 'élan', start: 0, end: 4 }]);
  });

  it('skips separators inserted between characters when asked (the default), and not otherwise', () => {
    expect(new WordMatcher(['发票']).match('发 * 票!')).toEqual([{ word: '发票', start: 0, end: 5 }]);
    expect(new WordMatcher(['free money']).match('FREE-MONEY')).toEqual([{ word: 'free money', start: 0, end: 10 }]);
    expect(new WordMatcher(['发票'], { ignoreSeparators: false }).match('发 票')).toEqual([]);
    expect(new WordMatcher(['发票']).match('发\u200b票')).toHaveLength(1);
  });

  it('ignores empty and separator-only words, and reports a word spelled twice once', () => {
    const m = new WordMatcher(['', '  ', '!!', 'ab', 'AB']);
    expect(m.size).toBe(1);
    expect(m.match('xaby')).toEqual([{ word: 'ab', start: 1, end: 3 }]);
    expect(new WordMatcher([]).match('anything')).toEqual([]);
  });

  it('handles many words', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}x`);
    const m = new WordMatcher(words, { ignoreSeparators: false });
    expect(m.size).toBe(5000);
    expect(m.match('..w42x..w4999x..w5000x').map((x) => x.word)).toEqual(['w42x', 'w4999x']);
  });

  it('agrees with a naive search on random lists and texts', () => {
    // A small alphabet with a Chinese character and an astral one makes overlaps and nesting common.
    const char = fc.constantFrom('a', 'b', 'c', '中', '😀');
    const word = fc.array(char, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(char, { maxLength: 40 }), (words, chars) => {
        const text = chars.join('');
        expect(sorted(new WordMatcher(words, { ignoreSeparators: false }).match(text))).toEqual(sorted(naive(words, text)));
      }),
      { numRuns: 500 },
    );
  });
});
