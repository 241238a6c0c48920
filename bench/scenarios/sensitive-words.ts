// Sensitive-word matcher on one core: build time of a small and of a full list, and texts checked per second.
import { WordMatcher } from '../../src/core/policy/word-matcher.ts';

/** Deterministic pseudo-random CJK text, so runs compare (a small LCG; no security meaning). */
function cjk(seed: number): (length: number) => string {
  let x = seed;
  return (length) => {
    let out = '';
    for (let i = 0; i < length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      out += String.fromCharCode(0x4e00 + (x % 3000));
    }
    return out;
  };
}

export async function sensitiveWordsScenario(): Promise<Record<string, unknown>[]> {
  const text = cjk(7);
  const results: Record<string, unknown>[] = [];
  for (const [count, length] of [[1_000, 4], [10_000, 50]] as const) {
    const words = Array.from({ length: count }, () => text(length));
    const start = process.hrtime.bigint();
    const matcher = new WordMatcher(words);
    const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
    // A typical SMS (70 characters) holding one listed word.
    const sms = text(60) + words[count >> 1].slice(0, 4) + text(6);
    for (let i = 0; i < 20_000; i++) matcher.match(sms); // warm up the optimiser
    const n = 200_000;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) matcher.match(sms);
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    results.push({ words: count, wordLength: length, buildMs: Math.round(buildMs), textsPerSecond: Math.round(n / seconds) });
  }
  return results;
}
