// Cloud keys of an account (/v1/cloud-keys): AccessKeyId/secret pairs for the Aliyun- and Tencent-style
// APIs — the secret is shown once — and the shape of status callbacks (/v1/callback-format).
import type { ButtonProps } from 'antd';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Modal, Popconfirm, Select, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CallbackFormat, CloudKeyItem } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

const FORMATS: CallbackFormat[] = ['auto', 'kuaixin', 'aliyun', 'tencent'];
const FORMAT_LABEL = { auto: 'cloudKeys.format.auto', kuaixin: 'cloudKeys.format.kuaixin', aliyun: 'cloudKeys.format.aliyun', tencent: 'cloudKeys.format.tencent' } as const;

export function CloudKeysCard({ accountId, ready }: { accountId?: string; ready: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [keys, setKeys] = useState<CloudKeyItem[]>();
  const [format, setFormat] = useState<CallbackFormat>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ accessKeyId: string; accessKeySecret: string } | null>(null);
  const [form] = Form.useForm<{ name?: string }>();

  const load = useCallback(() => {
    if (!ready) return;
    api<{ items: CloudKeyItem[] }>('/v1/cloud-keys', { query: { accountId } }).then((page) => setKeys(page.items), () => undefined);
    api<{ format: CallbackFormat }>('/v1/callback-format', { query: { accountId } }).then((answer) => setFormat(answer.format), () => undefined);
  }, [accountId, ready]);
  useEffect(load, [load]);

  const create = async () => {
    const values = await form.validateFields();
    const answer = await api<CloudKeyItem & { accessKeySecret: string }>('/v1/cloud-keys', { method: 'POST', query: { accountId }, body: { name: values.name || undefined } });
    setCreating(false);
    form.resetFields();
    setCreated({ accessKeyId: answer.accessKeyId, accessKeySecret: answer.accessKeySecret });
    load();
  };
  const revoke = async (id: string) => {
    await api(`/v1/cloud-keys/${encodeURIComponent(id)}`, { method: 'DELETE', query: { accountId } }).catch(() => undefined);
    message.success(t('keys.revoked'));
    load();
  };
  const chooseFormat = async (next: CallbackFormat) => {
    const answer = await api<{ format: CallbackFormat }>('/v1/callback-format', { method: 'PUT', query: { accountId }, body: { format: next } });
    setFormat(answer.format);
    message.success(t('cloudKeys.formatSaved'));
  };

  return (
    <Card title={t('cloudKeys.title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('cloudKeys.help')}</Typography.Paragraph>
      <Flex justify="space-between" style={{ marginBottom: 16 }} gap={12} wrap>
        <Flex align="center" gap={8}>
          <span>{t('cloudKeys.format')}</span>
          <Select<CallbackFormat>
            style={{ minWidth: 220 }}
            value={format}
            disabled={!ready || format === undefined}
            onChange={chooseFormat}
            data-testid="callback-format"
            options={FORMATS.map((f) => ({ value: f, label: t(FORMAT_LABEL[f]) }))}
          />
        </Flex>
        <Button type="primary" disabled={!ready} onClick={() => setCreating(true)} data-testid="cloud-key-create">
          {t('cloudKeys.create')}
        </Button>
      </Flex>
      <Table<CloudKeyItem>
        rowKey="id"
        dataSource={keys}
        loading={ready && !keys}
        pagination={false}
        data-testid="cloud-keys-table"
        columns={[
          { title: t('keys.name'), dataIndex: 'name', render: (name: string | null) => name ?? '—' },
          { title: 'AccessKeyId', dataIndex: 'accessKeyId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('tenants.createdAt'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
          {
            title: t('tenants.actions'),
            key: 'actions',
            render: (_, k) => (
              <Popconfirm title={t('keys.revokeConfirm')} onConfirm={() => revoke(k.id)} okText={t('keys.revoke')} cancelText={t('tenants.cancel')}>
                <Button size="small" danger data-testid={`cloud-key-revoke-${k.accessKeyId}`}>
                  {t('keys.revoke')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('cloudKeys.create')} okText={t('cloudKeys.create')} cancelText={t('tenants.cancel')} onOk={create} onCancel={() => setCreating(false)} okButtonProps={{ 'data-testid': 'cloud-key-create-submit' } as ButtonProps}>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('keys.name')}>
            <Input data-testid="cloud-key-name" maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={created !== null} title={t('keys.createdTitle')} footer={<Button onClick={() => setCreated(null)} data-testid="cloud-key-done">{t('keys.done')}</Button>} onCancel={() => setCreated(null)}>
        <Alert type="warning" showIcon message={t('cloudKeys.shownOnce')} style={{ marginBottom: 12 }} />
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="AccessKeyId">
            <Typography.Text copyable code data-testid="new-cloud-key-id">
              {created?.accessKeyId}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="AccessKeySecret">
            <Typography.Text copyable code data-testid="new-cloud-key-secret">
              {created?.accessKeySecret}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Modal>
    </Card>
  );
}
