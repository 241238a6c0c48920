// Longest-prefix lookup of a number in a number-segment table.
import { chineseNational, digitsOf, type CarrierSegment } from './carrier.ts';

export class SegmentTable {
  private readonly byPrefix = new Map<string, CarrierSegment>();

  constructor(segments: Iterable<CarrierSegment>) {
    // A later row replaces an earlier one with the same prefix: the operator's rows come after the built-in ones.
    for (const s of segments) this.byPrefix.set(s.prefix, s);
  }

  get size(): number {
    return this.byPrefix.size;
  }

  /** The rows, ordered by prefix. */
  rows(): CarrierSegment[] {
    return [...this.byPrefix.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  }

  /** The segment of an E.164 number: the longest matching prefix whose kind has the number's length. */
  match(e164: string): CarrierSegment | null {
    const national = chineseNational(e164);
    if (!national) return null;
    for (let len = 5; len >= 3; len--) {
      const s = this.byPrefix.get(national.slice(0, len));
      if (s && digitsOf(s.kind) === national.length) return s;
    }
    return null;
  }
}
