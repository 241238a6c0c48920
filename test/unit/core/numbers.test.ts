// Recipient normalisation: Chinese mobile forms, separators, fixed lines, foreign mobiles, junk.
import { describe, expect, it } from 'vitest';
import { NumberNormalizer } from '../../../src/core/numbers.ts';

const cn = new NumberNormalizer('CN');

describe('NumberNormalizer', () => {
  it.each(['13800138000', '+8613800138000', '008613800138000', '8613800138000'])('Chinese mobile %s → +8613800138000', (raw) => {
    expect(cn.normalize(raw)).toEqual({ ok: true, e164: '+8613800138000' });
  });

  it.each(['138 0013 8000', '138-0013-8000', '+86 138-0013-8000', '0086 (138) 0013.8000', ' 13800138000 ', '138\t0013\t8000'])('spaces, dashes and brackets are ignored: %j', (raw) => {
    expect(cn.normalize(raw)).toEqual({ ok: true, e164: '+8613800138000' });
  });

  it('every mobile range 13–19 is accepted', () => {
    for (const second of [3, 4, 5, 6, 7, 8, 9]) expect(cn.normalize(`1${second}912345678`)).toMatchObject({ ok: true, e164: `+861${second}912345678` });
  });

  it.each(['010-12345678', '+86 10 1234 5678', '021 6888 8888', '0755-86013388'])('a fixed-line number %s is refused as fixed-line', (raw) => {
    const result = cn.normalize(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/fixed-line/);
  });

  it.each([
    ['+44 7911 123456', '+447911123456'],
    ['0044 7911 123456', '+447911123456'],
    ['+1 415 555 2671', '+14155552671'],
    ['+81 90-1234-5678', '+819012345678'],
    ['+852 9123 4567', '+85291234567'],
  ])('a foreign mobile %s → %s', (raw, e164) => {
    expect(cn.normalize(raw)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['--', /empty/],
    ['abc', /characters/],
    ['1380013800a', /characters/],
    ['+86 138 0013 8000 ext 1', /characters/],
    ['138+00138000', /characters/],
    ['+', /characters/],
    ['12345', /not/],
    ['1380013800', /not/],
    ['138001380001', /not/],
    ['+999 123456789', /not/],
    ['00', /not/],
  ])('junk %j is refused with a reason', (raw, reason) => {
    const result = cn.normalize(raw);
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('with another default country, bare national numbers are read in that country and +86 forms still work', () => {
    const gb = new NumberNormalizer('GB');
    expect(gb.normalize('07911 123456')).toEqual({ ok: true, e164: '+447911123456' });
    expect(gb.normalize('+86 138 0013 8000')).toEqual({ ok: true, e164: '+8613800138000' });
    expect(gb.normalize('008613800138000')).toEqual({ ok: true, e164: '+8613800138000' });
  });
});
