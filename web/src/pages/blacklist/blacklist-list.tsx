// One blacklist (account, unsubscribe, platform or carrier): add a number with a reason, remove, load more.
import { Button, Form, Input, Popconfirm, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Query } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

export type BlacklistKind = 'account' | 'unsubscribe' | 'platform' | 'carrier';

interface Entry {
  id: string;
  list: BlacklistKind;
  signature: string | null;
  number: string;
  reason: string | null;
  createdAt: string;
}

interface Page {
  items: Entry[];
  nextCursor: string | null;
}

const PAGE_SIZE = 50;

export function BlacklistList({ kind, query, editable }: { kind: BlacklistKind; query: Query; editable: boolean }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ number: string; reason?: string; signature?: string }>();
  const [items, setItems] = useState<Entry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Platform and carrier entries live under /platform; the account's under /v1/blacklist with ?accountId=.
  const adminList = kind === 'platform' || kind === 'carrier';
  const path = adminList ? '/v1/blacklist/platform' : '/v1/blacklist';
  const scope: Query = adminList ? {} : query;

  const fetchPage = (cursor?: string) => api<Page>(path, { query: { ...scope, list: kind, limit: PAGE_SIZE, cursor } });
  const reload = useCallback(
    () =>
      fetchPage().then(
        (page) => {
          setItems(page.items);
          setNext(page.nextCursor);
        },
        () => undefined,
      ),
    [path, kind, JSON.stringify(scope)],
  );
  useEffect(() => void reload(), [reload]);

  const more = async () => {
    if (!next) return;
    const page = await fetchPage(next);
    setItems((shown) => [...(shown ?? []), ...page.items]);
    setNext(page.nextCursor);
  };

  const add = async (values: { number: string; reason?: string; signature?: string }) => {
    setBusy(true);
    try {
      const body = { number: values.number.trim(), list: kind, reason: values.reason?.trim() || undefined, signature: kind === 'unsubscribe' ? values.signature?.trim() || undefined : undefined };
      await api(path, { method: 'POST', query: scope, body });
      form.resetFields();
      await reload();
    } catch {
      // ApiFeedback names the bad field (an unparseable number is invalid_number).
    } finally {
      setBusy(false);
    }
  };

  const remove = async (entry: Entry) => {
    await api(path, { method: 'DELETE', query: { ...scope, list: kind, number: entry.number } });
    await reload();
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {editable && (
        <Form form={form} layout="inline" onFinish={add}>
          <Form.Item name="number" rules={[{ required: true, whitespace: true, message: t('blacklist.numberRequired') }]}>
            <Input placeholder={t('blacklist.number')} style={{ width: 200 }} data-testid="blacklist-number" />
          </Form.Item>
          {kind === 'unsubscribe' && (
            <Form.Item name="signature">
              <Input placeholder={t('blacklist.signature')} maxLength={20} style={{ width: 160 }} data-testid="blacklist-signature" />
            </Form.Item>
          )}
          <Form.Item name="reason">
            <Input placeholder={t('blacklist.reason')} maxLength={200} style={{ width: 280 }} data-testid="blacklist-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="blacklist-add">
            {t('blacklist.add')}
          </Button>
        </Form>
      )}
      <Table<Entry>
        size="small"
        rowKey="id"
        loading={!items}
        dataSource={items ?? []}
        pagination={false}
        data-testid="blacklist-table"
        columns={[
          { title: t('blacklist.number'), dataIndex: 'number' },
          ...(kind === 'unsubscribe' ? [{ title: t('blacklist.signature'), dataIndex: 'signature', render: (s: string | null) => s ?? t('blacklist.allSignatures') }] : []),
          { title: t('blacklist.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
          { title: t('blacklist.addedAt'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'remove',
                  width: 100,
                  render: (_: unknown, entry: Entry) => (
                    <Popconfirm title={t(kind === 'unsubscribe' ? 'blacklist.confirmResubscribe' : 'blacklist.confirmRemove')} onConfirm={() => remove(entry)}>
                      <Button size="small" danger data-testid="blacklist-remove">
                        {t('blacklist.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {next && (
        <Button onClick={more} data-testid="blacklist-more">
          {t('blacklist.more')}
        </Button>
      )}
    </Space>
  );
}
