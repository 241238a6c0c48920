// Display formats shared by the pages: times, encodings, empty values.
import dayjs from 'dayjs';

export function formatTime(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '—' : dayjs(value).format('YYYY-MM-DD HH:mm:ss');
}

const ENCODINGS: Record<string, string> = { gsm7: 'GSM-7', ucs2: 'UCS-2', latin1: 'Latin-1', ia5: 'IA5' };

export function formatEncoding(encoding: string | null | undefined): string {
  return encoding ? (ENCODINGS[encoding.toLowerCase()] ?? encoding) : '—';
}

export function orDash(value: string | number | null | undefined): string | number {
  return value === null || value === undefined || value === '' ? '—' : value;
}
