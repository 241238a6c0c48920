// Adds one consent record (grant or revocation) for a number, with its source and evidence.
import { App, Button, Card, Form, Input, Select } from 'antd';
import { api, type Query } from '../../api/client.ts';
import type { ConsentRecord } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import type { MessageKey } from '../../i18n/en.ts';

export const SOURCES = ['web_form', 'sms_reply', 'import', 'paper', 'console'] as const;

interface Values {
  number: string;
  status: 'granted' | 'revoked';
  source: string;
  evidence?: string;
}

export function ConsentForm({ query, onAdded }: { query: Query; onAdded: (record: ConsentRecord) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = async (values: Values) => {
    const record = await api<ConsentRecord>('/v1/consents', { method: 'POST', query, body: { ...values, evidence: values.evidence || undefined } });
    message.success(t('consents.added'));
    form.resetFields(['number', 'evidence']);
    onAdded(record);
  };
  return (
    <Card title={t('consents.add')}>
      <Form form={form} layout="inline" initialValues={{ status: 'granted', source: 'web_form' }} onFinish={submit}>
        <Form.Item name="number" label={t('compliance.number')} rules={[{ required: true }]}>
          <Input data-testid="consent-number" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="status" label={t('consents.status')}>
          <Select
            data-testid="consent-status"
            style={{ width: 110 }}
            options={(['granted', 'revoked'] as const).map((s) => ({ value: s, label: t(`consents.status.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="source" label={t('consents.source')}>
          <Select data-testid="consent-source" style={{ width: 130 }} options={SOURCES.map((s) => ({ value: s, label: t(`source.${s}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="evidence" label={t('consents.evidence')}>
          <Input data-testid="consent-evidence" style={{ width: 240 }} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="consent-submit">
          {t('consents.add')}
        </Button>
      </Form>
    </Card>
  );
}
