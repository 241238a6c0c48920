// The time fields of SMGP 3.0: Login TimeStamp, MsgID time, report dates, RecvTime, ValidTime/AtTime.
// SMGW clocks run on China Standard Time, so every field is written in a fixed offset (default UTC+8)
// whatever the zone of the machine we run on.

/** China Standard Time, in minutes east of UTC. */
export const CHINA_OFFSET_MINUTES = 480;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function partsOf(date: Date, offsetMinutes: number): Parts {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Login TimeStamp (smgp.md 4.1): MMDDHHMMSS read as a decimal integer, e.g. 03-01 00:00:00 → 301000000. */
export function loginTimestamp(date: Date, offsetMinutes = CHINA_OFFSET_MINUTES): number {
  const p = partsOf(date, offsetMinutes);
  return Number(`${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}`);
}

/** The 10 ASCII digits the authenticators hash: the TimeStamp left-padded with '0'. */
export function timestampText(timestamp: number): string {
  return String(timestamp).padStart(10, '0');
}

/** MsgID time part (smgp.md 7): MMDDHHMM. */
export function msgIdTime(date: Date, offsetMinutes = CHINA_OFFSET_MINUTES): string {
  const p = partsOf(date, offsetMinutes);
  return `${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}`;
}

/** Status report submit/done date (smgp.md 8): YYMMDDhhmm. */
export function reportDate(date: Date, offsetMinutes = CHINA_OFFSET_MINUTES): string {
  const p = partsOf(date, offsetMinutes);
  return `${two(p.year % 100)}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}`;
}

/** Deliver RecvTime (smgp.md 6): YYYYMMDDHHMMSS. */
export function recvTime(date: Date, offsetMinutes = CHINA_OFFSET_MINUTES): string {
  const p = partsOf(date, offsetMinutes);
  return `${p.year}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}

/**
 * ValidTime / AtTime in the SMPP 3.3 absolute form YYMMDDhhmmsstnnp (smgp.md 5, field 9): tenths,
 * then the offset from UTC in quarter hours and its sign.
 */
export function absoluteTime(date: Date, offsetMinutes = CHINA_OFFSET_MINUTES): string {
  const p = partsOf(date, offsetMinutes);
  const tenths = Math.floor((date.getTime() % 1000) / 100);
  const quarters = Math.round(Math.abs(offsetMinutes) / 15);
  return `${two(p.year % 100)}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}${tenths}${two(quarters)}${offsetMinutes < 0 ? '-' : '+'}`;
}

/**
 * A YYMMDDhhmm report date as an instant, read in the given offset; undefined when it is not ten
 * digits or not a real date (a peer that leaves the field blank).
 */
export function parseReportDate(text: string, offsetMinutes = CHINA_OFFSET_MINUTES): Date | undefined {
  if (!/^\d{10}$/.test(text)) return undefined;
  const [year, month, day, hour, minute] = [0, 2, 4, 6, 8].map((i) => Number(text.slice(i, i + 2)));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const utc = Date.UTC(2000 + year, month - 1, day, hour, minute) - offsetMinutes * 60_000;
  const check = partsOf(new Date(utc), offsetMinutes);
  if (check.day !== day) return undefined; // 31 February and the like
  return new Date(utc);
}
