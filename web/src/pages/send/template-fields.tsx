// "Use template" on the Send page: pick one of the account's approved templates, fill its variables,
// and see the exact phone text with its segment count (POST /v1/templates/{code}/preview).
import { Form, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Template, TemplatePreview } from '../../api/types.ts';
import { useDebouncedValue } from '../../hooks/use-debounced-value.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { HighlightedBody } from '../templates/highlighted-body.tsx';
import { PhonePreview } from '../templates/phone-preview.tsx';

export function TemplateFields({ accountId, templateId, params }: { accountId?: string; templateId?: string; params: Record<string, string> }) {
  const { t } = useI18n();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [preview, setPreview] = useState<TemplatePreview>();
  const chosen = templates.find((x) => x.code === templateId);
  const key = useDebouncedValue(JSON.stringify({ templateId, params }), 250);

  useEffect(() => {
    api<{ items: Template[] }>('/v1/templates', { query: { accountId, status: 'approved', limit: 500 }, quiet: true }).then((p) => setTemplates(p.items), () => setTemplates([]));
  }, [accountId]);

  useEffect(() => {
    const input = JSON.parse(key) as { templateId?: string; params: Record<string, string> };
    if (!input.templateId) return setPreview(undefined);
    const controller = new AbortController();
    const filled = Object.fromEntries(Object.entries(input.params ?? {}).filter(([, v]) => v));
    api<TemplatePreview>(`/v1/templates/${input.templateId}/preview`, { method: 'POST', body: { params: filled }, signal: controller.signal, quiet: true }).then(setPreview, () => undefined);
    return () => controller.abort();
  }, [key]);

  return (
    <>
      <Form.Item name="templateId" label={t('send.template')} rules={[{ required: true, message: t('send.required') }]}>
        <Select
          data-testid="send-template"
          placeholder={t('send.templatePick')}
          options={templates.map((x) => ({ value: x.code, label: `${x.name} (${x.code})` }))}
        />
      </Form.Item>
      {chosen && <HighlightedBody body={chosen.body} />}
      {chosen?.variables.map((name) => (
        <Form.Item key={name} name={['params', name]} label={name} rules={[{ required: true, whitespace: true, message: t('send.required') }]}>
          <Input data-testid={`send-param-${name}`} />
        </Form.Item>
      ))}
      {chosen && <PhonePreview preview={preview} testId="send-preview" />}
    </>
  );
}
