// Signatures (签名): submit one for review, see its state and rejection reason, choose the default, delete.
import { Button, Card, Checkbox, Flex, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Signature } from '../../api/types.ts';
import { formatTime } from '../../components/format.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { ReviewStatusTag } from './review-status-tag.tsx';
import { useAccountScope } from './use-account-scope.tsx';

interface SignatureForm {
  name: string;
  remark?: string;
  isDefault?: boolean;
}

export function SignaturesPage() {
  const { t } = useI18n();
  const { accountId, ready, picker } = useAccountScope('signatures-account');
  const [form] = Form.useForm<SignatureForm>();
  const [items, setItems] = useState<Signature[]>();

  const load = useCallback(() => {
    if (!ready) return;
    api<{ items: Signature[] }>('/v1/signatures', { query: { accountId, limit: 200 } }).then((page) => setItems(page.items), () => undefined);
  }, [accountId, ready]);
  useEffect(load, [load]);

  const create = async (values: SignatureForm) => {
    try {
      await api('/v1/signatures', { method: 'POST', query: { accountId }, body: { name: values.name.trim(), remark: values.remark || undefined, isDefault: values.isDefault } });
      form.resetFields();
      load();
    } catch {
      // Shown by the API client (e.g. the name rule that failed).
    }
  };
  const change = async (path: string, method: 'PATCH' | 'DELETE', body?: unknown) => {
    await api(path, { method, body }).catch(() => undefined);
    load();
  };

  return (
    <Flex vertical gap={16}>
      {picker && <Card size="small">{picker}</Card>}
      <Card title={t('signatures.new')}>
        <Form<SignatureForm> form={form} layout="inline" onFinish={create}>
          <Form.Item name="name" label={t('signatures.name')} rules={[{ required: true, whitespace: true, message: t('send.required') }]} extra={t('signatures.nameHelp')}>
            <Input data-testid="signature-name" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="remark" label={t('templates.remark')}>
            <Input data-testid="signature-remark" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="isDefault" valuePropName="checked">
            <Checkbox data-testid="signature-default">{t('signatures.default')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="signature-submit" disabled={!ready}>
            {t('signatures.submit')}
          </Button>
        </Form>
      </Card>
      <Card>
        <Table<Signature>
          rowKey="id"
          dataSource={items}
          loading={!items && ready}
          pagination={false}
          data-testid="signatures-table"
          columns={[
            { title: t('signatures.name'), key: 'name', render: (_, s) => <span data-testid="signature-row">{s.display}</span> },
            { title: t('field.state'), key: 'status', render: (_, s) => <ReviewStatusTag status={s.status} reason={s.reason} /> },
            { title: t('review.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
            { title: t('signatures.default'), key: 'default', render: (_, s) => (s.isDefault ? <Tag color="blue">{t('signatures.default')}</Tag> : null) },
            { title: t('templates.created'), dataIndex: 'createdAt', render: formatTime },
            {
              title: '',
              key: 'actions',
              render: (_, s) => (
                <Space>
                  {!s.isDefault && <a onClick={() => change(`/v1/signatures/${s.id}`, 'PATCH', { isDefault: true })}>{t('signatures.makeDefault')}</a>}
                  <Popconfirm title={t('common.deleteConfirm')} onConfirm={() => change(`/v1/signatures/${s.id}`, 'DELETE')}>
                    <a>{t('common.delete')}</a>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
