// New campaign: text, recipients (typed or an uploaded CSV / TXT, or contact groups and picked contacts), when (now, at a time, recurring)
// and an optional daily send window; created as a draft, recipients staged, then started.
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Radio, Select, TimePicker, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, upload } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { navigate } from '../../router/route.ts';
import { AccountSelect } from '../send/account-select.tsx';
import { parseRecipients } from '../send/recipients.ts';
import { TextCounter } from '../send/text-counter.tsx';
import type { Campaign, StagingReport } from './campaign-types.ts';
import { ContactPicker } from './contact-picker.tsx';
import { GroupSelect } from './group-select.tsx';
import { scheduleBody, type WhenFields } from './schedule-body.ts';

interface CampaignForm extends WhenFields {
  accountId?: string;
  name: string;
  text: string;
  from?: string;
  category: Campaign['category'];
  audience: 'numbers' | 'group';
  recipients?: string;
  groupIds?: string[];
  contactIds?: string[];
  window?: [Dayjs, Dayjs] | null;
}

export function CampaignFormPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [form] = Form.useForm<CampaignForm>();
  const text = Form.useWatch('text', form) ?? '';
  const when = Form.useWatch('when', form) ?? 'now';
  const audience = Form.useWatch('audience', form) ?? 'numbers';
  const accountId = Form.useWatch('accountId', form);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [staging, setStaging] = useState<StagingReport | null>(null);
  /** Keeps the chosen file for the submit instead of letting Upload post it on its own. */
  const keepFile = (chosen: File) => {
    setFile(chosen);
    return false;
  };

  /** The typed numbers, or the chosen CSV / TXT file streamed as the request body. */
  const stage = (campaignId: string, query: { accountId?: string }, typed: string | undefined) => {
    const path = `/v1/campaigns/${campaignId}/recipients`;
    if (!file) return api<StagingReport>(path, { method: 'POST', query, body: { recipients: parseRecipients(typed) } });
    const csv = file.name.toLowerCase().endsWith('.csv');
    return upload<StagingReport>(path, file, { query: { ...query, format: csv ? 'csv' : 'txt' }, contentType: csv ? 'text/csv' : 'text/plain' });
  };

  const submit = async (values: CampaignForm) => {
    setBusy(true);
    try {
      const query = { accountId: values.accountId };
      const created = await api<Campaign>('/v1/campaigns', {
        method: 'POST',
        query,
        body: {
          name: values.name,
          text: values.text,
          from: values.from?.trim() || undefined,
          category: values.category,
          groupIds: values.audience === 'group' && values.groupIds?.length ? values.groupIds : undefined,
          contactIds: values.audience === 'group' && values.contactIds?.length ? values.contactIds : undefined,
          schedule: scheduleBody(values),
          sendWindow: values.window ? { start: values.window[0].format('HH:mm'), end: values.window[1].format('HH:mm') } : undefined,
        },
      });
      if (values.audience === 'numbers') setStaging(await stage(created.id, query, values.recipients));
      await api(`/v1/campaigns/${created.id}/start`, { method: 'POST', query });
      navigate({ page: 'campaign', id: created.id });
    } catch {
      // Reported by the API client with the field it names.
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('send.required') }];
  return (
    <Card title={t('campaigns.new')}>
      <Form<CampaignForm> form={form} layout="vertical" initialValues={{ category: 'marketing', when: 'now', audience: 'numbers' }} onFinish={submit} style={{ maxWidth: 760 }}>
        {user?.role === 'admin' && (
          <Form.Item name="accountId" label={t('send.account')} rules={[{ required: true, message: t('send.required') }]}>
            <AccountSelect />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('campaign.name')} rules={required}>
          <Input data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="text" label={t('send.text')} rules={required} extra={<><TextCounter text={text} /> · {t('campaign.variablesHelp')}</>}>
          <Input.TextArea rows={4} data-testid="campaign-text" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="from" label={t('send.sender')}>
            <Input data-testid="campaign-sender" />
          </Form.Item>
          <Form.Item name="category" label={t('campaign.category')} style={{ minWidth: 180 }}>
            <Select options={(['marketing', 'notification', 'verification'] as const).map((value) => ({ value, label: t(`category.${value}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="audience" label={t('campaign.audience')}>
          <Radio.Group
            data-testid="campaign-audience"
            options={[
              { value: 'numbers', label: t('campaign.audience.numbers') },
              { value: 'group', label: t('campaign.audience.group') },
            ]}
          />
        </Form.Item>
        {audience === 'group' && (
          <>
            <Form.Item
              name="groupIds"
              label={t('campaign.groups')}
              extra={t('campaign.groupsHelp')}
              dependencies={['contactIds']}
              rules={[{ validator: async (_rule, value: string[] | undefined) => (value?.length || form.getFieldValue('contactIds')?.length ? undefined : Promise.reject(new Error(t('campaign.contactsRequired')))) }]}
            >
              <GroupSelect accountId={accountId} />
            </Form.Item>
            <Form.Item name="contactIds" label={t('campaign.pickContacts')} extra={t('campaign.pickContactsHelp')}>
              <ContactPicker accountId={accountId} />
            </Form.Item>
          </>
        )}
        {audience === 'numbers' && (
          <>
            <Form.Item
              name="recipients"
              label={t('send.recipients')}
              rules={[{ validator: async (_rule, value: string | undefined) => (file || parseRecipients(value).length > 0 ? undefined : Promise.reject(new Error(t('campaign.recipientsRequired')))) }]}
              extra={t('campaign.recipientsHelp')}
            >
              <Input.TextArea rows={4} placeholder="13800138000" data-testid="campaign-recipients" disabled={file !== null} />
            </Form.Item>
            <Form.Item>
              <Upload accept=".csv,.txt" maxCount={1} beforeUpload={keepFile} onRemove={() => setFile(null)}>
                <Button data-testid="campaign-file">{t('campaign.uploadFile')}</Button>
              </Upload>
            </Form.Item>
          </>
        )}
        <Form.Item name="when" label={t('campaign.when')}>
          <Radio.Group
            data-testid="campaign-when"
            options={(['now', 'at', 'daily', 'weekly', 'monthly', 'cron'] as const).map((value) => ({ value, label: t(`campaign.when.${value}`) }))}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          {when === 'at' && (
            <Form.Item name="at" label={t('send.schedule')} rules={[{ required: true, message: t('send.required') }]}>
              <DatePicker showTime />
            </Form.Item>
          )}
          {when === 'weekly' && (
            <Form.Item name="weekday" label={t('campaign.weekday')} rules={[{ required: true, message: t('send.required') }]}>
              <Select style={{ minWidth: 120 }} options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: t(`weekday.${d}` as 'weekday.1') }))} />
            </Form.Item>
          )}
          {when === 'monthly' && (
            <Form.Item name="monthDay" label={t('campaign.monthDay')} rules={[{ required: true, message: t('send.required') }]}>
              <Select style={{ minWidth: 100 }} options={Array.from({ length: 28 }, (_, i) => ({ value: i + 1, label: String(i + 1) }))} />
            </Form.Item>
          )}
          {(when === 'daily' || when === 'weekly' || when === 'monthly') && (
            <Form.Item name="time" label={t('campaign.time')} rules={[{ required: true, message: t('send.required') }]}>
              <TimePicker format="HH:mm" />
            </Form.Item>
          )}
          {when === 'cron' && (
            <Form.Item name="cron" label={t('campaign.cron')} rules={required} extra="0 9 * * 1-5">
              <Input data-testid="campaign-cron" />
            </Form.Item>
          )}
        </Flex>
        <Form.Item name="window" label={t('campaign.window')} extra={t('campaign.windowHelp')}>
          <TimePicker.RangePicker format="HH:mm" />
        </Form.Item>
        {staging && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('campaign.staged', { added: staging.added, duplicates: staging.duplicates, invalid: staging.invalid })} />
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="campaign-submit">
          {t('campaign.createAndStart')}
        </Button>
      </Form>
    </Card>
  );
}
