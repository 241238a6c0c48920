// Campaign list (群发): status, recipients, next run and the latest run's progress; a button to create one.
import { Button, Card, Flex, Progress, Table } from 'antd';
import { api } from '../../api/client.ts';
import { formatTime } from '../../components/format.ts';
import { usePolling } from '../../hooks/use-polling.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { mayAccess } from '../../layout/app-layout.tsx';
import { hrefOf, navigate } from '../../router/route.ts';
import { CampaignStatusTag } from './campaign-status-tag.tsx';
import type { Campaign } from './campaign-types.ts';

export function runPercent(run: Campaign['runs'][number] | undefined): number {
  if (!run) return 0;
  if (run.status === 'completed') return 100;
  return run.total ? Math.min(100, Math.floor((run.processed / run.total) * 100)) : 0;
}

export function CampaignsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const page = usePolling((signal) => api<{ items: Campaign[] }>('/v1/campaigns', { query: { limit: 100 }, signal }), 3000);

  return (
    <Card
      title={t('campaigns.title')}
      extra={
        // Viewers read campaigns; creating one needs the right to send.
        mayAccess(user, 'send') && (
          <Button type="primary" onClick={() => navigate({ page: 'campaign-new' })} data-testid="campaign-new">
            {t('campaigns.new')}
          </Button>
        )
      }
    >
      <Table<Campaign>
        rowKey="id"
        size="middle"
        loading={!page}
        dataSource={page?.items ?? []}
        pagination={false}
        data-testid="campaigns-table"
        columns={[
          { title: t('campaign.name'), dataIndex: 'name', render: (name: string, c) => <a href={hrefOf({ page: 'campaign', id: c.id })}>{name}</a> },
          { title: t('campaign.status'), dataIndex: 'status', render: (status: Campaign['status']) => <CampaignStatusTag status={status} /> },
          { title: t('campaign.recipients'), dataIndex: 'recipients' },
          { title: t('campaign.nextRun'), dataIndex: 'nextRunAt', render: (at: string | null) => formatTime(at) },
          {
            title: t('campaign.progress'),
            render: (_: unknown, c) => (
              <Flex style={{ minWidth: 160 }}>
                <Progress percent={runPercent(c.runs[0])} size="small" />
              </Flex>
            ),
          },
          { title: t('field.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
        ]}
      />
    </Card>
  );
}
