// What a text to these recipients would cost before sending (POST /v1/quote).
import { Alert, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { QuoteResult } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from './money.ts';

interface Values {
  to: string;
  text: string;
  category: 'verification' | 'notification' | 'marketing';
}

export function QuoteTool({ accountId, version }: { accountId: string; version: number }) {
  const { t } = useI18n();
  const [quote, setQuote] = useState<QuoteResult | null>(null);

  const run = async (values: Values) => {
    const to = values.to.split(/[\s,;，；]+/).filter(Boolean);
    setQuote(await api<QuoteResult>('/v1/quote', { method: 'POST', query: { accountId }, body: { to, text: values.text, category: values.category } }));
  };

  return (
    <Card title={t('billing.quote')} key={`${accountId}-${version}`}>
      <Form<Values> layout="vertical" initialValues={{ category: 'notification' }} onFinish={(v) => void run(v).catch(() => undefined)}>
        <Form.Item name="to" label={t('billing.recipients')} rules={[{ required: true, message: t('billing.required') }]}>
          <Input.TextArea rows={2} data-testid="quote-to" />
        </Form.Item>
        <Form.Item name="text" label={t('billing.text')} rules={[{ required: true, message: t('billing.required') }]}>
          <Input.TextArea rows={3} data-testid="quote-text" />
        </Form.Item>
        <Space>
          <Form.Item name="category" noStyle>
            <Select style={{ width: 140 }} options={(['verification', 'notification', 'marketing'] as const).map((c) => ({ value: c, label: t(`billing.category.${c}`) }))} />
          </Form.Item>
          <Button htmlType="submit" data-testid="quote-submit">
            {t('billing.quoteRun')}
          </Button>
        </Space>
      </Form>
      {quote && (
        <Space direction="vertical" style={{ marginTop: 16 }}>
          <Typography.Text strong data-testid="quote-total">
            {t('billing.quoteTotal', { amount: formatYuan(quote.total), segments: quote.items.reduce((n, i) => n + (i.segments ?? 0), 0) })}
          </Typography.Text>
          {!quote.billed && <Alert type="info" showIcon message={t('billing.unbilled')} />}
          {quote.billed && !quote.sufficient && <Alert type="warning" showIcon message={t('billing.insufficient')} data-testid="quote-insufficient" />}
        </Space>
      )}
    </Card>
  );
}
