// Send form (POST /v1/messages): recipients with a count, sender, text with a live counter,
// priority and optional schedule time, or an approved template with its variables; phrases insert
// into the text; results listed below.
import { Button, Card, DatePicker, Flex, Form, Input, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Priority, SendResponse, SendResult } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { AccountSelect } from './account-select.tsx';
import { PhraseInsert } from './phrase-insert.tsx';
import { parseRecipients } from './recipients.ts';
import { SendResults } from './send-results.tsx';
import { TemplateFields } from './template-fields.tsx';
import { TextCounter } from './text-counter.tsx';

interface SendForm {
  accountId?: string;
  recipients: string;
  from?: string;
  text: string;
  useTemplate?: boolean;
  templateId?: string;
  params?: Record<string, string>;
  priority: Priority;
  scheduleAt?: Dayjs | null;
}

const PRIORITIES: Priority[] = ['urgent', 'normal', 'bulk'];

export function SendPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [form] = Form.useForm<SendForm>();
  const recipients = parseRecipients(Form.useWatch('recipients', form));
  const text = Form.useWatch('text', form) ?? '';
  const accountId = Form.useWatch('accountId', form);
  const useTemplate = Form.useWatch('useTemplate', form) === true;
  const templateId = Form.useWatch('templateId', form);
  const params = Form.useWatch('params', form) ?? {};
  const accountReady = user?.role !== 'admin' || accountId !== undefined;
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<SendResult[]>();

  const submit = async (values: SendForm) => {
    setBusy(true);
    try {
      const response = await api<SendResponse>('/v1/messages', {
        method: 'POST',
        query: { accountId: values.accountId },
        body: {
          to: parseRecipients(values.recipients),
          ...(values.useTemplate ? { templateId: values.templateId, params: values.params ?? {} } : { text: values.text }),
          from: values.from?.trim() || undefined,
          priority: values.priority,
          scheduleAt: values.scheduleAt?.toISOString(),
        },
      });
      setResults(response.messages);
    } catch {
      // Reported by the API client (e.g. every recipient rejected → 400 with the field).
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('send.required') }];
  return (
    <Flex vertical gap={16}>
      <Card>
        <Form<SendForm>
          form={form}
          layout="vertical"
          initialValues={{ priority: 'normal' }}
          onFinish={submit}
          style={{ maxWidth: 720 }}
        >
          {user?.role === 'admin' && (
            <Form.Item name="accountId" label={t('send.account')} rules={[{ required: true, message: t('send.required') }]}>
              <AccountSelect />
            </Form.Item>
          )}
          <Form.Item
            name="recipients"
            label={t('send.recipients')}
            rules={required}
            extra={
              <span data-testid="recipient-count">
                {t('send.recipientsHelp')} · {t('send.recipientCount', { n: recipients.length })}
              </span>
            }
          >
            <Input.TextArea rows={4} placeholder="+8613800138000" data-testid="send-recipients" />
          </Form.Item>
          <Form.Item name="from" label={t('send.sender')} extra={t('send.senderHelp')}>
            <Input data-testid="send-sender" />
          </Form.Item>
          <Form.Item name="useTemplate" label={t('send.useTemplate')} valuePropName="checked">
            <Switch data-testid="send-use-template" />
          </Form.Item>
          {useTemplate && accountReady ? (
            <TemplateFields key={accountId ?? ''} accountId={accountId} templateId={templateId} params={params} />
          ) : (
            <>
              {accountReady && <Flex style={{ marginBottom: 8 }}><PhraseInsert key={accountId ?? ''} accountId={accountId} onInsert={(phrase) => form.setFieldValue('text', `${form.getFieldValue('text') ?? ''}${phrase}`)} /></Flex>}
              <Form.Item name="text" label={t('send.text')} rules={required} extra={<TextCounter text={text} />}>
                <Input.TextArea rows={5} data-testid="send-text" />
              </Form.Item>
            </>
          )}
          <Flex gap={16} wrap>
            <Form.Item name="priority" label={t('send.priority')} style={{ minWidth: 160 }}>
              <Select
                data-testid="send-priority"
                options={PRIORITIES.map((value) => ({ value, label: t(`priority.${value}`) }))}
              />
            </Form.Item>
            <Form.Item name="scheduleAt" label={t('send.schedule')} extra={t('send.scheduleHelp')}>
              <DatePicker showTime data-testid="send-schedule" />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="send-submit">
            {t('send.submit')}
          </Button>
        </Form>
      </Card>
      {results && <SendResults results={results} />}
    </Flex>
  );
}
