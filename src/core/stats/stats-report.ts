// Turns hourly rollup sums into chart series: per calendar bucket (day / week / month in a time zone)
// and per value of the grouping dimension, with submitted, delivered, failed, segments and delivery rate.
import type { StatsAggregate } from '../../store/types.ts';
import type { MessageState } from '../message.ts';
import { bucketLabel, bucketStart, bucketsBetween, type Period } from './time-buckets.ts';

export interface StatsFigures {
  /** Final messages that went out or were refused upstream: delivered + failed (cancelled ones never went out). */
  submitted: number;
  delivered: number;
  /** undelivered + expired + rejected + failed. */
  failed: number;
  cancelled: number;
  segments: number;
  /** delivered / submitted, null when nothing was submitted. */
  deliveryRate: number | null;
  // Extension point: `cost` (sum of billed amounts) once billing stores it per message and the rollup sums it.
}

export interface StatsPoint extends StatsFigures {
  /** "2026-11-23" (day, or the Monday of a week) or "2026-11" (month), in the report's time zone. */
  bucket: string;
  start: number;
}

export interface StatsSeries {
  /** The dimension's value ('' for the one series of an ungrouped report). */
  key: string;
  points: StatsPoint[];
  totals: StatsFigures;
}

export interface StatsReport {
  buckets: Array<{ bucket: string; start: number }>;
  series: StatsSeries[];
  totals: StatsFigures;
}

const FAILED: ReadonlySet<MessageState> = new Set(['undelivered', 'expired', 'rejected', 'failed']);

const empty = (): StatsFigures => ({ submitted: 0, delivered: 0, failed: 0, cancelled: 0, segments: 0, deliveryRate: null });

function add(into: StatsFigures, row: Pick<StatsAggregate, 'state' | 'messages' | 'segments'>): void {
  if (row.state === 'cancelled') {
    into.cancelled += row.messages;
    return;
  }
  if (row.state === 'delivered') into.delivered += row.messages;
  else if (FAILED.has(row.state)) into.failed += row.messages;
  else return;
  into.submitted += row.messages;
  into.segments += row.segments;
}

function finish(f: StatsFigures): StatsFigures {
  // Four decimals: a rate, not a float artefact.
  f.deliveryRate = f.submitted === 0 ? null : Math.round((f.delivered / f.submitted) * 10_000) / 10_000;
  return f;
}

/**
 * Buckets every bucket in [from, to) even when empty (charts need the gaps), one series per key,
 * ordered by submitted messages (largest first), then key.
 */
export function buildReport(rows: StatsAggregate[], period: Period, from: number, to: number, timeZone: string): StatsReport {
  const starts = bucketsBetween(from, to, period, timeZone);
  const index = new Map(starts.map((s, i) => [s, i]));
  const bucketOfHour = new Map<number, number>();
  const series = new Map<string, { points: StatsFigures[]; totals: StatsFigures }>();
  const totals = empty();
  for (const row of rows) {
    let start = bucketOfHour.get(row.hour);
    if (start === undefined) bucketOfHour.set(row.hour, (start = bucketStart(row.hour, period, timeZone)));
    const i = index.get(start);
    if (i === undefined) continue;
    let s = series.get(row.key);
    if (!s) series.set(row.key, (s = { points: starts.map(empty), totals: empty() }));
    add(s.points[i]!, row);
    add(s.totals, row);
    add(totals, row);
  }
  const labels = starts.map((start) => ({ bucket: bucketLabel(start, period, timeZone), start }));
  const out: StatsSeries[] = [...series.entries()].map(([key, s]) => ({
    key,
    points: s.points.map((p, i) => ({ ...labels[i]!, ...finish(p) })),
    totals: finish(s.totals),
  }));
  out.sort((a, b) => b.totals.submitted - a.totals.submitted || a.key.localeCompare(b.key));
  return { buckets: labels, series: out, totals: finish(totals) };
}

/** Failed messages per failure category (from rows grouped by 'failure'), largest first. */
export function failureBreakdown(rows: StatsAggregate[]): Array<{ category: string; messages: number }> {
  const sums = new Map<string, number>();
  for (const row of rows) if (row.key !== '' && FAILED.has(row.state)) sums.set(row.key, (sums.get(row.key) ?? 0) + row.messages);
  return [...sums.entries()].map(([category, messages]) => ({ category, messages })).sort((a, b) => b.messages - a.messages || a.category.localeCompare(b.category));
}
