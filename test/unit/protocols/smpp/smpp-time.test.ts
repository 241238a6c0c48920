// Tests for SMPP absolute, relative and local time parsing and formatting.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  expandYear,
  formatAbsolute,
  formatRelative,
  parseSmppTime,
  type SmppTimeResult,
} from '../../../../src/protocols/smpp/smpp-time.ts';

function dateOf(r: SmppTimeResult): Date {
  if (!r.ok) throw new Error(`expected ok, got ${r.problem}: ${r.detail}`);
  return r.date;
}

describe('parseSmppTime absolute', () => {
  it('reads a UTC time with tenths', () => {
    const r = parseSmppTime('231120203215000+');
    expect(r).toMatchObject({ ok: true, form: 'absolute', offsetQuarterHours: 0 });
    expect(dateOf(r).toISOString()).toBe('2023-11-20T20:32:15.000Z');
    expect(dateOf(parseSmppTime('231120203215700+')).toISOString()).toBe('2023-11-20T20:32:15.700Z');
  });

  it('applies a positive quarter-hour offset (local ahead of UTC)', () => {
    // 32 quarter hours = +08:00 (China): 20:32 local is 12:32 UTC.
    const r = parseSmppTime('231120203200032+');
    expect(r).toMatchObject({ ok: true, offsetQuarterHours: 32 });
    expect(dateOf(r).toISOString()).toBe('2023-11-20T12:32:00.000Z');
  });

  it('applies a negative offset and crosses midnight', () => {
    // 22 quarter hours behind UTC = −05:30: 23:00 local is 04:30 UTC the next day.
    const r = parseSmppTime('231231230000022-');
    expect(r).toMatchObject({ ok: true, offsetQuarterHours: -22 });
    expect(dateOf(r).toISOString()).toBe('2024-01-01T04:30:00.000Z');
  });

  it('tolerates a trailing NUL, blanks and lower-case r', () => {
    expect(dateOf(parseSmppTime(' 231120203200000+\0')).toISOString()).toBe('2023-11-20T20:32:00.000Z');
    expect(parseSmppTime('000001000000000r', { now: new Date(0) })).toMatchObject({ ok: true, form: 'relative' });
  });

  it('maps two-digit years around the pivot', () => {
    expect(dateOf(parseSmppTime('370101000000000+')).getUTCFullYear()).toBe(2037);
    expect(dateOf(parseSmppTime('380101000000000+')).getUTCFullYear()).toBe(1938);
    expect(dateOf(parseSmppTime('000101000000000+')).getUTCFullYear()).toBe(2000);
    expect(dateOf(parseSmppTime('990101000000000+')).getUTCFullYear()).toBe(1999);
    expect(dateOf(parseSmppTime('500101000000000+', { pivotYear: 70 })).getUTCFullYear()).toBe(2050);
    expect(expandYear(37)).toBe(2037);
    expect(expandYear(38)).toBe(1938);
  });

  it.each([
    ['', 'empty'],
    ['\0', 'empty'],
    ['2311202032', 'length'],
    ['23112020321500+', 'length'],
    ['23112020321x000+', 'not-digits'],
    ['231320203200000+', 'month'],
    ['230230203200000+', 'day'],
    ['230229000000000+', 'day'],
    ['231120243200000+', 'hour'],
    ['231120206000000+', 'minute'],
    ['231120203260000+', 'second'],
    ['231120203200049+', 'offset'],
    ['231120203200000*', 'sign'],
    ['23112020320a', 'not-digits'],
  ])('rejects %j as %s', (input, problem) => {
    const r = parseSmppTime(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe(problem);
      expect(r.detail.length).toBeGreaterThan(0);
    }
  });

  it('accepts 29 February in a leap year', () => {
    expect(dateOf(parseSmppTime('240229000000000+')).toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('parseSmppTime relative and local', () => {
  const now = new Date('2023-11-20T20:32:15.250Z');

  it('resolves one day from now', () => {
    const r = parseSmppTime('000001000000000R', { now });
    expect(r).toMatchObject({
      ok: true,
      form: 'relative',
      duration: { years: 0, months: 0, days: 1, hours: 0, minutes: 0, seconds: 0 },
    });
    expect(dateOf(r).toISOString()).toBe('2023-11-21T20:32:15.250Z');
  });

  it('resolves every field and carries overflow', () => {
    // 1 year 2 months 3 days 4:05:06 after 2023-11-20 20:32:15.
    expect(dateOf(parseSmppTime('010203040506000R', { now })).toISOString()).toBe('2025-01-24T00:37:21.250Z');
    // 48 hours written in the hours field.
    expect(dateOf(parseSmppTime('000000480000000R', { now })).toISOString()).toBe('2023-11-22T20:32:15.250Z');
  });

  it('reads the 12-character SMSC local form with a configured offset', () => {
    const r = parseSmppTime('231120203215');
    expect(r).toMatchObject({ ok: true, form: 'local' });
    expect(dateOf(r).toISOString()).toBe('2023-11-20T20:32:15.000Z');
    const cst = parseSmppTime('231120203215', { localUtcOffsetMinutes: 480 });
    expect(dateOf(cst).toISOString()).toBe('2023-11-20T12:32:15.000Z');
  });
});

describe('formatAbsolute / formatRelative', () => {
  it('formats UTC and offsets', () => {
    const d = new Date('2023-11-20T12:32:15.700Z');
    expect(formatAbsolute(d)).toBe('231120123215700+');
    expect(formatAbsolute(d, 32)).toBe('231120203215732+');
    expect(formatAbsolute(d, -22)).toBe('231120070215722-');
  });

  it('rejects bad offsets and dates', () => {
    expect(() => formatAbsolute(new Date(0), 49)).toThrow(RangeError);
    expect(() => formatAbsolute(new Date(0), 1.5)).toThrow(RangeError);
    expect(() => formatAbsolute(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('formats durations in days, hours, minutes, seconds', () => {
    expect(formatRelative(86_400)).toBe('000001000000000R');
    expect(formatRelative(0)).toBe('000000000000000R');
    expect(formatRelative(2 * 86_400 + 3 * 3_600 + 4 * 60 + 5)).toBe('000002030405000R');
    expect(() => formatRelative(100 * 86_400)).toThrow(RangeError);
    expect(() => formatRelative(-1)).toThrow(RangeError);
    expect(() => formatRelative(1.5)).toThrow(RangeError);
  });

  it('round-trips absolute times with any offset (tenth-second precision)', () => {
    const dates = fc
      .date({ min: new Date('1938-01-02T00:00:00Z'), max: new Date('2037-12-30T23:59:59Z'), noInvalidDate: true })
      .map((d) => new Date(Math.floor(d.getTime() / 100) * 100));
    fc.assert(
      fc.property(dates, fc.integer({ min: -48, max: 48 }), (date, q) => {
        const text = formatAbsolute(date, q);
        expect(text).toMatch(/^\d{15}[+-]$/);
        const r = parseSmppTime(text);
        expect(r).toMatchObject({ ok: true, form: 'absolute', offsetQuarterHours: q });
        expect(dateOf(r).getTime()).toBe(date.getTime());
      }),
    );
  });

  it('round-trips relative durations against an injected now', () => {
    const max = 99 * 86_400 + 86_399;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        (seconds, now) => {
          const r = parseSmppTime(formatRelative(seconds), { now });
          expect(dateOf(r).getTime() - now.getTime()).toBe(seconds * 1000);
        },
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const r = parseSmppTime(s, { now: new Date(0) });
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
