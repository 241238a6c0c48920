// Calendar buckets in Asia/Shanghai (the default) and in a zone with daylight saving: day, ISO week and month boundaries.
import { describe, expect, it } from 'vitest';
import { bucketLabel, bucketStart, bucketsBetween, hourFloor, nextBucket, zoneOffsetMs } from '../../../../src/core/stats/time-buckets.ts';

const utc = (s: string) => Date.parse(s);
const SH = 'Asia/Shanghai';

describe('time buckets', () => {
  it('hours floor to the UTC hour', () => {
    expect(hourFloor(utc('2026-11-23T07:59:59.999Z'))).toBe(utc('2026-11-23T07:00:00Z'));
  });

  it('a Shanghai day starts at 16:00 UTC the day before', () => {
    expect(zoneOffsetMs(utc('2026-11-23T00:00:00Z'), SH)).toBe(8 * 3600_000);
    expect(bucketStart(utc('2026-11-22T16:00:00Z'), 'day', SH)).toBe(utc('2026-11-22T16:00:00Z'));
    expect(bucketStart(utc('2026-11-22T15:59:59Z'), 'day', SH)).toBe(utc('2026-11-21T16:00:00Z'));
    expect(bucketLabel(utc('2026-11-22T16:00:00Z'), 'day', SH)).toBe('2026-11-23');
    expect(nextBucket(utc('2026-11-22T16:00:00Z'), 'day', SH)).toBe(utc('2026-11-23T16:00:00Z'));
  });

  it('weeks start on Monday local time, also across a month and a year end', () => {
    // Monday 2026-11-23 00:00 in Shanghai is Sunday 16:00 UTC.
    expect(bucketStart(utc('2026-11-22T16:00:00Z'), 'week', SH)).toBe(utc('2026-11-22T16:00:00Z'));
    expect(bucketStart(utc('2026-11-22T15:00:00Z'), 'week', SH)).toBe(utc('2026-11-15T16:00:00Z'));
    // Thursday 2026-01-01 belongs to the week of Monday 2025-12-29.
    const ny = bucketStart(utc('2026-01-01T04:00:00Z'), 'week', SH);
    expect(bucketLabel(ny, 'week', SH)).toBe('2025-12-29');
    expect(nextBucket(ny, 'week', SH) - ny).toBe(7 * 86_400_000);
  });

  it('months start on the 1st local time, with their real lengths (February, leap years)', () => {
    const feb = bucketStart(utc('2028-02-15T00:00:00Z'), 'month', SH);
    expect(feb).toBe(utc('2028-01-31T16:00:00Z'));
    expect(bucketLabel(feb, 'month', SH)).toBe('2028-02');
    expect(nextBucket(feb, 'month', SH) - feb).toBe(29 * 86_400_000);
    // 2026-11-30T17:00Z is already 1 December in Shanghai.
    expect(bucketLabel(bucketStart(utc('2026-11-30T17:00:00Z'), 'month', SH), 'month', SH)).toBe('2026-12');
    const dec = bucketStart(utc('2026-12-10T00:00:00Z'), 'month', SH);
    expect(bucketLabel(nextBucket(dec, 'month', SH), 'month', SH)).toBe('2027-01');
  });

  it('a day across a daylight-saving change is 23 or 25 hours long', () => {
    const ny = 'America/New_York';
    const spring = bucketStart(utc('2026-03-08T12:00:00Z'), 'day', ny);
    expect(spring).toBe(utc('2026-03-08T05:00:00Z'));
    expect(nextBucket(spring, 'day', ny) - spring).toBe(23 * 3600_000);
    const autumn = bucketStart(utc('2026-11-01T12:00:00Z'), 'day', ny);
    expect(nextBucket(autumn, 'day', ny) - autumn).toBe(25 * 3600_000);
  });

  it('lists every bucket of a range, the partial first one included', () => {
    const days = bucketsBetween(utc('2026-11-20T20:00:00Z'), utc('2026-11-23T16:00:00Z'), 'day', SH);
    expect(days.map((d) => bucketLabel(d, 'day', SH))).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
    expect(bucketsBetween(0, utc('2026-01-01T00:00:00Z'), 'day', SH, 5)).toHaveLength(5);
  });
});
