// Live counters of the dashboard (GET /v1/stats/summary every 2 s): messages on their way now, and
// today's delivered and failed from the statistics rollup (up to a minute behind).
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { api } from '../../api/client.ts';
import type { StatsSummary } from '../../api/types.ts';
import { usePolling } from '../../hooks/use-polling.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import type { MessageKey } from '../../i18n/en.ts';

const POLL_MS = 2_000;

interface Counter {
  id: string;
  label: MessageKey;
  color: string;
  value: (summary: StatsSummary) => number;
  precision?: number;
}

const COUNTERS: Counter[] = [
  { id: 'queued', label: 'stat.queued', color: '#fa8c16', value: (s) => s.states.queued ?? 0 },
  { id: 'submitted', label: 'stat.submitted', color: '#722ed1', value: (s) => s.states.submitted ?? 0 },
  { id: 'delivered', label: 'stat.delivered', color: '#52c41a', value: (s) => s.states.delivered ?? 0 },
  { id: 'failed', label: 'stat.failed', color: '#ff4d4f', value: (s) => (s.states.undelivered ?? 0) + (s.states.failed ?? 0) + (s.states.expired ?? 0) + (s.states.rejected ?? 0) },
  { id: 'rate', label: 'stat.rate', color: '#1677ff', value: (s) => s.throughput.submittedPerSecond, precision: 1 },
];

export function StatCards() {
  const { t } = useI18n();
  const summary = usePolling((signal) => api<StatsSummary>('/v1/stats/summary', { signal }), POLL_MS);

  return (
    <Row gutter={[16, 16]}>
      {COUNTERS.map((counter) => (
        <Col key={counter.id} xs={24} sm={12} xl={{ flex: '20%' }}>
          <Card loading={!summary} style={{ height: '100%' }}>
            <div data-testid={`stat-${counter.id}`}>
              <Statistic
                title={t(counter.label)}
                value={summary ? counter.value(summary) : 0}
                precision={counter.precision}
                styles={{ content: { color: counter.color } }}
              />
            </div>
            {counter.id === 'rate' && summary && (
              <Typography.Text type="secondary">
                {t('stat.rateDetail', {
                  accepted: summary.throughput.acceptedPerSecond.toFixed(1),
                  delivered: summary.throughput.deliveredPerSecond.toFixed(1),
                })}
              </Typography.Text>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
