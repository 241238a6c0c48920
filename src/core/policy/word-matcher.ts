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
  /**
   * Trie edges. A full list (10 000 words of 50 characters) has half a million states, nearly all
   * with one child; a map per state would cost about 100 MB. So each state keeps its first edge
   * inline (code point, target; -1 = none) and only states with more children get a map.
   */
  private firstVia: number[] | Int32Array = [-1];
  private firstTo: number[] | Int32Array = [-1];
  private readonly moreEdges = new Map<number, Map<number, number>>();
  private stateCount = 1;
  /** Per state (0 = root): its parent, the code point leading to it, its depth — enough to link without child lists. */
  private parent: number[] = [0];
  private via: number[] = [0];
  private depth: number[] = [0];
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
      state = this.step(state, foldCodePoint(cp));
      const end = i + width;
      for (let s = this.wordAt[state] >= 0 ? state : this.outputLink[state]; s > 0; s = this.outputLink[s]) {
        const entry = this.words[this.wordAt[s]];
        found.push({ word: entry.word, start: starts[starts.length - entry.length], end });
      }
      i += width;
    }
    return found;
  }

  /** The automaton's move: follow fail links until an edge on `c` exists (or the root is reached). */
  private step(state: number, c: number): number {
    for (;;) {
      const to = this.edge(state, c);
      if (to >= 0) return to;
      if (state === 0) return 0;
      state = this.fail[state];
    }
  }

  /** The trie child of `state` on `c`, or -1. */
  private edge(state: number, c: number): number {
    if (this.firstVia[state] === c) return this.firstTo[state];
    return this.moreEdges.get(state)?.get(c) ?? -1;
  }

  private addEdge(state: number, c: number, to: number): void {
    if (this.firstTo[state] < 0) {
      this.firstVia[state] = c;
      this.firstTo[state] = to;
      return;
    }
    let more = this.moreEdges.get(state);
    if (!more) this.moreEdges.set(state, (more = new Map()));
    more.set(c, to);
  }

  private insert(word: string): void {
    const folded = foldWord(word, this.ignoreSeparators);
    if (folded.length === 0) return; // nothing left to compare: such a word could match everywhere
    let state = 0;
    for (const c of folded) {
      let to = this.edge(state, c);
      if (to < 0) {
        to = this.stateCount++;
        (this.firstVia as number[]).push(-1);
        (this.firstTo as number[]).push(-1);
        this.addEdge(state, c, to);
        this.parent.push(state);
        this.via.push(c);
        this.depth.push(this.depth[state] + 1);
        this.wordAt.push(-1);
      }
      state = to;
    }
    // Two spellings that fold alike ("VPN", "vpn") are one word: the first is reported.
    if (this.wordAt[state] >= 0) return;
    this.wordAt[state] = this.words.length;
    this.words.push({ word, length: folded.length });
  }

  /**
   * A state's fail link is the longest proper suffix of its path that is also a trie path. States
   * are linked in order of depth, so every shallower link they rely on is already set.
   */
  private link(): void {
    const count = this.stateCount;
    // Built: typed arrays from here on (compact, and integer reads in the hot loop).
    this.firstVia = Int32Array.from(this.firstVia);
    this.firstTo = Int32Array.from(this.firstTo);
    this.fail = new Int32Array(count);
    this.outputLink = new Int32Array(count).fill(-1);
    for (const state of byDepth(this.depth)) {
      const p = this.parent[state];
      const target = p === 0 ? 0 : this.step(this.fail[p], this.via[state]);
      this.fail[state] = target;
      this.outputLink[state] = this.wordAt[target] >= 0 ? target : this.outputLink[target];
    }
    // Only linking needs them: a list's matcher lives until the list changes.
    this.parent = [];
    this.via = [];
    this.depth = [];
  }
}

/** Non-root states ordered by depth (counting sort: depths are at most a word's length). */
function byDepth(depth: number[]): Int32Array {
  let max = 0;
  for (const d of depth) if (d > max) max = d;
  const counts = new Int32Array(max + 2);
  for (let s = 1; s < depth.length; s++) counts[depth[s] + 1]++;
  for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
  const order = new Int32Array(depth.length - 1);
  for (let s = 1; s < depth.length; s++) order[counts[depth[s]]++] = s;
  return order;
}
