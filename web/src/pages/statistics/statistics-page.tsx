// Statistics (数据统计): delivery reports by day / week / month from GET /v1/stats/summary, as charts and a table.
import { Card, Col, Empty, Flex, Row, Statistic } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { StatsReport, StatsSummary } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { StatsCharts } from './stats-charts.tsx';
import { StatsControls, type StatsQuery } from './stats-controls.tsx';
import { formatRate } from './stats-labels.ts';
import { StatsTable } from './stats-table.tsx';

export function StatisticsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [query, setQuery] = useState<StatsQuery>({ period: 'day', range: null, groupBy: null });
  const [report, setReport] = useState<StatsReport | null>(null);
  const [loading, setLoading] = useState(false);
  /** Messages not final yet are not in the rollup: the live counters show them. */
  const [live, setLive] = useState<StatsSummary['states'] | null>(null);

  const load = useCallback(async (q: StatsQuery) => {
    setLoading(true);
    try {
      const [from, to] = q.range ?? [];
      void api<StatsSummary>('/v1/stats/summary', { quiet: true }).then((summary) => setLive(summary.states), () => setLive(null));
      setReport(
        await api<StatsReport>('/v1/stats/summary', {
          query: { period: q.period, groupBy: q.groupBy ?? undefined, from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD') },
        }),
      );
    } catch {
      // Reported by the API client.
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(query);
  }, [query, load]);

  return (
    <Flex vertical gap={16}>
      <Card>
        <StatsControls value={query} onChange={setQuery} isAdmin={user?.role === 'admin'} onRefresh={() => void load(query)} />
      </Card>
      {report && (
        <>
          <Row gutter={[16, 16]}>
            {(['submitted', 'delivered', 'failed', 'segments'] as const).map((field) => (
              <Col xs={12} md={6} key={field}>
                <Card loading={loading}>
                  <Statistic title={t(`stats.${field}`)} value={report.totals[field]} data-testid={`stats-card-${field}`} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small">
            <span data-testid="stats-card-rate">
              {t('stats.deliveryRate')}: {formatRate(report.totals.deliveryRate)}
            </span>
            {live && (
              <span style={{ marginLeft: 24 }} data-testid="stats-in-progress">
                {t('stats.inProgress', { scheduled: live.scheduled ?? 0, queued: (live.queued ?? 0) + (live.accepted ?? 0), submitted: live.submitted ?? 0 })}
              </span>
            )}
            <span style={{ marginLeft: 24, color: '#8c8c8c' }}>{t('stats.zoneNote', { zone: report.timeZone })}</span>
          </Card>
          <StatsCharts report={report} />
          <Card title={t('stats.table')}>{report.series.length ? <StatsTable report={report} /> : <Empty />}</Card>
        </>
      )}
    </Flex>
  );
}
