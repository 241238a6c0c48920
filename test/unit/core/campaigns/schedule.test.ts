// Campaign schedules and send windows in their own time zone: next occurrences, wrap-around windows, bad input.
import { describe, expect, it } from 'vitest';
import { firstOccurrence, monthDay, nextOccurrence, validateSchedule, validateWindow, windowWait } from '../../../../src/core/campaigns/schedule.ts';
import { AppError } from '../../../../src/core/errors.ts';

const at = (iso: string) => Date.parse(iso);
const SH = 'Asia/Shanghai';

describe('campaign schedule', () => {
  it('a once schedule runs at its time, or now when that has passed or is absent', () => {
    expect(firstOccurrence({ kind: 'once', at: at('2026-12-01T01:00:00Z') }, at('2026-11-23T00:00:00Z'))).toBe(at('2026-12-01T01:00:00Z'));
    expect(firstOccurrence({ kind: 'once', at: at('2026-11-01T00:00:00Z') }, at('2026-11-23T00:00:00Z'))).toBe(at('2026-11-23T00:00:00Z'));
    expect(firstOccurrence({ kind: 'once' }, 5)).toBe(5);
    expect(nextOccurrence({ kind: 'once' }, 5)).toBeNull();
  });

  it('a weekly cron follows Beijing time, and stops after until', () => {
    // Mondays 09:00 in Shanghai are 01:00 UTC; 2026-11-23 is a Monday.
    const weekly = { kind: 'cron' as const, expression: '0 9 * * 1', timeZone: SH };
    expect(firstOccurrence(weekly, at('2026-11-23T00:30:00Z'))).toBe(at('2026-11-23T01:00:00Z'));
    expect(firstOccurrence(weekly, at('2026-11-23T01:00:00Z'))).toBe(at('2026-11-23T01:00:00Z'));
    expect(nextOccurrence(weekly, at('2026-11-23T01:00:00Z'))).toBe(at('2026-11-30T01:00:00Z'));
    expect(nextOccurrence({ ...weekly, until: at('2026-11-29T00:00:00Z') }, at('2026-11-23T01:00:00Z'))).toBeNull();
  });

  it('a monthly cron and a daily date-field trigger', () => {
    expect(nextOccurrence({ kind: 'cron', expression: '30 8 1 * *', timeZone: SH }, at('2026-11-23T00:00:00Z'))).toBe(at('2026-12-01T00:30:00Z'));
    const birthdays = { kind: 'date-field' as const, field: 'birthday', time: '09:00', timeZone: SH };
    expect(nextOccurrence(birthdays, at('2026-11-23T01:00:00Z'))).toBe(at('2026-11-24T01:00:00Z'));
    expect(monthDay(at('2026-11-23T17:00:00Z'), SH)).toBe('11-24');
    expect(monthDay(at('2026-11-23T15:59:00Z'), SH)).toBe('11-23');
  });

  it('refuses a bad cron, time zone or clock, naming the field', () => {
    const field = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        return (error as AppError).field;
      }
      return 'no error';
    };
    expect(field(() => validateSchedule({ kind: 'cron', expression: 'daily', timeZone: SH }))).toBe('schedule.expression');
    expect(field(() => validateSchedule({ kind: 'cron', expression: '0 9 * * *', timeZone: 'Nowhere/City' }))).toBe('schedule.timeZone');
    expect(field(() => validateSchedule({ kind: 'date-field', field: 'birthday', time: '25:00', timeZone: SH }))).toBe('schedule.time');
    expect(field(() => validateWindow({ start: '09:00', end: '9:30', timeZone: SH }))).toBe('sendWindow.end');
    expect(field(() => validateWindow({ start: '09:00', end: '21:00', timeZone: SH }))).toBe('no error');
  });
});

describe('send window', () => {
  const day = { start: '09:00', end: '20:00', timeZone: SH };
  const night = { start: '22:00', end: '06:00', timeZone: SH };

  it('is open inside, and names the next opening outside (same day or the next)', () => {
    expect(windowWait(day, at('2026-11-23T01:00:00Z'))).toBeNull(); // 09:00 local, first minute
    expect(windowWait(day, at('2026-11-23T11:59:00Z'))).toBeNull(); // 19:59
    expect(windowWait(day, at('2026-11-23T12:00:00Z'))).toBe(at('2026-11-24T01:00:00Z')); // 20:00 → tomorrow 09:00
    expect(windowWait(day, at('2026-11-22T23:00:00Z'))).toBe(at('2026-11-23T01:00:00Z')); // 07:00 → 09:00
  });

  it('wraps midnight', () => {
    expect(windowWait(night, at('2026-11-23T15:00:00Z'))).toBeNull(); // 23:00
    expect(windowWait(night, at('2026-11-23T21:59:00Z'))).toBeNull(); // 05:59
    expect(windowWait(night, at('2026-11-23T22:00:00Z'))).toBe(at('2026-11-24T14:00:00Z')); // 06:00 → 22:00
  });
});
