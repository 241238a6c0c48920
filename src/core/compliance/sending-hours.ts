// Marketing sending hours (domain.md §2.6): a daily local-time window, optionally on some weekdays
// only, and the next instant a message held outside it may go out.

export interface SendingHours {
  /** "HH:MM" local time the window opens. */
  start: string;
  /** "HH:MM" local time it closes (exclusive); before `start` means it runs past midnight; equal means all day. */
  end: string;
  /** IANA zone, e.g. Asia/Shanghai. */
  timeZone: string;
  /** ISO weekdays the window opens on (1 = Monday … 7 = Sunday); null = every day. */
  days: number[] | null;
}

/** domain.md §2.6: 08:00–21:00 Beijing time unless the platform or the account says otherwise. */
export const DEFAULT_SENDING_HOURS: SendingHours = { start: '08:00', end: '21:00', timeZone: 'Asia/Shanghai', days: null };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of "HH:MM", or null when malformed. */
export function minutesOf(time: string): number | null {
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** True when `zone` is a time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

interface LocalTime {
  year: number;
  month: number;
  day: number;
  minutes: number;
  weekday: number;
}

function localTime(at: number, zone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(at)) parts[p.type] = p.value;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), minutes: Number(parts.hour) * 60 + Number(parts.minute), weekday: WEEKDAYS[parts.weekday!]! };
}

/** The zone's offset from UTC at `at`, in ms. */
function offsetAt(at: number, zone: string): number {
  const l = localTime(at, zone);
  return Date.UTC(l.year, l.month - 1, l.day, 0, l.minutes) - (at - (at % 60_000));
}

/** The instant of a local wall-clock time (day may overflow the month: Date.UTC normalises it). */
function instantOf(year: number, month: number, day: number, minutes: number, zone: string): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const first = guess - offsetAt(guess, zone);
  // Across a DST change the offset at the answer differs from the guess's; one correction settles it.
  const second = guess - offsetAt(first, zone);
  return second;
}

/**
 * The first instant at or after `at` inside the window: `at` itself when it is inside. Weekdays
 * name the day a window opens, so an overnight window opened on Friday still runs into Saturday.
 */
export function nextWindowOpening(hours: SendingHours, at: number): number {
  const start = minutesOf(hours.start) ?? 0;
  const end = minutesOf(hours.end) ?? 0;
  const opensOn = (weekday: number) => hours.days === null || hours.days.includes(((weekday - 1 + 7) % 7) + 1);
  const now = localTime(at, hours.timeZone);
  if (start === end) {
    if (opensOn(now.weekday)) return at;
  } else if (start < end) {
    if (opensOn(now.weekday) && now.minutes >= start && now.minutes < end) return at;
    if (opensOn(now.weekday) && now.minutes < start) return instantOf(now.year, now.month, now.day, start, hours.timeZone);
  } else {
    if (opensOn(now.weekday) && now.minutes >= start) return at;
    if (opensOn(now.weekday - 1) && now.minutes < end) return at;
    if (opensOn(now.weekday) && now.minutes < start) return instantOf(now.year, now.month, now.day, start, hours.timeZone);
  }
  for (let k = 1; k <= 7; k++) {
    if (opensOn(now.weekday + k)) return instantOf(now.year, now.month, now.day + k, start, hours.timeZone);
  }
  return at; // No weekday at all: the API refuses an empty list, so this is never held forever.
}

/** The end of the window `at` is in (for caching the answer), or `at` when outside. */
export function windowCloses(hours: SendingHours, at: number): number {
  const start = minutesOf(hours.start) ?? 0;
  const end = minutesOf(hours.end) ?? 0;
  if (nextWindowOpening(hours, at) !== at) return at;
  const now = localTime(at, hours.timeZone);
  // Re-checked at the next local midnight at the latest, where the weekday may close it.
  const midnight = instantOf(now.year, now.month, now.day + 1, 0, hours.timeZone);
  if (start === end) return midnight;
  if (start < end) return instantOf(now.year, now.month, now.day, end, hours.timeZone);
  return now.minutes >= start ? midnight : instantOf(now.year, now.month, now.day, end, hours.timeZone);
}
