// Template editor: name, category, body with highlighted variables, the content rules it breaks (live),
// sample values per variable, and the live phone preview with its segment count.
import { Alert, Col, Form, Input, Modal, Row, Select } from 'antd';
import type { ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { MessageCategory, Template } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { HighlightedBody, variableNames } from './highlighted-body.tsx';
import { PhonePreview } from './phone-preview.tsx';
import { useTemplatePreview } from './use-template-preview.ts';

interface EditorForm {
  name: string;
  category: MessageCategory;
  body: string;
  remark?: string;
}

export const CATEGORIES: MessageCategory[] = ['verification', 'notification', 'marketing'];

export function TemplateEditor({ accountId, editing, open, onClose }: { accountId?: string; editing: Template | null; open: boolean; onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<EditorForm>();
  const body = Form.useWatch('body', form) ?? '';
  const category = Form.useWatch('category', form) ?? 'notification';
  const [samples, setSamples] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const names = variableNames(body);
  const { preview, violations } = useTemplatePreview(accountId ?? editing?.accountId, category, body, samples, open);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(editing ? { name: editing.name, category: editing.category, body: editing.body, remark: editing.remark ?? undefined } : { name: '', category: 'notification', body: '', remark: undefined });
    setSamples({});
  }, [open, editing]);

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      if (editing) await api(`/v1/templates/${editing.code}`, { method: 'PATCH', body: values });
      else await api('/v1/templates', { method: 'POST', query: { accountId }, body: values });
      onClose(true);
    } catch {
      // Shown by the API client (the rules that failed).
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      width={960}
      title={editing ? `${t('templates.edit')} ${editing.code}` : t('templates.new')}
      okText={t('templates.submitReview')}
      okButtonProps={{ 'data-testid': 'template-save', loading: saving } as ButtonProps}
      onOk={save}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Row gutter={24}>
        <Col span={14}>
          <Form<EditorForm> form={form} layout="vertical">
            <Form.Item name="name" label={t('templates.name')} rules={[{ required: true, whitespace: true, message: t('send.required') }]}>
              <Input data-testid="template-name" />
            </Form.Item>
            <Form.Item name="category" label={t('templates.category')}>
              <Select data-testid="template-category" options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
            </Form.Item>
            <Form.Item name="body" label={t('templates.body')} extra={t('templates.bodyHelp')} rules={[{ required: true, whitespace: true, message: t('send.required') }]}>
              <Input.TextArea rows={4} data-testid="template-body" />
            </Form.Item>
            <HighlightedBody body={body} />
            <Form.Item name="remark" label={t('templates.remark')}>
              <Input data-testid="template-remark" />
            </Form.Item>
          </Form>
          {violations.length > 0 && (
            <Alert
              type="warning"
              data-testid="template-violations"
              message={t('templates.violations')}
              description={
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {violations.map((v) => (
                    <li key={v.rule} data-rule={v.rule}>
                      {v.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
        </Col>
        <Col span={10}>
          {names.map((name) => (
            <Input
              key={name}
              addonBefore={name}
              placeholder={t('templates.sample')}
              value={samples[name] ?? ''}
              onChange={(e) => setSamples({ ...samples, [name]: e.target.value })}
              data-testid={`sample-${name}`}
              style={{ marginBottom: 8 }}
            />
          ))}
          <PhonePreview preview={preview} testId="editor-preview" />
        </Col>
      </Row>
    </Modal>
  );
}
