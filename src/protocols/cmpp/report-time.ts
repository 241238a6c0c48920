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
  const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const utc = Date.UTC(2000 + year, month - 1, day, hour, minute);
  // Date.UTC rolls 31 February over into March: such a date was not a real one.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc - utcOffsetMinutes * 60_000;
}
