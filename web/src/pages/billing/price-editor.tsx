// Admin: the account's prices per segment (prefix > carrier > country > default), added and removed.
import { Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { PriceItem } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from './money.ts';

type NewPrice = { match: PriceItem['match']; value?: string; category?: PriceItem['category'] | 'any'; unitPrice: number };

export function PriceEditor({ accountId, onChange }: { accountId: string; onChange: () => void }) {
  const { t } = useI18n();
  const [prices, setPrices] = useState<PriceItem[]>();
  const [form] = Form.useForm<NewPrice>();
  const base = `/v1/accounts/${encodeURIComponent(accountId)}/prices`;
  const load = () => void api<{ items: PriceItem[] }>(base).then((r) => setPrices(r.items));
  useEffect(load, [base]);

  const add = async (values: NewPrice) => {
    const category = values.category === 'any' || values.category === undefined ? null : values.category;
    await api(base, { method: 'POST', body: { match: values.match, value: values.value || undefined, category, unitPrice: values.unitPrice } });
    form.resetFields(['value', 'unitPrice']);
    load();
    onChange();
  };
  const remove = async (id: string) => {
    await api(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' });
    load();
    onChange();
  };

  return (
    <Card title={t('billing.prices')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Form form={form} layout="inline" initialValues={{ match: 'default', category: 'any' }} onFinish={(v) => void add(v).catch(() => undefined)}>
          <Form.Item name="match">
            <Select style={{ width: 120 }} options={(['prefix', 'carrier', 'country', 'default'] as const).map((m) => ({ value: m, label: t(`billing.match.${m}`) }))} />
          </Form.Item>
          <Form.Item name="value">
            <Input placeholder={t('billing.matchValue')} style={{ width: 140 }} data-testid="price-value" />
          </Form.Item>
          <Form.Item name="category">
            <Select
              style={{ width: 130 }}
              options={(['any', 'verification', 'notification', 'marketing'] as const).map((c) => ({ value: c, label: t(`billing.category.${c}`) }))}
            />
          </Form.Item>
          <Form.Item name="unitPrice" rules={[{ required: true, message: t('billing.amountInvalid') }]}>
            <InputNumber min={0} precision={0} placeholder={t('billing.unitPriceLi')} style={{ width: 160 }} data-testid="price-unit" />
          </Form.Item>
          <Button htmlType="submit" data-testid="price-add">
            {t('billing.addPrice')}
          </Button>
        </Form>
        <Table<PriceItem>
          rowKey="id"
          size="small"
          dataSource={prices}
          loading={!prices}
          pagination={false}
          data-testid="price-table"
          columns={[
            { title: t('billing.match'), dataIndex: 'match', render: (m: PriceItem['match']) => <Tag>{t(`billing.match.${m}`)}</Tag> },
            { title: t('billing.matchValue'), dataIndex: 'value', render: (v: string) => v || '—' },
            { title: t('billing.category'), dataIndex: 'category', render: (c: PriceItem['category']) => t(`billing.category.${c ?? 'any'}`) },
            { title: t('billing.unitPrice'), dataIndex: 'unitPrice', render: (li: number) => `${formatYuan(li)} (${li} li)` },
            {
              key: 'actions',
              render: (_, p) => (
                <Popconfirm title={t('billing.deletePrice')} onConfirm={() => void remove(p.id).catch(() => undefined)}>
                  <Button size="small" danger>
                    {t('billing.delete')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
