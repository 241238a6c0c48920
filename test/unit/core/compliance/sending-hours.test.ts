// nextWindowOpening: inside the window nothing waits; outside it, the next opening in the window's
// own time zone, across midnight, over weekdays, for overnight windows and across a DST change.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SENDING_HOURS, nextWindowOpening, windowCloses, type SendingHours } from '../../../../src/core/compliance/sending-hours.ts';

/** A Beijing wall-clock time (UTC+8, no DST) as an instant. */
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

describe('nextWindowOpening', () => {
  const hours = DEFAULT_SENDING_HOURS; // 08:00–21:00 Asia/Shanghai

  it('lets a message inside the window go at once', () => {
    expect(nextWindowOpening(hours, bj(2026, 11, 23, 8, 0))).toBe(bj(2026, 11, 23, 8, 0));
    expect(nextWindowOpening(hours, bj(2026, 11, 23, 20, 59))).toBe(bj(2026, 11, 23, 20, 59));
  });

  it('holds an evening message until 08:00 the next Beijing day, an early one until 08:00 the same day', () => {
    expect(nextWindowOpening(hours, bj(2026, 11, 23, 21, 0))).toBe(bj(2026, 11, 24, 8));
    expect(nextWindowOpening(hours, bj(2026, 11, 23, 23, 0))).toBe(bj(2026, 11, 24, 8));
    // 01:00 Beijing is still the previous day in UTC: the day boundary is Beijing's, not UTC's.
    expect(nextWindowOpening(hours, bj(2026, 11, 24, 1, 0))).toBe(bj(2026, 11, 24, 8));
    // Month and year ends.
    expect(nextWindowOpening(hours, bj(2026, 12, 31, 22, 30))).toBe(bj(2027, 1, 1, 8));
  });

  it('skips days the window does not open on', () => {
    const weekdays: SendingHours = { ...hours, days: [1, 2, 3, 4, 5] };
    // 2026-11-27 is a Friday: after 21:00 the next opening is Monday 30th.
    expect(nextWindowOpening(weekdays, bj(2026, 11, 27, 22))).toBe(bj(2026, 11, 30, 8));
    expect(nextWindowOpening(weekdays, bj(2026, 11, 28, 12))).toBe(bj(2026, 11, 30, 8));
    expect(nextWindowOpening({ ...hours, days: [7] }, bj(2026, 11, 23, 12))).toBe(bj(2026, 11, 29, 8));
  });

  it('handles windows running past midnight, named by the day they open', () => {
    const night: SendingHours = { start: '22:00', end: '02:00', timeZone: 'Asia/Shanghai', days: [5] };
    expect(nextWindowOpening(night, bj(2026, 11, 27, 23))).toBe(bj(2026, 11, 27, 23)); // Friday 23:00
    expect(nextWindowOpening(night, bj(2026, 11, 28, 1))).toBe(bj(2026, 11, 28, 1)); // Saturday 01:00, opened Friday
    expect(nextWindowOpening(night, bj(2026, 11, 28, 3))).toBe(bj(2026, 12, 4, 22));
  });

  it('works in other zones, across a DST change', () => {
    const ny: SendingHours = { start: '09:00', end: '17:00', timeZone: 'America/New_York', days: null };
    // 2026-03-08 DST starts in New York: 09:00 local is 13:00 UTC that day, 14:00 UTC the day before.
    expect(nextWindowOpening(ny, Date.UTC(2026, 2, 7, 23))).toBe(Date.UTC(2026, 2, 8, 13));
    expect(nextWindowOpening(ny, Date.UTC(2026, 2, 6, 23))).toBe(Date.UTC(2026, 2, 7, 14));
  });

  it('says when an open window closes', () => {
    expect(windowCloses(hours, bj(2026, 11, 23, 10))).toBe(bj(2026, 11, 23, 21));
    expect(windowCloses(hours, bj(2026, 11, 23, 22))).toBe(bj(2026, 11, 23, 22));
  });
});
