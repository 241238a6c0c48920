// Segment splitting and counting: limits, pair boundaries, concatenation modes, properties.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SEGMENT_LIMITS,
  countSegments,
  splitText,
  type ConcatMode,
  type Segment,
} from '../../../../src/protocols/encoding/split.ts';
import { chooseEncoding, decodeAs, lengthAs, type TextEncoding } from '../../../../src/protocols/encoding/data-coding.ts';
import { parseUdh } from '../../../../src/protocols/encoding/udh.ts';
import { isHighSurrogate } from '../../../../src/protocols/encoding/ucs2.ts';
import { cjkChar, messageText } from './arbitraries.ts';

const joined = (segments: Segment[], encoding: TextEncoding): string =>
  segments.map((s) => decodeAs(s.payload, encoding)).join('');

describe('splitText: single messages', () => {
  it('keeps a text at the single limit in one segment without a UDH', () => {
    for (const [encoding, text] of [
      ['gsm7', 'a'.repeat(160)],
      ['gsm7', '€'.repeat(80)],
      ['latin1', 'é'.repeat(140)],
      ['ia5', 'x'.repeat(140)],
      ['ucs2', '你'.repeat(70)],
      ['ucs2', '😀'.repeat(35)],
    ] as const) {
      const segments = splitText(text, { encoding, concat: 'udh8', reference: 1 });
      expect(segments).toHaveLength(1);
      expect(segments[0]).toMatchObject({ seq: 1, total: 1, text });
      expect(segments[0].udh).toBeUndefined();
      expect(decodeAs(segments[0].payload, encoding)).toBe(text);
    }
  });

  it('needs no reference for a single segment and gives one empty segment for empty text', () => {
    expect(splitText('hi', { encoding: 'gsm7', concat: 'udh8' })).toHaveLength(1);
    const [empty] = splitText('', { encoding: 'ucs2', concat: 'udh16' });
    expect(empty.payload).toHaveLength(0);
  });
});

describe('splitText: concatenation', () => {
  it('cuts GSM text at 153 septets with 8-bit UDHs', () => {
    const text = 'a'.repeat(161);
    const segments = splitText(text, { encoding: 'gsm7', concat: 'udh8', reference: 0x42 });
    expect(segments.map((s) => s.payload.length)).toEqual([153, 8]);
    expect(segments.map((s) => s.udh?.toString('hex'))).toEqual(['050003420201', '050003420202']);
    expect(segments.map((s) => [s.seq, s.total, s.reference])).toEqual([[1, 2, 0x42], [2, 2, 0x42]]);
  });

  it('uses 152/133/66 with 16-bit references', () => {
    expect(splitText('a'.repeat(161), { encoding: 'gsm7', concat: 'udh16', reference: 0x1234 })[0].payload).toHaveLength(152);
    expect(splitText('é'.repeat(141), { encoding: 'latin1', concat: 'udh16', reference: 1 })[0].payload).toHaveLength(133);
    const ucs = splitText('你'.repeat(71), { encoding: 'ucs2', concat: 'udh16', reference: 0x1234 });
    expect(ucs[0].payload).toHaveLength(132);
    expect(ucs[0].udh?.toString('hex')).toBe('060804123402' + '01');
  });

  it('uses 134 octets for Latin-1 and 67 units for UCS-2 with 8-bit references', () => {
    expect(splitText('é'.repeat(141), { encoding: 'latin1', concat: 'udh8', reference: 1 })[0].payload).toHaveLength(134);
    expect(splitText('你'.repeat(71), { encoding: 'ucs2', concat: 'udh8', reference: 1 })[0].payload).toHaveLength(134);
  });

  it('moves an escape pair that would straddle a boundary into the next segment', () => {
    const text = 'a'.repeat(152) + '€' + 'b'.repeat(10);
    const segments = splitText(text, { encoding: 'gsm7', concat: 'udh8', reference: 1 });
    expect(segments[0].payload).toHaveLength(152);
    expect(segments[0].text).toBe('a'.repeat(152));
    expect([...segments[1].payload.subarray(0, 2)]).toEqual([0x1b, 0x65]);
  });

  it('moves a surrogate pair that would straddle a boundary into the next segment', () => {
    const text = '你'.repeat(66) + '😀' + '你'.repeat(5);
    const segments = splitText(text, { encoding: 'ucs2', concat: 'udh8', reference: 1 });
    expect(segments[0].text).toBe('你'.repeat(66));
    expect(segments[1].text.startsWith('😀')).toBe(true);
  });

  it("'sar' sizes like udh8 and carries the reference without a UDH", () => {
    const segments = splitText('a'.repeat(400), { encoding: 'gsm7', concat: 'sar', reference: 0xbeef });
    expect(segments.map((s) => s.payload.length)).toEqual([153, 153, 94]);
    expect(segments.every((s) => s.udh === undefined && s.reference === 0xbeef && s.total === 3)).toBe(true);
  });

  it("'payload' keeps the whole text in one segment", () => {
    const text = '你'.repeat(1000);
    const [only, ...rest] = splitText(text, { encoding: 'ucs2', concat: 'payload' });
    expect(rest).toHaveLength(0);
    expect(only.payload).toHaveLength(2000);
    expect(() => splitText('a'.repeat(70_000), { encoding: 'gsm7', concat: 'payload' })).toThrow(
      expect.objectContaining({ code: 'too_long' }),
    );
  });

  it("'none' refuses a text longer than one message", () => {
    expect(() => splitText('a'.repeat(161), { encoding: 'gsm7', concat: 'none' })).toThrow(
      expect.objectContaining({ code: 'too_long' }),
    );
  });

  it('honours overridden limits', () => {
    const segments = splitText('é'.repeat(300), {
      encoding: 'latin1',
      concat: 'udh8',
      reference: 1,
      limits: { single: 160, udh8: 153 },
    });
    expect(segments.map((s) => s.payload.length)).toEqual([153, 147]);
    expect(() => splitText('x', { encoding: 'gsm7', concat: 'udh8', limits: { udh8: 1 } })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
  });

  it('answers bad references and unencodable text with typed errors', () => {
    const long = 'a'.repeat(200);
    expect(() => splitText(long, { encoding: 'gsm7', concat: 'udh8' })).toThrow(expect.objectContaining({ code: 'invalid_reference' }));
    expect(() => splitText(long, { encoding: 'gsm7', concat: 'udh8', reference: 256 })).toThrow(
      expect.objectContaining({ code: 'invalid_reference' }),
    );
    expect(splitText(long, { encoding: 'gsm7', concat: 'udh16', reference: 65535 })).toHaveLength(2);
    expect(() => splitText('你', { encoding: 'gsm7', concat: 'udh8' })).toThrow(expect.objectContaining({ code: 'unencodable_char' }));
    const replaced = splitText('a你b', { encoding: 'gsm7', concat: 'udh8', unencodable: 'replace' });
    expect(decodeAs(replaced[0].payload, 'gsm7')).toBe('a?b');
  });

  it('allows 255 segments and refuses the 256th', () => {
    const max = splitText('a'.repeat(153 * 255), { encoding: 'gsm7', concat: 'udh8', reference: 9 });
    expect(max).toHaveLength(255);
    expect(parseUdh(max[254].udh!).concat).toEqual({ ref: 9, total: 255, seq: 255, refBits: 8 });
    expect(() => splitText('a'.repeat(153 * 255 + 1), { encoding: 'gsm7', concat: 'udh8', reference: 9 })).toThrow(
      expect.objectContaining({ name: 'EncodingError', code: 'too_many_segments' }),
    );
  });
});

describe('splitText properties', () => {
  const modes = fc.constantFrom<ConcatMode>('udh8', 'udh16', 'sar');

  it('joining the segments gives the text back, each within its limit, never ending mid-pair', () => {
    fc.assert(
      fc.property(messageText(500), modes, fc.integer({ min: 0, max: 255 }), (text, concat, reference) => {
        const { encoding } = chooseEncoding(text, { allowed: ['gsm7', 'latin1', 'ucs2'] });
        const segments = splitText(text, { encoding, concat, reference });
        const limits = DEFAULT_SEGMENT_LIMITS[encoding];
        const perPart = segments.length === 1 ? limits.single : concat === 'udh16' ? limits.udh16 : limits.udh8;
        expect(joined(segments, encoding)).toBe(text);
        expect(segments.map((s) => s.text).join('')).toBe(text);
        segments.forEach((segment, i) => {
          expect(segment).toMatchObject({ seq: i + 1, total: segments.length });
          expect(lengthAs(segment.text, encoding)).toBeLessThanOrEqual(perPart);
          const last = segment.text.charCodeAt(segment.text.length - 1);
          expect(isHighSurrogate(last)).toBe(false);
          if (encoding === 'gsm7' && segment.payload.length > 0) {
            // An ESC as the last octet would be a split pair (payload octets are the septets).
            let escapes = 0;
            for (let k = segment.payload.length - 1; k >= 0 && segment.payload[k] === 0x1b; k--) escapes++;
            expect(escapes % 2).toBe(0);
          }
          if (segments.length > 1 && concat !== 'sar') {
            const { concat: info } = parseUdh(segment.udh!);
            expect(info).toEqual({ ref: reference, total: segments.length, seq: i + 1, refBits: concat === 'udh16' ? 16 : 8 });
          }
        });
        // Greedy: every part but the last is too full to take the next part's first character.
        segments.slice(0, -1).forEach((segment, i) => {
          const next = segments[i + 1].text;
          const firstChar = String.fromCodePoint(next.codePointAt(0)!);
          expect(lengthAs(segment.text + firstChar, encoding)).toBeGreaterThan(perPart);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('countSegments', () => {
  it('counts like a UI counter', () => {
    expect(countSegments('')).toEqual({
      encoding: 'gsm7',
      dataCoding: 0,
      segments: 1,
      unitsUsed: 0,
      unitsPerSegment: 160,
      charsRemainingInSegment: 160,
    });
    expect(countSegments('a'.repeat(160))).toMatchObject({ segments: 1, charsRemainingInSegment: 0 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ segments: 2, unitsPerSegment: 153, charsRemainingInSegment: 145 });
    expect(countSegments('您好'.repeat(36))).toMatchObject({ encoding: 'ucs2', dataCoding: 8, segments: 2, unitsUsed: 72, charsRemainingInSegment: 62 });
    expect(countSegments('a'.repeat(161), undefined, { concat: 'udh16' })).toMatchObject({ unitsPerSegment: 152 });
    expect(countSegments('naïve', undefined, { allowed: ['gsm7', 'latin1'] })).toMatchObject({ encoding: 'latin1', unitsUsed: 5 });
    expect(countSegments('{}', 'gsm7')).toMatchObject({ unitsUsed: 4, charsRemainingInSegment: 156 });
  });

  it('reports counts beyond 255 instead of throwing', () => {
    expect(countSegments('a'.repeat(153 * 300)).segments).toBe(300);
  });

  it('counts a text of one-unit characters the same as walking it character by character', () => {
    const text = fc.oneof(messageText(400), fc.string({ unit: cjkChar, maxLength: 400 }), fc.string({ unit: 'grapheme-ascii', maxLength: 400 }));
    fc.assert(
      fc.property(text, fc.constantFrom<'udh8' | 'udh16'>('udh8', 'udh16'), (text, concat) => {
        const counted = countSegments(text, undefined, { concat });
        // Naming the encoding takes the walking path.
        expect(counted).toEqual(countSegments(text, counted.encoding, { concat }));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with splitText', () => {
    fc.assert(
      fc.property(messageText(400), fc.constantFrom<'udh8' | 'udh16'>('udh8', 'udh16'), (text, concat) => {
        const count = countSegments(text, undefined, { concat });
        const segments = splitText(text, { encoding: count.encoding, concat, reference: 1 });
        expect(count.segments).toBe(segments.length);
        expect(count.unitsUsed).toBe(lengthAs(text, count.encoding));
        const lastUnits = lengthAs(segments[segments.length - 1].text, count.encoding);
        expect(count.charsRemainingInSegment).toBe(count.unitsPerSegment - lastUnits);
      }),
      { numRuns: 100 },
    );
  });
});
