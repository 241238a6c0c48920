// SMPP time fields (schedule_delivery_time, validity_period, final_date): parse and format.

/** What was wrong with a time string; names the first problem found. */
export type SmppTimeProblem =
  | 'empty'
  | 'length'
  | 'not-digits'
  | 'month'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'offset'
  | 'sign';

/** A relative time's six two-digit fields, as written (not normalised). */
export interface RelativeDuration {
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export type SmppTimeResult =
  | { ok: true; form: 'absolute'; date: Date; offsetQuarterHours: number }
  | { ok: true; form: 'relative'; date: Date; duration: RelativeDuration }
  | { ok: true; form: 'local'; date: Date }
  | { ok: false; problem: SmppTimeProblem; detail: string };

export interface SmppTimeOptions {
  /** Reference point for relative times; injectable so tests and replays are deterministic. */
  now?: Date;
  /** Two-digit years below this are 20xx, the rest 19xx (default 38, smpp34.md section 14). */
  pivotYear?: number;
  /** UTC offset of the SMSC clock, used for 12-character local times that carry none. */
  localUtcOffsetMinutes?: number;
}

/** Calendar fields of a wall-clock time, month 1–12. */
export interface TimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  tenths?: number;
}

export type FieldsResult = { ok: true; date: Date } | { ok: false; problem: SmppTimeProblem; detail: string };

const DEFAULT_PIVOT = 38;
const MAX_RELATIVE_SECONDS = 99 * 86_400 + 23 * 3_600 + 59 * 60 + 59;

/** Two-digit year to four (section 14: 00–37 → 2000–2037, 38–99 → 1938–1999 by default). */
export function expandYear(yy: number, pivotYear: number = DEFAULT_PIVOT): number {
  return yy < pivotYear ? 2000 + yy : 1900 + yy;
}

function fail(problem: SmppTimeProblem, detail: string): { ok: false; problem: SmppTimeProblem; detail: string } {
  return { ok: false, problem, detail };
}

/**
 * Validates wall-clock fields and converts them to an instant, given the clock's UTC offset.
 * Shared with the receipt parser, whose dates are the same fields in other widths.
 */
export function dateFromFields(f: TimeFields, utcOffsetMinutes: number): FieldsResult {
  if (f.month < 1 || f.month > 12) return fail('month', `month ${f.month} is not 1–12`);
  const daysInMonth = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
  if (f.day < 1 || f.day > daysInMonth) return fail('day', `day ${f.day} is not 1–${daysInMonth}`);
  if (f.hour > 23) return fail('hour', `hour ${f.hour} is not 0–23`);
  if (f.minute > 59) return fail('minute', `minute ${f.minute} is not 0–59`);
  if (f.second > 59) return fail('second', `second ${f.second} is not 0–59`);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, (f.tenths ?? 0) * 100);
  // Date.UTC maps years 0–99 to 19xx; set the year explicitly so any four-digit year is kept.
  const d = new Date(wall);
  d.setUTCFullYear(f.year);
  return { ok: true, date: new Date(d.getTime() - utcOffsetMinutes * 60_000) };
}

function two(s: string, at: number): number {
  return Number(s.slice(at, at + 2));
}

/**
 * Parses an SMPP time (smpp34.md section 14): `YYMMDDhhmmsstnnp` absolute with `+`/`-` quarter-hour
 * offset, the same with `R` as a relative duration resolved against `now`, or the 12-character
 * SMSC local form `YYMMDDhhmmss`. Trailing NULs and surrounding blanks are ignored.
 */
export function parseSmppTime(text: string, options: SmppTimeOptions = {}): SmppTimeResult {
  let end = text.length;
  // A loop rather than /\0+$/, which is quadratic on long NUL runs from a hostile peer.
  while (end > 0 && text[end - 1] === '\0') end--;
  const s = text.slice(0, end).trim();
  if (s.length === 0) return fail('empty', 'time field is not set');
  const pivot = options.pivotYear ?? DEFAULT_PIVOT;

  if (s.length === 12) {
    if (!/^\d{12}$/.test(s)) return fail('not-digits', `"${s}" is not 12 digits`);
    const r = dateFromFields(
      {
        year: expandYear(two(s, 0), pivot),
        month: two(s, 2),
        day: two(s, 4),
        hour: two(s, 6),
        minute: two(s, 8),
        second: two(s, 10),
      },
      options.localUtcOffsetMinutes ?? 0,
    );
    return r.ok ? { ok: true, form: 'local', date: r.date } : r;
  }

  if (s.length !== 16) return fail('length', `length ${s.length} is neither 16 nor 12`);
  if (!/^\d{15}$/.test(s.slice(0, 15))) return fail('not-digits', `"${s.slice(0, 15)}" is not 15 digits`);
  const sign = s[15]!.toUpperCase();

  if (sign === 'R') {
    // Relative: the six fields are a duration; t and nn should be 0 and are ignored if not.
    const duration: RelativeDuration = {
      years: two(s, 0),
      months: two(s, 2),
      days: two(s, 4),
      hours: two(s, 6),
      minutes: two(s, 8),
      seconds: two(s, 10),
    };
    const now = options.now ?? new Date();
    // Date.UTC carries overflow (month 13, day 40 …) into the next unit, which is what we want.
    const date = new Date(
      Date.UTC(
        now.getUTCFullYear() + duration.years,
        now.getUTCMonth() + duration.months,
        now.getUTCDate() + duration.days,
        now.getUTCHours() + duration.hours,
        now.getUTCMinutes() + duration.minutes,
        now.getUTCSeconds() + duration.seconds,
        now.getUTCMilliseconds(),
      ),
    );
    return { ok: true, form: 'relative', date, duration };
  }

  if (sign !== '+' && sign !== '-') return fail('sign', `"${s[15]}" is not +, - or R`);
  const nn = two(s, 13);
  // Section 14: nn is the offset from UTC in quarter hours, 00–48.
  if (nn > 48) return fail('offset', `offset ${nn} quarter hours is over 48`);
  const offsetQuarterHours = sign === '-' ? -nn : nn;
  const r = dateFromFields(
    {
      year: expandYear(two(s, 0), pivot),
      month: two(s, 2),
      day: two(s, 4),
      hour: two(s, 6),
      minute: two(s, 8),
      second: two(s, 10),
      tenths: Number(s[12]),
    },
    offsetQuarterHours * 15,
  );
  return r.ok ? { ok: true, form: 'absolute', date: r.date, offsetQuarterHours } : r;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Formats an instant as an absolute SMPP time in the given quarter-hour offset (−48…48).
 * The year is written with two digits: keep dates inside the parser's window (1938–2037 by default).
 */
export function formatAbsolute(date: Date, offsetQuarterHours: number = 0): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('formatAbsolute: invalid date');
  if (!Number.isInteger(offsetQuarterHours) || Math.abs(offsetQuarterHours) > 48) {
    throw new RangeError(`formatAbsolute: offset ${offsetQuarterHours} is not an integer in −48…48`);
  }
  const local = new Date(date.getTime() + offsetQuarterHours * 15 * 60_000);
  return (
    pad2(local.getUTCFullYear() % 100) +
    pad2(local.getUTCMonth() + 1) +
    pad2(local.getUTCDate()) +
    pad2(local.getUTCHours()) +
    pad2(local.getUTCMinutes()) +
    pad2(local.getUTCSeconds()) +
    String(Math.floor(local.getUTCMilliseconds() / 100)) +
    pad2(Math.abs(offsetQuarterHours)) +
    (offsetQuarterHours < 0 ? '-' : '+')
  );
}

/**
 * Formats a duration in whole seconds as a relative SMPP time. Years and months are never used
 * (their length depends on the date), so the limit is 99 days 23:59:59.
 */
export function formatRelative(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_RELATIVE_SECONDS) {
    throw new RangeError(`formatRelative: ${seconds} is not whole seconds in 0…${MAX_RELATIVE_SECONDS}`);
  }
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  return `0000${pad2(days)}${pad2(hours)}${pad2(minutes)}${pad2(seconds % 60)}000R`;
}
