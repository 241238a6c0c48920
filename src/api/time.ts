// Times in API requests may be ISO-8601 strings or epoch milliseconds; responses use ISO-8601.
import { AppError } from '../core/errors.ts';

const MAX_TIME_MS = 8.64e15;

export function parseTime(value: string | number | undefined | null, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  // Beyond ±8.64e15 ms a JavaScript Date is invalid (ECMA-262 §21.4.1.1), and formatting it throws.
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS) throw new AppError('validation_failed', `${field} must be an ISO-8601 time or epoch milliseconds`, field);
  return ms;
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
