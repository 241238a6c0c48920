// The report's charts: submitted / delivered / failed over time, a bar per group (e.g. per connector), and failures by category.
import { Card, Col, Row } from 'antd';
import { useMemo } from 'react';
import type { StatsReport } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { EChartPanel, type ChartOption } from './echart-panel.tsx';
import { failureLabel, keyLabel } from './stats-labels.ts';

const COLORS = ['#1677ff', '#52c41a', '#ff4d4f', '#faad14', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];

export function StatsCharts({ report }: { report: StatsReport }) {
  const { t } = useI18n();

  const trend = useMemo<ChartOption>(() => {
    const total = (i: number, field: 'submitted' | 'delivered' | 'failed') => report.series.reduce((sum, s) => sum + s.points[i]![field], 0);
    const grouped = report.groupBy !== null;
    // Grouped: one line of submitted messages per group; otherwise submitted / delivered / failed.
    const series = grouped
      ? report.series.map((s) => ({ name: keyLabel(t, report.groupBy, s.key), type: 'line', smooth: true, data: s.points.map((p) => p.submitted) }))
      : (['submitted', 'delivered', 'failed'] as const).map((field) => ({ name: t(`stats.${field}`), type: 'line', smooth: true, data: report.buckets.map((_, i) => total(i, field)) }));
    return {
      color: COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: report.buckets },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    };
  }, [report, t]);

  const perGroup = useMemo<ChartOption>(() => {
    const names = report.series.map((s) => keyLabel(t, report.groupBy, s.key));
    return {
      color: ['#52c41a', '#ff4d4f'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['delivered', 'failed'] as const).map((field) => ({ name: t(`stats.${field}`), type: 'bar', stack: 'all', data: report.series.map((s) => s.totals[field]) })),
    };
  }, [report, t]);

  const failures = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: report.failures.map((f) => ({ name: failureLabel(t, f.category), value: f.messages })) }],
    }),
    [report, t],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <Card title={t('stats.trend')}>
          <EChartPanel option={trend} testId="stats-trend-chart" />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={report.groupBy ? t('stats.byGroup', { group: t(`stats.groupBy.${report.groupBy}`) }) : t('stats.deliveredFailed')}>
          <EChartPanel option={perGroup} testId="stats-group-chart" />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('stats.failures')}>
          <EChartPanel option={failures} testId="stats-failure-chart" />
        </Card>
      </Col>
    </Row>
  );
}
