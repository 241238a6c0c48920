// A hand-written Aho–Corasick automaton over a sensitive-word list: built once per list version,
// it finds every occurrence of every word (overlapping ones and words inside words) in one pass,
// in O(text + matches). Indices are UTF-16 positions in the original text, as JavaScript counts them.
import { foldCodePoint, foldWord, isSeparator } from './text-fold.ts';

export interface WordMatch {
  /** The word as written in the list. */
  word: string;
  /** UTF-16 index of the first character of the occurrence. */
  start: number;
  /** UTF-16 index just past its last character (text.slice(start, end) is the occurrence). */
  end: number;
}

export interface MatcherOptions {
  /**
   * Skip spaces, punctuation and symbols between the characters of a word (default true), so
   * "发*票" matches "发票". The price: a Latin word may match across a word boundary ("a b" for "ab").
   */
  ignoreSeparators?: boolean;
}

export class WordMatcher {
  readonly size: number;
  private readonly ignoreSeparators: boolean;
  /** Trie edges per state; state 0 is the root. */
  private readonly next: Array<Map<number, number>> = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  /** Index into `words` of the word ending at a state, or -1. */
  private readonly wordAt: number[] = [-1];
  /** Nearest state down the fail chain that ends a word (-1 none): emits matches without walking dead states. */
  private outputLink: Int32Array = new Int32Array(1);
  /** Per distinct folded word: the spelling to report and its length in compared code points. */
  private readonly words: Array<{ word: string; length: number }> = [];

  constructor(list: readonly string[], options: MatcherOptions = {}) {
    this.ignoreSeparators = options.ignoreSeparators ?? true;
    for (const word of list) this.insert(word);
    this.size = this.words.length;
    this.link();
  }

  /** Every occurrence, ordered by end then by length (longest first). */
  match(text: string): WordMatch[] {
    const found: WordMatch[] = [];
    if (this.size === 0) return found;
    // UTF-16 start of each compared character, so a match's start is found by its length alone.
    const starts: number[] = [];
    let state = 0;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      if (this.ignoreSeparators && isSeparator(cp)) {
        i += width;
        continue;
      }
      starts.push(i);
      const c = foldCodePoint(cp);
      let to = this.next[state].get(c);
      while (to === undefined && state !== 0) {
        state = this.fail[state];
        to = this.next[state].get(c);
      }
      state = to ?? 0;
      const end = i + width;
      for (let s = this.wordAt[state] >= 0 ? state : this.outputLink[state]; s > 0; s = this.outputLink[s]) {
        const entry = this.words[this.wordAt[s]];
        found.push({ word: entry.word, start: starts[starts.length - entry.length], end });
      }
      i += width;
    }
    return found;
  }

  private insert(word: string): void {
    const folded = foldWord(word, this.ignoreSeparators);
    if (folded.length === 0) return; // nothing left to compare: such a word could match everywhere
    let state = 0;
    for (const c of folded) {
      let to = this.next[state].get(c);
      if (to === undefined) {
        to = this.next.length;
        this.next.push(new Map());
        this.wordAt.push(-1);
        this.next[state].set(c, to);
      }
      state = to;
    }
    // Two spellings that fold alike ("VPN", "vpn") are one word: the first is reported.
    if (this.wordAt[state] >= 0) return;
    this.wordAt[state] = this.words.length;
    this.words.push({ word, length: folded.length });
  }

  /** Breadth-first: a state's fail link is the longest proper suffix of its path that is also a trie path. */
  private link(): void {
    const count = this.next.length;
    this.fail = new Int32Array(count);
    this.outputLink = new Int32Array(count).fill(-1);
    const queue: number[] = [];
    for (const child of this.next[0].values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [c, child] of this.next[state]) {
        let f = this.fail[state];
        let to = this.next[f].get(c);
        while (to === undefined && f !== 0) {
          f = this.fail[f];
          to = this.next[f].get(c);
        }
        const target = to ?? 0;
        this.fail[child] = target;
        this.outputLink[child] = this.wordAt[target] >= 0 ? target : this.outputLink[target];
        queue.push(child);
      }
    }
  }
}
