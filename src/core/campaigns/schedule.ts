// When a campaign runs next (once, cron, daily date-field trigger) and whether its send window is open.
import { Cron } from 'croner';
import { AppError } from '../errors.ts';
import type { CampaignSchedule, SendWindow } from './campaign.ts';

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" as [hour, minute]; a clear error naming the field otherwise. */
export function parseClock(value: string, field: string): [number, number] {
  const match = CLOCK.exec(value);
  if (!match) throw new AppError('validation_failed', `${field} must be a time of day as HH:MM (00:00–23:59), got "${value}"`, field);
  return [Number(match[1]), Number(match[2])];
}

function checkTimeZone(timeZone: string, field: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new AppError('validation_failed', `${field} must be an IANA time zone such as Asia/Shanghai, got "${timeZone}"`, field);
  }
}

function cronOf(expression: string, timeZone: string, field: string): Cron {
  try {
    return new Cron(expression, { timezone: timeZone, paused: true });
  } catch (error) {
    throw new AppError('validation_failed', `${field}: ${(error as Error).message}`, field);
  }
}

/** Checks a schedule before it is stored, so a bad cron or time zone is a 400, not a stuck campaign. */
export function validateSchedule(schedule: CampaignSchedule): void {
  if (schedule.kind === 'once') return;
  checkTimeZone(schedule.timeZone, 'schedule.timeZone');
  if (schedule.kind === 'cron') cronOf(schedule.expression, schedule.timeZone, 'schedule.expression');
  else parseClock(schedule.time, 'schedule.time');
}

export function validateWindow(window: SendWindow): void {
  const start = parseClock(window.start, 'sendWindow.start');
  const end = parseClock(window.end, 'sendWindow.end');
  if (start[0] * 60 + start[1] === end[0] * 60 + end[1]) throw new AppError('validation_failed', 'sendWindow.start and end must differ', 'sendWindow');
  checkTimeZone(window.timeZone, 'sendWindow.timeZone');
}

/** The first occurrence at or after `from` (a once schedule: its time, or `from` itself). */
export function firstOccurrence(schedule: CampaignSchedule, from: number): number | null {
  if (schedule.kind === 'once') return Math.max(schedule.at ?? from, from);
  return nextOccurrence(schedule, from - 1);
}

/** The occurrence strictly after `after`; null when the schedule has none left. */
export function nextOccurrence(schedule: CampaignSchedule, after: number): number | null {
  if (schedule.kind === 'once') return null;
  const cron = schedule.kind === 'cron'
    ? cronOf(schedule.expression, schedule.timeZone, 'schedule.expression')
    : cronOf(dailyAt(schedule.time), schedule.timeZone, 'schedule.time');
  const next = cron.nextRun(new Date(after))?.getTime() ?? null;
  if (next === null || (schedule.kind === 'cron' && schedule.until !== undefined && next > schedule.until)) return null;
  return next;
}

function dailyAt(time: string): string {
  const [hour, minute] = parseClock(time, 'schedule.time');
  return `${minute} ${hour} * * *`;
}

/** Minutes since local midnight in `timeZone`. */
function localMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

/** Null when `at` is inside the window, else when it next opens. A window may wrap midnight (22:00–06:00). */
export function windowWait(window: SendWindow, at: number): number | null {
  const [sh, sm] = parseClock(window.start, 'sendWindow.start');
  const [eh, em] = parseClock(window.end, 'sendWindow.end');
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  const now = localMinutes(at, window.timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (inside) return null;
  return cronOf(`${sm} ${sh} * * *`, window.timeZone, 'sendWindow.start').nextRun(new Date(at))!.getTime();
}

/** The local calendar day of `at` in `timeZone` as "MM-DD" (for birthday-style date fields). */
export function monthDay(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  return `${parts.find((p) => p.type === 'month')!.value}-${parts.find((p) => p.type === 'day')!.value}`;
}
