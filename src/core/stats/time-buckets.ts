// Calendar buckets (day / ISO week from Monday / month) in a named time zone, built from UTC hours.
// The rollup stores UTC hours; a report groups them into the local calendar of `timeZone`
// (default Asia/Shanghai, UTC+8 all year), which is exact for every zone whose offset is whole hours.

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export const HOUR_MS = 3_600_000;
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The start of the UTC hour holding `ms`. */
export const hourFloor = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;

interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True if `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at instant `ms` (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

function localDate(ms: number, timeZone: string): LocalDate {
  const local = new Date(ms + zoneOffsetMs(ms, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), weekday: local.getUTCDay() };
}

/** The UTC instant of local midnight starting the given calendar date (day may overflow; Date.UTC normalises). */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  // Twice: the offset at the guess may differ from the offset at the answer across a DST change.
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return utc;
}

/** The start (UTC ms) of the period holding `ms` in `timeZone`; weeks start on Monday (ISO 8601). */
export function bucketStart(ms: number, period: Period, timeZone = DEFAULT_TIME_ZONE): number {
  const d = localDate(ms, timeZone);
  if (period === 'day') return localMidnight(d.year, d.month, d.day, timeZone);
  if (period === 'month') return localMidnight(d.year, d.month, 1, timeZone);
  const sinceMonday = (d.weekday + 6) % 7;
  return localMidnight(d.year, d.month, d.day - sinceMonday, timeZone);
}

/** The start of the period after the one starting at `start`. */
export function nextBucket(start: number, period: Period, timeZone = DEFAULT_TIME_ZONE): number {
  const d = localDate(start, timeZone);
  if (period === 'day') return localMidnight(d.year, d.month, d.day + 1, timeZone);
  if (period === 'week') return localMidnight(d.year, d.month, d.day + 7, timeZone);
  return localMidnight(d.year, d.month + 1, 1, timeZone);
}

/** Every bucket start from the one holding `from` up to the one holding `to - 1`, at most `max`. */
export function bucketsBetween(from: number, to: number, period: Period, timeZone = DEFAULT_TIME_ZONE, max = 1000): number[] {
  const out: number[] = [];
  for (let b = bucketStart(from, period, timeZone); b < to && out.length < max; b = nextBucket(b, period, timeZone)) out.push(b);
  return out;
}

/** A bucket's label in its zone: "2026-11-23" for a day or the Monday of a week, "2026-11" for a month. */
export function bucketLabel(start: number, period: Period, timeZone = DEFAULT_TIME_ZONE): string {
  const d = localDate(start, timeZone);
  const mm = String(d.month).padStart(2, '0');
  return period === 'month' ? `${d.year}-${mm}` : `${d.year}-${mm}-${String(d.day).padStart(2, '0')}`;
}
