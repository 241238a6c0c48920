// Billable length of a domestic SMS (domain.md 3.1): every character counts 1, signature and 【】 included;
// ≤ 70 is one message, longer texts cost ⌈n / 67⌉.

export const SINGLE_LIMIT = 70;
export const PART_LIMIT = 67;

/** Characters as a person counts them (code points, so an emoji is one, not two UTF-16 units). */
export function billableLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function billableSegments(length: number): number {
  if (length === 0) return 0;
  return length <= SINGLE_LIMIT ? 1 : Math.ceil(length / PART_LIMIT);
}
