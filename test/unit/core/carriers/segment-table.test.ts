// Number-segment lookup: longest prefix, MVNO, 192, data cards, 13-digit IoT, foreign and malformed numbers.
import { describe, expect, it } from 'vitest';
import { BUILTIN_SEGMENTS } from '../../../../src/core/carriers/builtin-segments.ts';
import { PREFIX_PATTERN, CARRIERS } from '../../../../src/core/carriers/carrier.ts';
import { SegmentTable } from '../../../../src/core/carriers/segment-table.ts';

const table = new SegmentTable(BUILTIN_SEGMENTS);
const of = (e164: string) => {
  const s = table.match(e164);
  return s ? { carrier: s.carrier, virtual: s.virtual, kind: s.kind } : null;
};

describe('built-in segment table', () => {
  it('has valid, unique prefixes and known carriers', () => {
    const prefixes = BUILTIN_SEGMENTS.map((s) => s.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const s of BUILTIN_SEGMENTS) {
      expect(s.prefix).toMatch(PREFIX_PATTERN);
      expect(CARRIERS).toContain(s.carrier);
    }
  });

  it.each([
    ['+8613800138000', 'cmcc'],
    ['+8613012345678', 'cucc'],
    ['+8618912345678', 'ctcc'],
    ['+8619812345678', 'cmcc'],
    ['+8619612345678', 'cucc'],
    ['+8619012345678', 'ctcc'],
  ])('basic segment %s → %s', (number, carrier) => {
    expect(of(number)).toEqual({ carrier, virtual: false, kind: 'mobile' });
  });

  it('the longest prefix wins: 1340–1348 Mobile, 1349 Telecom', () => {
    expect(of('+8613481234567')?.carrier).toBe('cmcc');
    expect(of('+8613491234567')?.carrier).toBe('ctcc');
  });

  it('174: only 17400–17405 are Telecom; emergency and Inmarsat blocks are unknown', () => {
    expect(of('+8617405123456')?.carrier).toBe('ctcc');
    expect(of('+8617406123456')).toBeNull();
    expect(of('+8617491234567')).toBeNull();
  });

  it.each([
    ['+8616212345678', 'ctcc'],
    ['+8616512345678', 'cmcc'],
    ['+8616712345678', 'cucc'],
    ['+8617112345678', 'cucc'],
    ['+8617001234567', 'ctcc'],
    ['+8617021234567', 'ctcc'],
    ['+8617031234567', 'cmcc'],
    ['+8617041234567', 'cucc'],
    ['+8617051234567', 'cmcc'],
    ['+8617091234567', 'cucc'],
  ])('MVNO %s is virtual on host %s', (number, carrier) => {
    expect(of(number)).toEqual({ carrier, virtual: true, kind: 'mobile' });
  });

  it('192 is China Broadnet', () => {
    expect(of('+8619212345678')).toEqual({ carrier: 'cbn', virtual: false, kind: 'mobile' });
  });

  it.each([
    ['+8614712345678', 'cmcc'],
    ['+8614512345678', 'cucc'],
    ['+8614912345678', 'ctcc'],
  ])('data card %s → %s', (number, carrier) => {
    expect(of(number)).toEqual({ carrier, virtual: false, kind: 'data' });
  });

  it('IoT numbers have 13 digits; an 11-digit number in an IoT block is unknown', () => {
    expect(of('+861440312345678')).toEqual({ carrier: 'cmcc', virtual: false, kind: 'iot' });
    expect(of('+861481234567890')).toEqual({ carrier: 'cmcc', virtual: false, kind: 'iot' });
    expect(of('+861461234567890')).toEqual({ carrier: 'cucc', virtual: false, kind: 'iot' });
    expect(of('+861410123456789')).toEqual({ carrier: 'ctcc', virtual: false, kind: 'iot' });
    expect(of('+8614612345678')).toBeNull();
    // …and a 13-digit number in an 11-digit block is unknown too.
    expect(of('+861381234567890')).toBeNull();
  });

  it.each(['+14155552671', '+447911123456', '+85291234567', '+861012345678', '+8613800', '13800138000', '+8614212345678', '+8615412345678', ''])(
    'foreign, fixed-line, short, non-E.164 or unallocated %s → null',
    (number) => {
      expect(of(number)).toBeNull();
    },
  );

  it('a later row with the same prefix replaces the earlier (operator rows over built-in ones)', () => {
    const t = new SegmentTable([...BUILTIN_SEGMENTS, { prefix: '138', carrier: 'cucc', virtual: false, kind: 'mobile' }]);
    expect(t.match('+8613800138000')?.carrier).toBe('cucc');
    expect(t.size).toBe(BUILTIN_SEGMENTS.length);
  });
});
