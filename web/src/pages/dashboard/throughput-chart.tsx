// Line chart of accepted / submitted / delivered / failed per 10 s (GET /v1/stats/throughput).
import { Card } from 'antd';
import { useEffect, useRef } from 'react';
import { api } from '../../api/client.ts';
import type { ThroughputPoint } from '../../api/types.ts';
import { usePolling } from '../../hooks/use-polling.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { echarts } from './echarts.ts';

const SERIES = ['accepted', 'submitted', 'delivered', 'failed'] as const;
const COLORS = ['#1677ff', '#722ed1', '#52c41a', '#ff4d4f'];
const REFRESH_MS = 10_000;

function timeLabel(at: string): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function ThroughputChart() {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(null);
  const points = usePolling(
    (signal) => api<{ points: ThroughputPoint[] }>('/v1/stats/throughput', { query: { minutes: 15 }, signal }).then((r) => r.points),
    REFRESH_MS,
  );

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current);
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({
      color: COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', boundaryGap: false, data: (points ?? []).map((point) => timeLabel(point.at)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SERIES.map((name) => ({
        name: t(`series.${name}`),
        type: 'line',
        smooth: true,
        showSymbol: false,
        data: (points ?? []).map((point) => point[name]),
      })),
    }, { notMerge: true });
  }, [points, t]);

  return (
    <Card title={t('chart.title')}>
      <div ref={element} style={{ height: 320 }} data-testid="throughput-chart" />
    </Card>
  );
}
