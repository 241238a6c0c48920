// PostgreSQL text cannot contain U+0000 (a parameter with one is an error, not a miss): lookups by such a key find nothing.

/** True when some string among `values` contains U+0000, so no stored row can equal it. */
export function matchesNothing(...values: unknown[]): boolean {
  return values.some((v) => typeof v === 'string' && v.includes('\u0000'));
}
