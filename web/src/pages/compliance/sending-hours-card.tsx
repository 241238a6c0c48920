// Marketing sending hours of the account (window, time zone, weekdays) and the consent requirement switch.
import { App, Button, Card, Checkbox, Descriptions, Form, Input, Space, Switch, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Query } from '../../api/client.ts';
import type { SendingHours, SendingHoursView } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import type { MessageKey } from '../../i18n/en.ts';

const DAYS = [1, 2, 3, 4, 5, 6, 7];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function SendingHoursCard({ query }: { query: Query }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [view, setView] = useState<SendingHoursView | null>(null);
  const [consent, setConsent] = useState<boolean | null>(null);
  const [form] = Form.useForm<SendingHours>();
  const load = useCallback(async () => {
    const [hours, policy] = await Promise.all([
      api<SendingHoursView>('/v1/compliance/sending-hours', { query }),
      api<{ requireMarketingConsent: boolean }>('/v1/compliance/consent-policy', { query }),
    ]);
    setView(hours);
    setConsent(policy.requireMarketingConsent);
    form.setFieldsValue({ ...hours.effective, days: hours.effective.days ?? DAYS });
  }, [JSON.stringify(query)]);
  useEffect(() => void load().catch(() => undefined), [load]);

  const save = async (hours: SendingHours | null) => {
    const body = hours === null ? null : { ...hours, days: hours.days && hours.days.length < 7 ? hours.days : null };
    const next = await api<SendingHoursView>('/v1/compliance/sending-hours', { method: 'PUT', query, body: { hours: body } });
    setView(next);
    form.setFieldsValue({ ...next.effective, days: next.effective.days ?? DAYS });
    message.success(t('compliance.saved'));
  };
  const toggleConsent = async (required: boolean) => {
    const next = await api<{ requireMarketingConsent: boolean }>('/v1/compliance/consent-policy', { method: 'PUT', query, body: { requireMarketingConsent: required } });
    setConsent(next.requireMarketingConsent);
  };
  const effective = view?.effective;
  const days = effective?.days ? effective.days.map((d) => t(`day.${d}` as MessageKey)).join(' ') : t('compliance.everyDay');

  return (
    <Card title={t('compliance.hours')}>
      <Typography.Paragraph type="secondary">{t('compliance.hoursHint')}</Typography.Paragraph>
      {effective && (
        <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('compliance.effective')}>
            <span data-testid="hours-effective">{`${effective.start}–${effective.end} ${effective.timeZone} · ${days}`}</span>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Form form={form} layout="inline" onFinish={(values) => save(values)}>
        <Form.Item name="start" label={t('compliance.start')} rules={[{ required: true, pattern: HHMM, message: 'HH:MM' }]}>
          <Input data-testid="hours-start" style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="end" label={t('compliance.end')} rules={[{ required: true, pattern: HHMM, message: 'HH:MM' }]}>
          <Input data-testid="hours-end" style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="timeZone" label={t('compliance.timeZone')} rules={[{ required: true }]}>
          <Input data-testid="hours-zone" style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="days" label={t('compliance.days')}>
          <Checkbox.Group options={DAYS.map((d) => ({ value: d, label: t(`day.${d}` as MessageKey) }))} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="hours-save">
            {t('compliance.saveHours')}
          </Button>
          <Button onClick={() => save(null)} disabled={!view?.account} data-testid="hours-reset">
            {t('compliance.resetHours')}
          </Button>
        </Space>
      </Form>
      <Space style={{ marginTop: 16 }}>
        <Switch data-testid="require-consent" checked={consent ?? false} loading={consent === null} onChange={toggleConsent} />
        <span>{t('compliance.requireConsent')}</span>
      </Space>
    </Card>
  );
}
