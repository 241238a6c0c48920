// Ported-number overrides (携号转网, admin): add or change a number's carrier, remove, page by number.
import { Button, Card, Form, Input, Popconfirm, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { CARRIERS, carrierKey, type Carrier } from './carriers.ts';

interface Override {
  number: string;
  carrier: Carrier | null;
  origin: 'manual' | 'receipt';
  note: string | null;
  updatedAt: string;
}

interface Values {
  number: string;
  carrier: Carrier | 'unknown';
  note?: string;
}

const PAGE_SIZE = 100;

export function OverridesCard({ onChange }: { onChange?: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [items, setItems] = useState<Override[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fetchPage = (after?: string) => api<{ items: Override[]; next: string | null }>('/v1/carriers/overrides', { query: { after, limit: PAGE_SIZE } });
  const reload = useCallback(
    () =>
      fetchPage().then(
        (page) => {
          setItems(page.items);
          setNext(page.next);
        },
        () => undefined,
      ),
    [],
  );
  useEffect(() => void reload(), [reload]);

  const more = async () => {
    if (!next) return;
    const page = await fetchPage(next);
    setItems((shown) => [...(shown ?? []), ...page.items]);
    setNext(page.next);
  };

  const save = async (values: Values) => {
    setBusy(true);
    try {
      const body = { carrier: values.carrier === 'unknown' ? null : values.carrier, note: values.note?.trim() || undefined };
      await api(`/v1/carriers/overrides/${encodeURIComponent(values.number.trim())}`, { method: 'PUT', body });
      form.resetFields();
      await reload();
      onChange?.();
    } catch {
      // ApiFeedback shows a bad number (field "number").
    } finally {
      setBusy(false);
    }
  };

  const remove = async (number: string) => {
    await api(`/v1/carriers/overrides/${encodeURIComponent(number)}`, { method: 'DELETE' });
    await reload();
    onChange?.();
  };

  // Editing fills the form; saving the same number replaces its override.
  const edit = (o: Override) => form.setFieldsValue({ number: o.number, carrier: o.carrier ?? 'unknown', note: o.note ?? undefined });

  const carrierOptions = [...CARRIERS.map((c) => ({ value: c, label: t(carrierKey(c)) })), { value: 'unknown', label: t('numbers.portedUnknown') }];
  return (
    <Card title={t('numbers.overrides')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Form form={form} layout="inline" onFinish={save} initialValues={{ carrier: 'cmcc' }}>
          <Form.Item name="number" rules={[{ required: true, whitespace: true, message: t('blacklist.numberRequired') }]}>
            <Input placeholder={t('blacklist.number')} style={{ width: 200 }} data-testid="override-number" />
          </Form.Item>
          <Form.Item name="carrier">
            <Select options={carrierOptions} style={{ width: 200 }} data-testid="override-carrier" />
          </Form.Item>
          <Form.Item name="note">
            <Input placeholder={t('numbers.note')} maxLength={200} style={{ width: 240 }} data-testid="override-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="override-save">
            {t('numbers.saveOverride')}
          </Button>
        </Form>
        <Table<Override>
          size="small"
          rowKey="number"
          loading={!items}
          dataSource={items ?? []}
          pagination={false}
          data-testid="overrides-table"
          columns={[
            { title: t('blacklist.number'), dataIndex: 'number' },
            { title: t('numbers.carrier'), dataIndex: 'carrier', render: (c: Carrier | null) => (c ? t(carrierKey(c)) : t('numbers.portedUnknown')) },
            { title: t('numbers.origin'), dataIndex: 'origin', render: (o: Override['origin']) => t(`numbers.origin.${o}`) },
            { title: t('numbers.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
            { title: t('numbers.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => new Date(at).toLocaleString() },
            {
              title: '',
              key: 'actions',
              width: 160,
              render: (_, o) => (
                <Space>
                  <Button size="small" onClick={() => edit(o)}>
                    {t('numbers.edit')}
                  </Button>
                  <Popconfirm title={t('numbers.confirmRemove')} onConfirm={() => remove(o.number)}>
                    <Button size="small" danger data-testid="override-remove">
                      {t('blacklist.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
        {next && (
          <Button onClick={more} data-testid="overrides-more">
            {t('blacklist.more')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
