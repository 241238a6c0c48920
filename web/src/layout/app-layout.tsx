// The signed-in frame: sider menu of pages (connectors, review and backup for admins only), header, content.
import { ApiOutlined, CloudDownloadOutlined, AuditOutlined, FilterOutlined, PhoneOutlined, StopOutlined, BarChartOutlined, ContactsOutlined, DashboardOutlined, FileTextOutlined, InboxOutlined, KeyOutlined, MessageOutlined, NotificationOutlined, SafetyOutlined, SendOutlined, TagOutlined, TeamOutlined, UnorderedListOutlined, WalletOutlined } from '@ant-design/icons';
import { Layout, Menu, Typography, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useAuth } from '../auth/auth-provider.tsx';
import { useI18n } from '../i18n/i18n-provider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { hrefOf, navigate, type PageName } from '../router/route.ts';
import type { Access, SessionUser } from '../api/types.ts';
import { AppHeader } from './app-header.tsx';

type MenuPage = 'dashboard' | 'send' | 'messages' | 'campaigns' | 'connectors' | 'users' | 'api-keys' | 'audit' | 'signatures' | 'templates' | 'phrases' | 'review' | 'contacts' | 'billing' | 'received' | 'statistics' | 'compliance' | 'consents' | 'sensitive-words' | 'blacklist' | 'numbers' | 'backup';

type MenuGroup = 'messaging' | 'content' | 'insight' | 'compliance' | 'admin';

/**
 * In menu order, each in a titled group (none for the dashboard). `access`: the least a user needs to
 * see the entry (viewers read, operators send, owners manage).
 */
const MENU: { page: MenuPage; label: MessageKey; icon: ReactNode; group?: MenuGroup; adminOnly?: boolean; access?: Access }[] = [
  { page: 'dashboard', label: 'nav.dashboard', icon: <DashboardOutlined /> },
  { page: 'send', label: 'nav.send', icon: <SendOutlined />, group: 'messaging', access: 'send' },
  { page: 'campaigns', label: 'nav.campaigns', icon: <NotificationOutlined />, group: 'messaging' },
  { page: 'messages', label: 'nav.messages', icon: <UnorderedListOutlined />, group: 'messaging' },
  { page: 'received', label: 'nav.received', icon: <InboxOutlined />, group: 'messaging' },
  { page: 'contacts', label: 'nav.contacts', icon: <ContactsOutlined />, group: 'content' },
  { page: 'signatures', label: 'nav.signatures', icon: <TagOutlined />, group: 'content' },
  { page: 'templates', label: 'nav.templates', icon: <FileTextOutlined />, group: 'content' },
  { page: 'phrases', label: 'nav.phrases', icon: <MessageOutlined />, group: 'content' },
  { page: 'numbers', label: 'nav.numbers', icon: <PhoneOutlined />, group: 'content' },
  { page: 'statistics', label: 'nav.statistics', icon: <BarChartOutlined />, group: 'insight' },
  { page: 'billing', label: 'nav.billing', icon: <WalletOutlined />, group: 'insight' },
  { page: 'compliance', label: 'nav.compliance', icon: <SafetyOutlined />, group: 'compliance' },
  { page: 'consents', label: 'nav.consents', icon: <AuditOutlined />, group: 'compliance' },
  { page: 'sensitive-words', label: 'nav.sensitiveWords', icon: <FilterOutlined />, group: 'compliance' },
  { page: 'blacklist', label: 'nav.blacklist', icon: <StopOutlined />, group: 'compliance' },
  { page: 'users', label: 'nav.users', icon: <TeamOutlined />, group: 'admin', access: 'manage' },
  { page: 'api-keys', label: 'nav.apiKeys', icon: <KeyOutlined />, group: 'admin', access: 'manage' },
  { page: 'audit', label: 'nav.audit', icon: <AuditOutlined />, group: 'admin', access: 'manage' },
  { page: 'review', label: 'nav.review', icon: <AuditOutlined />, group: 'admin', adminOnly: true },
  { page: 'connectors', label: 'nav.connectors', icon: <ApiOutlined />, group: 'admin', adminOnly: true },
  { page: 'backup', label: 'nav.backup', icon: <CloudDownloadOutlined />, group: 'admin', adminOnly: true },
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
  const visible = MENU.filter((item) => (!item.adminOnly || user?.role === 'admin') && mayAccess(user, item.access ?? 'read'));
  const entry = (item: (typeof MENU)[number]) => ({
    key: item.page,
    icon: item.icon,
    label: (
      <a href={hrefOf({ page: item.page })} data-testid={`nav-${item.page}`}>
        {t(item.label)}
      </a>
    ),
  });
  // Groups are titled sections, always open, so every page stays one click away.
  const items: NonNullable<MenuProps['items']> = [];
  const groups = new Map<MenuGroup, ReturnType<typeof entry>[]>();
  for (const item of visible) {
    if (!item.group) items.push(entry(item));
    else if (groups.has(item.group)) groups.get(item.group)!.push(entry(item));
    else {
      const children = [entry(item)];
      groups.set(item.group, children);
      items.push({ key: `group-${item.group}`, type: 'group', label: t(`navGroup.${item.group}`), children });
    }
  }

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
