// API keys of an account (/v1/api-keys): create with a scope — the key is shown once — and revoke; cloud keys below.
import type { ButtonProps } from 'antd';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ApiKeyItem, ApiKeyScope } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { AccountPicker } from '../users/account-picker.tsx';
import { CloudKeysCard } from './cloud-keys-card.tsx';

const SCOPES: ApiKeyScope[] = ['read', 'send', 'manage'];

export function ApiKeysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [accountId, setAccountId] = useState<string>();
  const [keys, setKeys] = useState<ApiKeyItem[]>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [form] = Form.useForm<{ name?: string; scope: ApiKeyScope }>();
  // Admins pick an account first: keys always belong to one.
  const ready = user?.role !== 'admin' || accountId !== undefined;

  const load = useCallback(() => {
    if (!ready) return;
    api<{ items: ApiKeyItem[] }>('/v1/api-keys', { query: { accountId } }).then((page) => setKeys(page.items), () => undefined);
  }, [accountId, ready]);
  useEffect(load, [load]);

  const create = async () => {
    const values = await form.validateFields();
    const answer = await api<ApiKeyItem & { key: string }>('/v1/api-keys', { method: 'POST', query: { accountId }, body: { scope: values.scope, name: values.name || undefined } });
    setCreating(false);
    form.resetFields();
    setCreated(answer.key);
    load();
  };
  const revoke = async (id: string) => {
    await api(`/v1/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE', query: { accountId } }).catch(() => undefined);
    message.success(t('keys.revoked'));
    load();
  };

  return (
    <>
      <Card>
        <Flex justify="space-between" style={{ marginBottom: 16 }} gap={12} wrap>
          <AccountPicker value={accountId} onChange={setAccountId} />
          <Button type="primary" disabled={!ready} onClick={() => setCreating(true)} data-testid="key-create">
            {t('keys.create')}
          </Button>
        </Flex>
        <Table<ApiKeyItem>
          rowKey="id"
          dataSource={keys}
          loading={ready && !keys}
          pagination={false}
          data-testid="keys-table"
          columns={[
            { title: t('keys.name'), dataIndex: 'name', render: (name: string | null) => name ?? '—' },
            { title: t('keys.scope'), dataIndex: 'scope', render: (scope: string) => <Tag>{scope in SCOPE_LABEL ? t(SCOPE_LABEL[scope as ApiKeyScope]) : scope}</Tag> },
            { title: 'ID', dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
            { title: t('tenants.createdAt'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
            {
              title: t('tenants.actions'),
              key: 'actions',
              render: (_, k) => (
                <Popconfirm title={t('keys.revokeConfirm')} onConfirm={() => revoke(k.id)} okText={t('keys.revoke')} cancelText={t('tenants.cancel')}>
                  <Button size="small" danger data-testid={`key-revoke-${k.id}`}>
                    {t('keys.revoke')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
        <Modal open={creating} title={t('keys.create')} okText={t('keys.create')} cancelText={t('tenants.cancel')} onOk={create} onCancel={() => setCreating(false)} okButtonProps={{ 'data-testid': 'key-create-submit' } as ButtonProps}>
          <Form form={form} layout="vertical" initialValues={{ scope: 'send' }}>
            <Form.Item name="name" label={t('keys.name')}>
              <Input data-testid="key-name" maxLength={100} />
            </Form.Item>
            <Form.Item name="scope" label={t('keys.scope')} extra={t('keys.scopeHelp')}>
              <Select data-testid="key-scope" options={SCOPES.map((s) => ({ value: s, label: t(SCOPE_LABEL[s]) }))} />
            </Form.Item>
          </Form>
        </Modal>
        <Modal open={created !== null} title={t('keys.createdTitle')} footer={<Button onClick={() => setCreated(null)} data-testid="key-done">{t('keys.done')}</Button>} onCancel={() => setCreated(null)}>
          <Alert type="warning" showIcon message={t('keys.shownOnce')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph copyable code data-testid="new-api-key">
            {created}
          </Typography.Paragraph>
        </Modal>
      </Card>
      <CloudKeysCard accountId={accountId} ready={ready} />
    </>
  );
}

const SCOPE_LABEL = { read: 'keys.scope.read', send: 'keys.scope.send', manage: 'keys.scope.manage' } as const;
