// Upstream connectors with their live status (GET /v1/connectors every 2 s; admins only).
import { Card, Table, Tag } from 'antd';
import { api } from '../../api/client.ts';
import type { Connector, ConnectorState } from '../../api/types.ts';
import { usePolling } from '../../hooks/use-polling.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

const POLL_MS = 2_000;
const STATE_COLORS: Record<ConnectorState, string> = { up: 'green', down: 'red', starting: 'gold', stopped: 'default' };

export function ConnectorsPage() {
  const { t } = useI18n();
  const connectors = usePolling((signal) => api<{ items: Connector[] }>('/v1/connectors', { signal }).then((r) => r.items), POLL_MS);

  return (
    <Card>
      <Table<Connector>
        rowKey="id"
        dataSource={connectors}
        loading={!connectors}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="connectors-table"
        columns={[
          { title: t('field.id'), dataIndex: 'id' },
          { title: t('connector.name'), dataIndex: 'name', render: (name: string | null | undefined) => name ?? '—' },
          { title: t('connector.type'), dataIndex: 'type', render: (type: string) => <Tag>{type}</Tag> },
          {
            title: t('connector.state'),
            key: 'state',
            render: (_, c) => (
              <Tag color={STATE_COLORS[c.status.state] ?? 'default'} data-testid={`connector-state-${c.id}`}>
                {c.status.state in STATE_COLORS ? t(`connState.${c.status.state}`) : c.status.state}
              </Tag>
            ),
          },
          { title: t('connector.inFlight'), key: 'inFlight', render: (_, c) => `${c.status.inFlight} / ${c.status.window}` },
          { title: t('connector.sessions'), key: 'sessions', render: (_, c) => `${c.status.sessionsUp} / ${c.status.sessionsTotal}` },
          { title: t('connector.queueDepth'), key: 'queueDepth', render: (_, c) => c.status.queueDepth },
          { title: t('connector.submitted'), key: 'submitted', render: (_, c) => c.status.submitted },
          { title: t('connector.failed'), key: 'failed', render: (_, c) => c.status.failed },
          { title: t('connector.tps'), key: 'tps', render: (_, c) => c.status.tps },
        ]}
      />
    </Card>
  );
}
