// GBK splitting by octets: character boundaries, limits, references.
import { describe, expect, it } from 'vitest';
import { EncodingError } from '../../../../src/protocols/encoding/encoding-error.ts';
import { splitGbk } from '../../../../src/protocols/encoding/gbk-split.ts';

describe('splitGbk', () => {
  it('keeps up to 140 octets in one segment', () => {
    const [segment, ...rest] = splitGbk('中'.repeat(70));
    expect(rest).toHaveLength(0);
    expect(segment).toMatchObject({ seq: 1, total: 1, text: '中'.repeat(70) });
    expect(segment.payload).toHaveLength(140);
    expect(segment.udh).toBeUndefined();
  });

  it('cuts at 134 octets after an 8-bit UDH, never inside a character', () => {
    const text = `x${'中'.repeat(70)}`; // 141 octets
    const segments = splitGbk(text, { reference: 5 });
    expect(segments.map((s) => s.payload.length)).toEqual([133, 8]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments[1].udh?.toString('hex')).toBe('0500030502' + '02');
  });

  it('honours udh16 and custom limits', () => {
    const segments = splitGbk('中'.repeat(30), { concat: 'udh16', reference: 0x0102, limits: { single: 20, udh16: 10 } });
    expect(segments).toHaveLength(6);
    expect(segments[0].udh?.toString('hex')).toBe('06080401020601');
  });

  it('refuses too long text without concatenation, and a missing reference', () => {
    expect(() => splitGbk('中'.repeat(71), { concat: 'none' })).toThrow(EncodingError);
    expect(() => splitGbk('中'.repeat(71))).toThrow(/reference/);
  });
});
