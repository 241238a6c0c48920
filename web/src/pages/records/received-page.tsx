// Received records (接收记录): MO search by number, keyword and time (GET /v1/records/received), paging, CSV export.
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Flex, Form, Input, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import type { Page, ReceivedMessage } from '../../api/types.ts';
import { formatTime, orDash } from '../../components/format.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';

interface ReceivedFilter {
  from?: string;
  keyword?: string;
  received?: [Dayjs | null, Dayjs | null] | null;
}

const PAGE_SIZE = 50;

function filterQuery(filter: ReceivedFilter) {
  const [from, to] = filter.received ?? [];
  return { from: filter.from?.trim(), keyword: filter.keyword?.trim(), receivedFrom: from?.toISOString(), receivedTo: to?.toISOString() };
}

export function ReceivedPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [form] = Form.useForm<ReceivedFilter>();
  const [filter, setFilter] = useState<ReceivedFilter>({});
  const [items, setItems] = useState<ReceivedMessage[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (current: ReceivedFilter, cursor?: string) => {
    setLoading(true);
    try {
      const page = await api<Page<ReceivedMessage>>('/v1/records/received', { query: { ...filterQuery(current), limit: PAGE_SIZE, cursor } });
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

  const exportCsv = () => downloadFile('/v1/records/received.csv', filterQuery(filter), 'received.csv').catch(() => message.error(t('records.exportFailed')));

  return (
    <Card>
      <Flex vertical gap={16}>
        <Form<ReceivedFilter> form={form} layout="inline" onFinish={setFilter} style={{ rowGap: 12 }} data-testid="received-filters">
          <Form.Item name="from" label={t('records.number')}>
            <Input allowClear style={{ width: 170 }} data-testid="received-number" />
          </Form.Item>
          <Form.Item name="keyword" label={t('records.keyword')}>
            <Input allowClear style={{ width: 170 }} data-testid="received-keyword" />
          </Form.Item>
          <Form.Item name="received" label={t('records.receivedAt')}>
            <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" data-testid="received-search">
                {t('filter.search')}
              </Button>
              <Button onClick={() => (form.resetFields(), setFilter({}))}>{t('filter.reset')}</Button>
              <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} data-testid="received-export">
                {t('records.export')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        <Table<ReceivedMessage>
          rowKey="id"
          dataSource={items}
          loading={loading}
          pagination={false}
          size="middle"
          scroll={{ x: 'max-content' }}
          data-testid="received-table"
          columns={[
            { title: t('records.receivedAt'), dataIndex: 'receivedAt', render: formatTime },
            { title: t('records.number'), dataIndex: 'from' },
            { title: t('records.serviceNumber'), dataIndex: 'to' },
            { title: t('field.text'), dataIndex: 'text', render: (text: string) => <Typography.Text style={{ maxWidth: 360 }} ellipsis>{text}</Typography.Text> },
            ...(user?.role === 'admin' ? [{ title: t('field.account'), dataIndex: 'accountId', render: orDash }] : []),
            { title: t('field.connector'), dataIndex: 'connectorId' },
          ]}
        />
        {nextCursor && (
          <Flex justify="center">
            <Button onClick={() => void load(filter, nextCursor)} loading={loading} data-testid="received-load-more">
              {t('messages.loadMore')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
