// The delivery report of one run: totals, delivery rate, cost, and failures by category.
import { Card, Col, Row, Statistic, Table } from 'antd';
import { api } from '../../api/client.ts';
import { usePolling } from '../../hooks/use-polling.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { formatYuan } from '../billing/money.ts';
import type { RunReport } from './campaign-types.ts';

export function RunReportCard({ campaignId, accountId, runId }: { campaignId: string; accountId: string; runId: string }) {
  const { t } = useI18n();
  const data = usePolling(
    (signal) => api<{ report: RunReport }>(`/v1/campaigns/${encodeURIComponent(campaignId)}/runs/${encodeURIComponent(runId)}/report`, { query: { accountId }, signal }),
    5000,
    [campaignId, runId],
  );
  const report = data?.report;
  return (
    <Card title={t('campaign.report')} loading={!report} data-testid="run-report">
      {report && (
        <>
          <Row gutter={16}>
            <Col span={3}><Statistic title={t('campaign.messages')} value={report.messages} /></Col>
            <Col span={3}><Statistic title={t('state.submitted')} value={report.submitted} /></Col>
            <Col span={3}><Statistic title={t('state.delivered')} value={report.delivered} /></Col>
            <Col span={3}><Statistic title={t('campaign.failed')} value={report.failed} /></Col>
            <Col span={3}><Statistic title={t('campaign.pending')} value={report.pending} /></Col>
            <Col span={3}><Statistic title={t('campaign.cost')} value={formatYuan(report.cost)} /></Col>
            <Col span={3}>
              <Statistic title={t('campaign.deliveryRate')} value={report.deliveryRate === null ? '—' : (report.deliveryRate * 100).toFixed(1)} suffix={report.deliveryRate === null ? '' : '%'} />
            </Col>
          </Row>
          {report.failed > 0 && (
            <Table
              style={{ marginTop: 16 }}
              size="small"
              pagination={false}
              rowKey="reason"
              dataSource={Object.entries(report.failures).map(([category, count]) => ({ reason: t(`stats.failure.${category}` as MessageKey), count }))}
              columns={[
                { title: t('campaign.failureReason'), dataIndex: 'reason' },
                { title: t('campaign.count'), dataIndex: 'count' },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
