// The signed-in frame: sider menu of pages (connectors for admins only), header, content.
import { ApiOutlined, AuditOutlined, BarChartOutlined, ContactsOutlined, DashboardOutlined, FileTextOutlined, InboxOutlined, KeyOutlined, MessageOutlined, NotificationOutlined, SafetyOutlined, SendOutlined, TagOutlined, TeamOutlined, UnorderedListOutlined, WalletOutlined } from '@ant-design/icons';
import { Layout, Menu, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useAuth } from '../auth/auth-provider.tsx';
import { useI18n } from '../i18n/i18n-provider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { hrefOf, navigate, type PageName } from '../router/route.ts';
import type { Access, SessionUser } from '../api/types.ts';
import { AppHeader } from './app-header.tsx';

type MenuPage = 'dashboard' | 'send' | 'messages' | 'campaigns' | 'connectors' | 'users' | 'api-keys' | 'audit' | 'signatures' | 'templates' | 'phrases' | 'review' | 'contacts' | 'billing' | 'received' | 'statistics' | 'compliance' | 'consents';

/** `access`: the least a user needs to see the entry (viewers read, operators send, owners manage). */
const MENU: { page: MenuPage; label: MessageKey; icon: ReactNode; adminOnly?: boolean; access?: Access }[] = [
  { page: 'dashboard', label: 'nav.dashboard', icon: <DashboardOutlined /> },
  { page: 'send', label: 'nav.send', icon: <SendOutlined />, access: 'send' },
  { page: 'messages', label: 'nav.messages', icon: <UnorderedListOutlined /> },
  { page: 'campaigns', label: 'nav.campaigns', icon: <NotificationOutlined /> },
  { page: 'contacts', label: 'nav.contacts', icon: <ContactsOutlined /> },
  { page: 'received', label: 'nav.received', icon: <InboxOutlined /> },
  { page: 'statistics', label: 'nav.statistics', icon: <BarChartOutlined /> },
  { page: 'connectors', label: 'nav.connectors', icon: <ApiOutlined />, adminOnly: true },
  { page: 'users', label: 'nav.users', icon: <TeamOutlined />, access: 'manage' },
  { page: 'api-keys', label: 'nav.apiKeys', icon: <KeyOutlined />, access: 'manage' },
  { page: 'audit', label: 'nav.audit', icon: <AuditOutlined />, access: 'manage' },
  { page: 'signatures', label: 'nav.signatures', icon: <TagOutlined /> },
  { page: 'templates', label: 'nav.templates', icon: <FileTextOutlined /> },
  { page: 'phrases', label: 'nav.phrases', icon: <MessageOutlined /> },
  { page: 'review', label: 'nav.review', icon: <AuditOutlined />, adminOnly: true },
  { page: 'billing', label: 'nav.billing', icon: <WalletOutlined /> },
  { page: 'compliance', label: 'nav.compliance', icon: <SafetyOutlined /> },
  { page: 'consents', label: 'nav.consents', icon: <AuditOutlined /> },
];

const LEVELS: Access[] = ['read', 'send', 'manage'];

/** Sessions saved before roles existed carry no access: they were full account users. */
export function mayAccess(user: SessionUser | null, need: Access): boolean {
  return LEVELS.indexOf(user?.access ?? 'manage') >= LEVELS.indexOf(need);
}

/** The menu entry a page belongs to: a message's detail lives under Messages. */
function menuPageOf(page: PageName): MenuPage | undefined {
  if (page === 'message') return 'messages';
  if (page === 'campaign' || page === 'campaign-new') return 'campaigns';
  return MENU.find((item) => item.page === page)?.page;
}

export function AppLayout({ page, title, children }: { page: PageName; title: string; children: ReactNode }) {
  const { user } = useAuth();
  const { t } = useI18n();
  const selected = menuPageOf(page);
  const items = MENU.filter((item) => (!item.adminOnly || user?.role === 'admin') && mayAccess(user, item.access ?? 'read')).map((item) => ({
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
