// One campaign: its text and schedule, start / pause / resume / cancel, and each run's live progress
// with the delivery report (delivered, failed by reason, rate) of the selected run.
import { Button, Card, Descriptions, Flex, Popconfirm, Progress, Table } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { formatTime } from '../../components/format.ts';
import { usePolling } from '../../hooks/use-polling.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { CampaignStatusTag } from './campaign-status-tag.tsx';
import type { Campaign, CampaignRun } from './campaign-types.ts';
import { runPercent } from './campaigns-page.tsx';
import { RunReportCard } from './run-report-card.tsx';

type Action = 'start' | 'pause' | 'resume' | 'cancel';

/** Which actions a campaign in this status offers (the API refuses the others with 409). */
const ACTIONS: Record<Campaign['status'], Action[]> = {
  draft: ['start', 'cancel'],
  active: ['pause', 'cancel'],
  completed: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  cancelled: [],
};

export function CampaignDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const [selectedRun, setSelectedRun] = useState<string>();
  const campaign = usePolling((signal) => api<Campaign>(`/v1/campaigns/${encodeURIComponent(id)}`, { signal }), 2000, [id, version]);
  const run = campaign?.runs.find((r) => r.id === selectedRun) ?? campaign?.runs[0];

  const act = async (action: Action) => {
    await api(`/v1/campaigns/${encodeURIComponent(id)}/${action}`, { method: 'POST', query: { accountId: campaign?.accountId } }).catch(() => undefined);
    setVersion((v) => v + 1);
  };

  return (
    <Flex vertical gap={16}>
      <Card
        loading={!campaign}
        title={campaign ? <Flex gap={8} align="center">{campaign.name} <CampaignStatusTag status={campaign.status} /></Flex> : null}
        extra={
          <Flex gap={8}>
            {campaign &&
              ACTIONS[campaign.status].map((action) =>
                action === 'cancel' ? (
                  <Popconfirm key={action} title={t('campaign.cancelConfirm')} onConfirm={() => act(action)}>
                    <Button danger data-testid="campaign-cancel">{t('campaign.action.cancel')}</Button>
                  </Popconfirm>
                ) : (
                  <Button key={action} onClick={() => act(action)} data-testid={`campaign-${action}`}>
                    {t(`campaign.action.${action}`)}
                  </Button>
                ),
              )}
          </Flex>
        }
      >
        {campaign && (
          <Descriptions column={2} size="small">
            <Descriptions.Item label={t('send.text')} span={2}>{campaign.text}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.category')}>{t(`category.${campaign.category}`)}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.recipients')}>{campaign.recipients}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.when')}>{campaign.schedule.kind === 'cron' ? campaign.schedule.expression : t(`campaign.when.${campaign.schedule.kind === 'once' ? 'once' : 'dateField'}`)}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.nextRun')}>{formatTime(campaign.nextRunAt)}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.window')}>{campaign.sendWindow ? `${campaign.sendWindow.start}–${campaign.sendWindow.end}` : '—'}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={t('campaign.runs')}>
        <Table<CampaignRun>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={campaign?.runs ?? []}
          data-testid="campaign-runs"
          rowSelection={{ type: 'radio', selectedRowKeys: run ? [run.id] : [], onChange: (keys) => setSelectedRun(String(keys[0])) }}
          columns={[
            { title: t('campaign.dueAt'), dataIndex: 'dueAt', render: (at: string) => formatTime(at) },
            { title: t('campaign.status'), dataIndex: 'status', render: (status: CampaignRun['status']) => <CampaignStatusTag status={status} /> },
            { title: t('campaign.progress'), render: (_: unknown, r) => <span data-testid="run-progress" data-percent={runPercent(r)}><Progress percent={runPercent(r)} size="small" /></span> },
            { title: t('campaign.accepted'), dataIndex: 'accepted' },
            { title: t('campaign.rejected'), dataIndex: 'rejected', render: (n: number, r) => (n > 0 ? `${n} (${Object.entries(r.rejections).map(([code, c]) => `${code}: ${c}`).join(', ')})` : 0) },
          ]}
        />
      </Card>
      {campaign && run && <RunReportCard campaignId={campaign.id} accountId={campaign.accountId} runId={run.id} />}
    </Flex>
  );
}
