// The signed-in frame: sider menu of pages (connectors for admins only), header, content.
import { ApiOutlined, AuditOutlined, DashboardOutlined, SafetyOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Layout, Menu, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useAuth } from '../auth/auth-provider.tsx';
import { useI18n } from '../i18n/i18n-provider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { hrefOf, navigate, type PageName } from '../router/route.ts';
import { AppHeader } from './app-header.tsx';

type MenuPage = 'dashboard' | 'send' | 'messages' | 'connectors' | 'compliance' | 'consents';

const MENU: { page: MenuPage; label: MessageKey; icon: ReactNode; adminOnly?: boolean }[] = [
  { page: 'dashboard', label: 'nav.dashboard', icon: <DashboardOutlined /> },
  { page: 'send', label: 'nav.send', icon: <SendOutlined /> },
  { page: 'messages', label: 'nav.messages', icon: <UnorderedListOutlined /> },
  { page: 'connectors', label: 'nav.connectors', icon: <ApiOutlined />, adminOnly: true },
  { page: 'compliance', label: 'nav.compliance', icon: <SafetyOutlined /> },
  { page: 'consents', label: 'nav.consents', icon: <AuditOutlined /> },
];

/** The menu entry a page belongs to: a message's detail lives under Messages. */
function menuPageOf(page: PageName): MenuPage | undefined {
  if (page === 'message') return 'messages';
  return MENU.find((item) => item.page === page)?.page;
}

export function AppLayout({ page, title, children }: { page: PageName; title: string; children: ReactNode }) {
  const { user } = useAuth();
  const { t } = useI18n();
  const selected = menuPageOf(page);
  const items = MENU.filter((item) => !item.adminOnly || user?.role === 'admin').map((item) => ({
    key: item.page,
    icon: item.icon,
    label: (
      <a href={hrefOf({ page: item.page })} data-testid={`nav-${item.page}`}>
        {t(item.label)}
      </a>
    ),
  }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={64} width={208}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, padding: '16px 24px', whiteSpace: 'nowrap' }}>
          {t('app.brand')}
        </Typography.Title>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => navigate({ page: key as MenuPage })}
        />
      </Layout.Sider>
      <Layout>
        <AppHeader title={title} />
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
