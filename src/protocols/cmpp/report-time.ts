// Status report Submit_time / Done_time: YYMMDDHHMM in Beijing time (cmpp.md 7.1), both ways.
import { BEIJING_UTC_OFFSET_MINUTES } from './authenticator.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `date` as YYMMDDHHMM at the given UTC offset (default Beijing). */
export function formatReportTime(date: Date, utcOffsetMinutes = BEIJING_UTC_OFFSET_MINUTES): string {
  const d = new Date(date.getTime() + utcOffsetMinutes * 60_000);
  return pad2(d.getUTCFullYear() % 100) + pad2(d.getUTCMonth() + 1) + pad2(d.getUTCDate()) + pad2(d.getUTCHours()) + pad2(d.getUTCMinutes());
}

/**
 * Epoch ms of a YYMMDDHHMM text, or undefined when it is not one (ISMGs leave it empty or send
 * garbage at times). Years are taken as 20YY.
 */
export function parseReportTime(text: string, utcOffsetMinutes = BEIJING_UTC_OFFSET_MINUTES): number | undefined {
  // Read digit by digit: this runs for every status report, where a regex match showed in profiles.
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end - start !== 10) return undefined;
  const year = twoDigits(text, start);
  const month = twoDigits(text, start + 2);
  const day = twoDigits(text, start + 4);
  const hour = twoDigits(text, start + 6);
  const minute = twoDigits(text, start + 8);
  if ((year | month | day | hour | minute) < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const utc = Date.UTC(2000 + year, month - 1, day, hour, minute);
  // Date.UTC rolls 31 February over into March: such a date was not a real one.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc - utcOffsetMinutes * 60_000;
}

/** The value of two ASCII digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/** What String#trim removes, for the characters an ISMG pads with (space, tab, CR, LF, NUL is cut earlier). */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff;
}
