// Reports from hourly rollup sums: buckets in Shanghai time, submitted / delivered / failed / rate, failure breakdown, rollup row merging.
import { describe, expect, it } from 'vitest';
import { failureClassifier } from '../../../../src/core/stats/failure-category.ts';
import { buildReport, failureBreakdown } from '../../../../src/core/stats/stats-report.ts';
import { rollupRows } from '../../../../src/core/stats/stats-rollup.ts';
import type { StatsAggregate } from '../../../../src/store/types.ts';

const utc = (s: string) => Date.parse(s);
const row = (hour: string, key: string, state: StatsAggregate['state'], messages: number, segments = messages): StatsAggregate => ({ hour: utc(hour), key, state, messages, segments });

describe('stats report', () => {
  it('sums hours into Shanghai days, keeps empty days, and computes the delivery rate', () => {
    const rows = [
      row('2026-11-21T15:00:00Z', 'a', 'delivered', 3, 4), // 21 Nov 23:00 Shanghai
      row('2026-11-21T16:00:00Z', 'a', 'delivered', 2), // 22 Nov 00:00 Shanghai
      row('2026-11-21T16:00:00Z', 'a', 'undelivered', 1),
      row('2026-11-21T17:00:00Z', 'b', 'expired', 1),
      row('2026-11-21T17:00:00Z', 'b', 'cancelled', 5),
    ];
    const report = buildReport(rows, 'day', utc('2026-11-20T16:00:00Z'), utc('2026-11-23T16:00:00Z'), 'Asia/Shanghai');
    expect(report.buckets.map((b) => b.bucket)).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
    const a = report.series.find((s) => s.key === 'a')!;
    expect(a.points.map((p) => p.submitted)).toEqual([3, 3, 0]);
    expect(a.points[1]).toMatchObject({ delivered: 2, failed: 1, deliveryRate: 0.6667 });
    expect(a.points[2]!.deliveryRate).toBeNull();
    expect(a.totals).toMatchObject({ submitted: 6, delivered: 5, failed: 1, segments: 7 });
    expect(report.series.map((s) => s.key)).toEqual(['a', 'b']);
    expect(report.totals).toMatchObject({ submitted: 7, delivered: 5, failed: 2, cancelled: 5, deliveryRate: 0.7143 });
  });

  it('weeks and months group hours by local calendar', () => {
    const rows = [row('2026-11-29T15:00:00Z', '', 'delivered', 1), row('2026-11-30T16:00:00Z', '', 'delivered', 1)];
    const weeks = buildReport(rows, 'week', utc('2026-11-22T16:00:00Z'), utc('2026-12-06T16:00:00Z'), 'Asia/Shanghai');
    expect(weeks.buckets.map((b) => b.bucket)).toEqual(['2026-11-23', '2026-11-30']);
    expect(weeks.series[0]!.points.map((p) => p.submitted)).toEqual([1, 1]);
    const months = buildReport(rows, 'month', utc('2026-10-31T16:00:00Z'), utc('2026-12-31T16:00:00Z'), 'Asia/Shanghai');
    expect(months.series[0]!.points.map((p) => [p.bucket, p.submitted])).toEqual([['2026-11', 1], ['2026-12', 1]]);
  });

  it('failure breakdown counts failed rows only, largest first', () => {
    const rows = [row('2026-11-21T15:00:00Z', 'blacklist', 'undelivered', 2), row('2026-11-21T16:00:00Z', 'powered_off', 'undelivered', 3), row('2026-11-21T16:00:00Z', '', 'delivered', 9)];
    expect(failureBreakdown(rows)).toEqual([{ category: 'powered_off', messages: 3 }, { category: 'blacklist', messages: 2 }]);
  });

  it('rollup rows resolve the carrier from the number prefix and merge codes of one category', () => {
    const carrierOf = (n: string) => (n.startsWith('+86138') ? 'cmcc' : n.startsWith('+86130') ? 'cucc' : null);
    const g = { hour: 0, accountId: 'acme', connectorId: 'sim', category: 'notification', segments: 1, carrier: null };
    const rows = rollupRows(
      [
        { ...g, prefix: '+861380013', state: 'undelivered', errorCode: 'MK:0001', messages: 1 },
        { ...g, prefix: '+861380099', state: 'undelivered', errorCode: 'MK:0012', messages: 2 },
        { ...g, prefix: '+861300013', state: 'delivered', errorCode: null, messages: 4 },
        { ...g, prefix: '+44770090', connectorId: null, state: 'cancelled', errorCode: null, messages: 1 },
      ],
      carrierOf,
      failureClassifier(),
    );
    expect(rows).toEqual([
      { hour: 0, accountId: 'acme', connectorId: 'sim', carrier: 'cmcc', category: 'notification', state: 'undelivered', failure: 'invalid_number', messages: 3, segments: 2 },
      { hour: 0, accountId: 'acme', connectorId: 'sim', carrier: 'cucc', category: 'notification', state: 'delivered', failure: '', messages: 4, segments: 1 },
      { hour: 0, accountId: 'acme', connectorId: '', carrier: '', category: 'notification', state: 'cancelled', failure: '', messages: 1, segments: 1 },
    ]);
  });

  it('rollup rows take the carrier routing stored with the message (a ported number) before the segment table', () => {
    const carrierOf = (n: string) => (n.startsWith('+86138') ? 'cmcc' : null);
    const g = { hour: 0, accountId: 'acme', connectorId: 'sim', category: 'notification', state: 'delivered' as const, errorCode: null, segments: 1 };
    const rows = rollupRows(
      [
        { ...g, carrier: 'ctcc', prefix: '', messages: 2 },
        { ...g, carrier: '', prefix: '', messages: 1 },
        { ...g, carrier: null, prefix: '+861380013', messages: 4 },
      ],
      carrierOf,
      failureClassifier(),
    );
    expect(rows.map((r) => [r.carrier, r.messages])).toEqual([['ctcc', 2], ['', 1], ['cmcc', 4]]);
  });
});
