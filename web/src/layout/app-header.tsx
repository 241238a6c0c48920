// Top bar: page title, language switch, the signed-in user and sign-out.
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Space, Typography, theme } from 'antd';
import { useAuth } from '../auth/auth-provider.tsx';
import { useI18n } from '../i18n/i18n-provider.tsx';
import { LanguageSwitch } from './language-switch.tsx';

export function AppHeader({ title }: { title: string }) {
  const { user, logout } = useAuth();
  const { t } = useI18n();
  const { token } = theme.useToken();

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
          <Typography.Text data-testid="current-user">
            <UserOutlined /> {user.username} · {t(user.role === 'admin' ? 'header.role.admin' : 'header.role.account')}
          </Typography.Text>
        )}
        <Button icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
          {t('header.logout')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
