// Top bar: page title, language switch, the signed-in user and sign-out.
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Space, Typography, theme } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth/auth-provider.tsx';
import { useI18n } from '../i18n/i18n-provider.tsx';
import { ChangePasswordDialog } from './change-password-dialog.tsx';
import { LanguageSwitch } from './language-switch.tsx';

export function AppHeader({ title }: { title: string }) {
  const { user, logout } = useAuth();
  const { t } = useI18n();
  const { token } = theme.useToken();
  const [changingPassword, setChangingPassword] = useState(false);
  // The console role when the session knows it (owner / operator / viewer), else admin / account.
  const roleLabel = user?.userRole && user.userRole !== 'admin' ? t(`role.${user.userRole}`) : t(user?.role === 'admin' ? 'header.role.admin' : 'header.role.account');

  return (
    <Layout.Header
      style={{
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        padding: '0 24px',
      }}
    >
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
        {title}
      </Typography.Title>
      <Space size="middle">
        <LanguageSwitch />
        {user && (
          <Dropdown
            trigger={['click']}
            menu={{ items: [{ key: 'password', icon: <KeyOutlined />, label: <span data-testid="change-password">{t('password.title')}</span> }], onClick: () => setChangingPassword(true) }}
          >
            <Typography.Link data-testid="current-user">
              <UserOutlined /> {user.username} · {roleLabel}
            </Typography.Link>
          </Dropdown>
        )}
        <Button icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
          {t('header.logout')}
        </Button>
      </Space>
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Layout.Header>
  );
}
