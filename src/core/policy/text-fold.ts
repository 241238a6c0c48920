// How the sensitive-word matcher compares characters: Latin case folded, full-width Latin and digits
// read as ASCII, and separators (spaces, punctuation, symbols, invisible format marks) recognised so
// that "发 票" or "f.r.e.e" cannot slip a listed word past the filter.

const SEPARATOR = /[\p{Z}\p{P}\p{S}\p{Cc}\p{Cf}]/u;

/** ASCII answers come from a table: most SMS text is ASCII or CJK, and this runs per character. */
const ASCII_SEPARATOR = new Uint8Array(128);
for (let cp = 0; cp < 128; cp++) ASCII_SEPARATOR[cp] = SEPARATOR.test(String.fromCharCode(cp)) ? 1 : 0;

export function isSeparator(cp: number): boolean {
  if (cp < 128) return ASCII_SEPARATOR[cp] === 1;
  // CJK ideographs and Hangul are by far the most common non-ASCII letters: skip the regex for them.
  if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af)) return false;
  return SEPARATOR.test(String.fromCodePoint(cp));
}

/** The code point a character is compared as. Full-width forms (Ａ, ｂ, ３) count as their ASCII letters. */
export function foldCodePoint(cp: number): number {
  if (cp < 128) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  if (cp >= 0xff01 && cp <= 0xff5e) return foldCodePoint(cp - 0xfee0);
  // Latin-1 and Latin Extended-A/B (É, Ł, …); a lower case that is not one code point (İ) stays as is.
  if (cp < 0x250) {
    const lower = String.fromCodePoint(cp).toLowerCase();
    const folded = lower.codePointAt(0)!;
    return lower.length === String.fromCodePoint(folded).length ? folded : cp;
  }
  return cp;
}

/** A word as the matcher stores it: folded code points with separators removed. */
export function foldWord(word: string, ignoreSeparators: boolean): number[] {
  const out: number[] = [];
  for (const ch of word) {
    const cp = ch.codePointAt(0)!;
    if (ignoreSeparators && isSeparator(cp)) continue;
    out.push(foldCodePoint(cp));
  }
  return out;
}
