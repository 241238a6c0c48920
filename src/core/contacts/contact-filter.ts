// Dynamic groups: a filter over a contact's name, number, tags and custom fields (e.g. tag = vip and
// level >= 3, birthday month = 5), checked when stored and evaluated per contact while streaming.
import { AppError } from '../errors.ts';

export type FilterOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'prefix' | 'has' | 'month' | 'day' | 'exists';

export interface FilterCondition {
  /** 'name', 'number', 'tags', or a custom field's name. */
  field: string;
  op: FilterOp;
  value?: string | number;
}

export interface ContactFilter {
  match: 'all' | 'any';
  conditions: FilterCondition[];
}

/** What a filter reads of a contact. */
export interface FilterSubject {
  number: string;
  name: string;
  fields: Record<string, string>;
  tags: string[];
}

const OPS = new Set<FilterOp>(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'prefix', 'has', 'month', 'day', 'exists']);
const MAX_CONDITIONS = 20;

/** A stored filter as JSON, or a 400 naming what is wrong. */
export function parseFilter(input: unknown): ContactFilter {
  const bad = (message: string) => new AppError('validation_failed', message, 'filter');
  if (typeof input !== 'object' || input === null) throw bad('filter must be an object { match, conditions }');
  const { match = 'all', conditions } = input as { match?: unknown; conditions?: unknown };
  if (match !== 'all' && match !== 'any') throw bad('filter.match must be "all" or "any"');
  if (!Array.isArray(conditions) || conditions.length === 0 || conditions.length > MAX_CONDITIONS) throw bad(`filter.conditions must list 1 to ${MAX_CONDITIONS} conditions`);
  return {
    match,
    conditions: conditions.map((c: unknown, i) => {
      const { field, op, value } = (c ?? {}) as Record<string, unknown>;
      if (typeof field !== 'string' || field.trim() === '' || field.length > 64) throw bad(`filter.conditions[${i}].field must be a field name`);
      if (typeof op !== 'string' || !OPS.has(op as FilterOp)) throw bad(`filter.conditions[${i}].op must be one of ${[...OPS].join(', ')}`);
      if (op !== 'exists' && typeof value !== 'string' && typeof value !== 'number') throw bad(`filter.conditions[${i}].value is required`);
      if ((op === 'month' || op === 'day') && !Number.isInteger(Number(value))) throw bad(`filter.conditions[${i}].value must be a ${op} number`);
      return { field, op: op as FilterOp, ...(value === undefined ? {} : { value: value as string | number }) };
    }),
  };
}

/** month and day of a date written as 1990-05-20, 1990/5/20, 19900520, 05-20, 5/20 or 5月20日; null when it is none. */
export function monthDay(text: string): { month: number; day: number } | null {
  const t = text.trim();
  const m = /^(?:\d{4}[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?(?:[T\s].*)?$/.exec(t) ?? /^\d{4}(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { month, day } : null;
}

function valueOf(subject: FilterSubject, field: string): string | undefined {
  if (field === 'name') return subject.name;
  if (field === 'number') return subject.number;
  if (field === 'tags') return subject.tags.join(',');
  return subject.fields[field];
}

/** Compares as numbers when both sides are numbers, else as text. */
function compare(a: string, b: string | number): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && String(b).trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < String(b) ? -1 : a > String(b) ? 1 : 0;
}

function holds(subject: FilterSubject, c: FilterCondition): boolean {
  if (c.op === 'has') return subject.tags.includes(String(c.value));
  const v = valueOf(subject, c.field);
  if (c.op === 'exists') return v !== undefined && v !== '';
  if (v === undefined) return c.op === 'ne';
  switch (c.op) {
    case 'eq': return compare(v, c.value!) === 0;
    case 'ne': return compare(v, c.value!) !== 0;
    case 'gt': return compare(v, c.value!) > 0;
    case 'gte': return compare(v, c.value!) >= 0;
    case 'lt': return compare(v, c.value!) < 0;
    case 'lte': return compare(v, c.value!) <= 0;
    case 'contains': return v.includes(String(c.value));
    case 'prefix': return v.startsWith(String(c.value));
    case 'month': return monthDay(v)?.month === Number(c.value);
    case 'day': return monthDay(v)?.day === Number(c.value);
  }
}

export function matchesFilter(subject: FilterSubject, filter: ContactFilter): boolean {
  return filter.match === 'all' ? filter.conditions.every((c) => holds(subject, c)) : filter.conditions.some((c) => holds(subject, c));
}
