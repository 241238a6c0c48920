// Users of an account (GET/POST/PATCH /v1/users): add, change role, reset password, disable or enable.
import { Button, Card, Flex, Select, Space, Table, Tag, App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ConsoleUser, UserRole } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { AccountPicker } from './account-picker.tsx';
import { ACCOUNT_ROLES, AddUserDialog, ResetPasswordDialog, type NewUser } from './user-dialogs.tsx';

export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [accountId, setAccountId] = useState<string>();
  const [users, setUsers] = useState<ConsoleUser[]>();
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<string | null>(null);
  const query = { accountId };

  const load = useCallback(() => {
    api<{ items: ConsoleUser[] }>('/v1/users', { query: { accountId } }).then((page) => setUsers(page.items), () => undefined);
  }, [accountId]);
  useEffect(load, [load]);

  // An admin with no account picked adds platform administrators.
  const roles: UserRole[] = user?.role === 'admin' && !accountId ? ['admin'] : ACCOUNT_ROLES;
  const add = async (values: NewUser) => {
    await api('/v1/users', { method: 'POST', query, body: values });
    message.success(t('users.added'));
    setAdding(false);
    load();
  };
  const update = async (username: string, body: { role?: UserRole; disabled?: boolean }) => {
    await api(`/v1/users/${encodeURIComponent(username)}`, { method: 'PATCH', query, body }).catch(() => undefined);
    load();
  };
  const reset = async (password: string) => {
    await api(`/v1/users/${encodeURIComponent(resetting!)}/password`, { method: 'POST', query, body: { password } });
    message.success(t('users.passwordReset'));
    setResetting(null);
    load();
  };

  return (
    <Card>
      <Flex justify="space-between" style={{ marginBottom: 16 }} gap={12} wrap>
        <AccountPicker value={accountId} onChange={setAccountId} allowAll />
        <Button type="primary" onClick={() => setAdding(true)} data-testid="user-add">
          {t('users.add')}
        </Button>
      </Flex>
      <Table<ConsoleUser>
        rowKey="username"
        dataSource={users}
        loading={!users}
        pagination={false}
        data-testid="users-table"
        onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as object}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          ...(user?.role === 'admin' ? [{ title: t('tenants.account'), dataIndex: 'accountId', render: (id: string | null) => id ?? '—' }] : []),
          {
            title: t('users.role'),
            key: 'role',
            render: (_, u) =>
              u.role === 'admin' ? (
                <Tag>{t('role.admin')}</Tag>
              ) : (
                <Select
                  size="small"
                  value={u.role}
                  style={{ width: 120 }}
                  data-testid={`user-role-${u.username}`}
                  onChange={(role) => update(u.username, { role })}
                  options={ACCOUNT_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                />
              ),
          },
          {
            title: t('users.status'),
            key: 'status',
            render: (_, u) => (
              <Space data-testid={`user-status-${u.username}`}>
                {u.disabled ? <Tag color="red">{t('users.disabled')}</Tag> : <Tag color="green">{t('users.enabled')}</Tag>}
                {u.locked && <Tag color="orange">{t('users.locked')}</Tag>}
              </Space>
            ),
          },
          { title: t('tenants.createdAt'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
          {
            title: t('tenants.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setResetting(u.username)} data-testid={`user-reset-${u.username}`}>
                  {t('users.resetPassword')}
                </Button>
                <Button size="small" danger={!u.disabled} onClick={() => update(u.username, { disabled: !u.disabled })} data-testid={`user-toggle-${u.username}`}>
                  {u.disabled ? t('users.enable') : t('users.disable')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <AddUserDialog open={adding} roles={roles} onSubmit={add} onClose={() => setAdding(false)} />
      <ResetPasswordDialog username={resetting} onSubmit={reset} onClose={() => setResetting(null)} />
    </Card>
  );
}
