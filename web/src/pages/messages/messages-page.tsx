// Message list (GET /v1/messages) with filters and cursor paging ("load more").
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import type { MessageSummary, Page } from '../../api/types.ts';
import { formatTime, orDash } from '../../components/format.ts';
import { StateTag } from '../../components/state-tag.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { hrefOf } from '../../router/route.ts';
import { MessageFilters, type MessageFilter } from './message-filters.tsx';

const PAGE_SIZE = 50;

function queryOf(filter: MessageFilter, cursor?: string) {
  const [from, to] = filter.created ?? [];
  return {
    state: filter.state,
    to: filter.to?.trim(),
    createdFrom: from?.toISOString(),
    createdTo: to?.toISOString(),
    limit: PAGE_SIZE,
    cursor,
  };
}

export function MessagesPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<MessageFilter>({});
  const [items, setItems] = useState<MessageSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const { message } = App.useApp();
  const exportCsv = () => {
    const { limit: _limit, cursor: _cursor, ...query } = queryOf(filter);
    downloadFile('/v1/records/sent.csv', query, 'sent.csv').catch(() => message.error(t('records.exportFailed')));
  };

  const load = useCallback(async (current: MessageFilter, cursor?: string) => {
    setLoading(true);
    try {
      const page = await api<Page<MessageSummary>>('/v1/messages', { query: queryOf(current, cursor) });
      setItems((previous) => (cursor ? [...previous, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch {
      // Reported by the API client.
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(filter);
  }, [filter, load]);

  return (
    <Card>
      <Flex vertical gap={16}>
        <Flex justify="space-between" align="start" gap={12} wrap>
          <MessageFilters onSearch={setFilter} />
          <Button icon={<DownloadOutlined />} onClick={exportCsv} data-testid="messages-export">
            {t('records.export')}
          </Button>
        </Flex>
        <Table<MessageSummary>
          rowKey="id"
          dataSource={items}
          loading={loading}
          pagination={false}
          size="middle"
          scroll={{ x: 'max-content' }}
          data-testid="messages-table"
          columns={[
            { title: t('field.id'), dataIndex: 'id', render: (id: string) => <a href={hrefOf({ page: 'message', id })}>{id}</a> },
            { title: t('field.to'), dataIndex: 'to' },
            { title: t('field.from'), dataIndex: 'from', render: orDash },
            { title: t('field.state'), dataIndex: 'state', render: (_, m) => <StateTag state={m.state} /> },
            { title: t('field.segments'), dataIndex: 'segments' },
            {
              title: t('field.text'),
              dataIndex: 'text',
              render: (text: string) => (
                <Typography.Text ellipsis style={{ maxWidth: 280 }}>
                  {text}
                </Typography.Text>
              ),
            },
            { title: t('field.createdAt'), dataIndex: 'createdAt', render: formatTime },
          ]}
        />
        {nextCursor && (
          <Flex justify="center">
            <Button onClick={() => void load(filter, nextCursor)} loading={loading} data-testid="load-more">
              {t('messages.loadMore')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
