// Frequency limits per recipient: the rules in force (platform or account) and editing the account's overrides.
import { App, Button, Card, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Query } from '../../api/client.ts';
import type { FrequencyRule, FrequencyRulesView, RuleCategory, RuleWindow } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

const CATEGORIES: RuleCategory[] = ['verification', 'notification', 'marketing', 'all'];
const WINDOWS: RuleWindow[] = ['minute', 'hour', 'day'];

export function FrequencyRulesCard({ query }: { query: Query }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [view, setView] = useState<FrequencyRulesView | null>(null);
  const [form] = Form.useForm<FrequencyRule>();
  const load = useCallback(() => api<FrequencyRulesView>('/v1/compliance/frequency-rules', { query }).then(setView, () => undefined), [JSON.stringify(query)]);
  useEffect(() => void load(), [load]);

  const save = async (rules: FrequencyRule[] | null) => {
    setView(await api<FrequencyRulesView>('/v1/compliance/frequency-rules', { method: 'PUT', query, body: { rules } }));
    message.success(t('compliance.saved'));
  };
  const addRule = async (rule: FrequencyRule) => {
    const own = (view?.account ?? []).filter((r) => r.category !== rule.category || r.window !== rule.window);
    await save([...own, rule]);
  };
  const fromAccount = (r: FrequencyRule) => view?.account?.some((a) => a.category === r.category && a.window === r.window) ?? false;

  return (
    <Card title={t('compliance.rules')}>
      <Typography.Paragraph type="secondary">{t('compliance.rulesHint')}</Typography.Paragraph>
      <Table<FrequencyRule>
        rowKey={(r) => `${r.category}/${r.window}`}
        dataSource={view?.effective ?? []}
        loading={!view}
        pagination={false}
        size="small"
        data-testid="rules-table"
        columns={[
          { title: t('compliance.category'), dataIndex: 'category', render: (c: RuleCategory) => t(`category.${c}`) },
          { title: t('compliance.window'), dataIndex: 'window', render: (w: RuleWindow) => t(`window.${w}`) },
          { title: t('compliance.limit'), dataIndex: 'limit' },
          { title: t('compliance.origin'), key: 'origin', render: (_, r) => <Tag>{t(fromAccount(r) ? 'compliance.origin.account' : 'compliance.origin.platform')}</Tag> },
        ]}
      />
      <Form form={form} layout="inline" style={{ marginTop: 16 }} initialValues={{ category: 'verification', window: 'hour', limit: 5 }} onFinish={addRule}>
        <Form.Item name="category" label={t('compliance.category')}>
          <Select data-testid="rule-category" style={{ width: 140 }} options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="window" label={t('compliance.window')}>
          <Select data-testid="rule-window" style={{ width: 140 }} options={WINDOWS.map((w) => ({ value: w, label: t(`window.${w}`) }))} />
        </Form.Item>
        <Form.Item name="limit" label={t('compliance.limit')} rules={[{ required: true }]}>
          <InputNumber data-testid="rule-limit" min={0} max={255} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="rule-save">
            {t('compliance.addRule')}
          </Button>
          <Button onClick={() => save(null)} disabled={!view?.account} data-testid="rule-reset">
            {t('compliance.resetRules')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
