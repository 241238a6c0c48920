// Live counters and throughput for the dashboard; rollup reports by day / week / month with grouping;
// the failure-category table (admins edit it) and an on-demand rollup run.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { DEFAULT_FAILURE_TABLE, FAILURE_CATEGORIES } from '../../core/stats/failure-category.ts';
import { buildReport, failureBreakdown } from '../../core/stats/stats-report.ts';
import { bucketStart, DEFAULT_TIME_ZONE, isTimeZone, nextBucket, PERIODS, type Period } from '../../core/stats/time-buckets.ts';
import type { MessageState } from '../../core/message.ts';
import type { StatsDimension } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { actingAccount, requireAdmin, type Principal } from '../principal.ts';
import { iso, parseTime } from '../time.ts';

const DIMENSIONS = ['account', 'connector', 'carrier', 'category', 'failure'] as const;
/** Groupings across accounts or about the platform's upstreams: administrators only. */
const ADMIN_DIMENSIONS: ReadonlySet<StatsDimension> = new Set(['account', 'connector']);
/** Buckets of one report at most (a chart of more is unreadable, and the rollup read grows with it). */
const MAX_BUCKETS = 400;
/** The default range when none is given: the last 30 days, 12 weeks or 12 months. */
const DEFAULT_SPAN: Record<Period, number> = { day: 30, week: 12, month: 12 };

const SummaryQuery = Type.Object(
  {
    accountId: Type.Optional(Type.String()),
    period: Type.Optional(Type.Union(PERIODS.map((p) => Type.Literal(p)))),
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    groupBy: Type.Optional(Type.Union(DIMENSIONS.map((d) => Type.Literal(d)))),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
const ThroughputQuery = Type.Object({ minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })) }, { additionalProperties: false });
const FailureTableBody = Type.Object({ overrides: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ maxLength: 32 })) }, { additionalProperties: false });
const RollupBody = Type.Object({ from: Type.Optional(Type.String({ maxLength: 40 })), to: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });

/**
 * A report bound: ISO time or epoch ms, or a calendar date "2026-11-23" meaning local midnight in the
 * report's zone (for `to`, the end of that day, so a date range picker's last day is included).
 */
function reportTime(value: string | undefined, field: string, timeZone: string, endOfDay: boolean): number | undefined {
  if (value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    const noon = Date.UTC(y!, m! - 1, d!, 12);
    if (Number.isNaN(noon)) throw new AppError('validation_failed', `${field} is not a date`, field);
    const start = bucketStart(noon, 'day', timeZone);
    return endOfDay ? nextBucket(start, 'day', timeZone) : start;
  }
  return parseTime(value, field);
}

/** The account a report is limited to, and whether the grouping is allowed for the caller. */
function reportScope(principal: Principal, requested: string | undefined, groupBy: StatsDimension | null): string | undefined {
  if (groupBy && ADMIN_DIMENSIONS.has(groupBy) && principal.role !== 'admin') {
    throw new AppError('forbidden', `grouping by ${groupBy} is for administrators`, 'groupBy');
  }
  return actingAccount(principal, requested);
}

export async function statsRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store, gateway } = deps;

  app.get<{ Querystring: Static<typeof SummaryQuery> }>(
    '/v1/stats/summary',
    { schema: { querystring: SummaryQuery, tags: ['stats'], summary: 'Live counters; with ?period= a report by day / week / month from the hourly rollup' } },
    async (request) => {
      const q = request.query;
      if (q.period === undefined) {
        if (q.from !== undefined || q.to !== undefined || q.groupBy !== undefined) throw new AppError('validation_failed', 'from, to and groupBy need period=day|week|month', 'period');
        const accountId = actingAccount(request.principal, q.accountId);
        // Messages on their way now, and those that ended today (from the hourly rollup: counting the
        // messages table itself would scan it, and the dashboard asks every 2 s).
        const zone = deps.statsTimeZone ?? DEFAULT_TIME_ZONE;
        const since = bucketStart(Date.now(), 'day', zone);
        const [pending, ended, depth] = await Promise.all([
          store.messages.countPending(accountId),
          store.stats.aggregate({ from: since, to: nextBucket(since, 'day', zone), accountId, groupBy: null }),
          store.messages.queueDepth(),
        ]);
        const states: Partial<Record<MessageState, number>> = { ...pending };
        for (const row of ended) states[row.state] = (states[row.state] ?? 0) + row.messages;
        const meter = gateway.throughput;
        return {
          states,
          endedSince: iso(since),
          throughput: { acceptedPerSecond: meter.rate('accepted'), submittedPerSecond: meter.rate('submitted'), deliveredPerSecond: meter.rate('delivered') },
          connectors: [...gateway.connectors.values()].map((c) => ({ id: c.id, state: c.stats().state, queueDepth: depth[c.id] ?? 0 })),
        };
      }
      const period = q.period;
      const groupBy = (q.groupBy ?? null) as StatsDimension | null;
      const accountId = reportScope(request.principal, q.accountId, groupBy);
      const timeZone = q.timeZone ?? deps.statsTimeZone ?? DEFAULT_TIME_ZONE;
      if (!isTimeZone(timeZone)) throw new AppError('validation_failed', `unknown time zone ${timeZone}`, 'timeZone');
      const now = Date.now();
      const to = reportTime(q.to, 'to', timeZone, true) ?? nextBucket(bucketStart(now, period, timeZone), period, timeZone);
      let from = reportTime(q.from, 'from', timeZone, false);
      if (from === undefined) {
        from = to;
        for (let i = 0; i < DEFAULT_SPAN[period]; i++) from = bucketStart(from - 1, period, timeZone);
      }
      if (from >= to) throw new AppError('validation_failed', 'from must be before to', 'from');
      // The range is widened to whole buckets so the first and last points are not partial.
      const start = bucketStart(from, period, timeZone);
      const count = Math.ceil((to - start) / ({ day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 } as const)[period]);
      if (count > MAX_BUCKETS) throw new AppError('validation_failed', `at most ${MAX_BUCKETS} ${period}s per report`, 'from');
      const [rows, failures] = await Promise.all([
        store.stats.aggregate({ from: start, to, accountId, groupBy }),
        store.stats.aggregate({ from: start, to, accountId, groupBy: 'failure' }),
      ]);
      const report = buildReport(rows, period, start, to, timeZone);
      return {
        period,
        timeZone,
        from: iso(start),
        to: iso(to),
        groupBy,
        accountId: accountId ?? null,
        buckets: report.buckets.map((b) => b.bucket),
        series: report.series.map((s) => ({ key: s.key, totals: s.totals, points: s.points.map(({ start: _start, ...p }) => p) })),
        totals: report.totals,
        failures: failureBreakdown(failures),
      };
    },
  );

  app.get<{ Querystring: Static<typeof ThroughputQuery> }>('/v1/stats/throughput', { schema: { querystring: ThroughputQuery, tags: ['stats'] } }, async (request) => ({
    points: gateway.throughput.series(request.query.minutes ?? 15).map((p) => ({ ...p, at: iso(p.at) })),
  }));

  app.get('/v1/stats/failure-categories', { schema: { tags: ['stats'], summary: 'Failure categories and the code table that assigns them' } }, async () => {
    await deps.failureTable.refresh();
    return { categories: FAILURE_CATEGORIES, defaults: DEFAULT_FAILURE_TABLE, overrides: deps.failureTable.overrides };
  });

  app.put<{ Body: Static<typeof FailureTableBody> }>(
    '/v1/stats/failure-categories',
    { schema: { body: FailureTableBody, tags: ['stats'], summary: 'Replace the admin entries of the failure-category table (code or "XX:*" family → category)' } },
    async (request) => {
      requireAdmin(request.principal);
      try {
        const overrides = await deps.failureTable.replace(request.body.overrides);
        return { categories: FAILURE_CATEGORIES, defaults: DEFAULT_FAILURE_TABLE, overrides };
      } catch (error) {
        if (error instanceof RangeError) throw new AppError('validation_failed', error.message, 'overrides');
        throw error;
      }
    },
  );

  app.post<{ Body: Static<typeof RollupBody> }>(
    '/v1/stats/rollup',
    { schema: { body: RollupBody, tags: ['stats'], summary: 'Run the statistics rollup now, or recompute a time range (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      const from = parseTime(request.body?.from, 'from');
      const to = parseTime(request.body?.to, 'to');
      if ((from === undefined) !== (to === undefined)) throw new AppError('validation_failed', 'give both from and to, or neither', from === undefined ? 'from' : 'to');
      if (from !== undefined && to !== undefined && from >= to) throw new AppError('validation_failed', 'from must be before to', 'from');
      const result = from !== undefined && to !== undefined ? await deps.statsRollup.recompute(from, to) : await deps.statsRollup.runOnce();
      if (!result) throw new AppError('conflict', 'another node is running the rollup; try again shortly');
      return { from: iso(result.from), to: iso(result.to), hours: result.hours, rows: result.rows, messages: result.messages };
    },
  );
}
