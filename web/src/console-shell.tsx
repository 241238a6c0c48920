// Chooses what to show: the sign-in page, or the page the hash route names inside the layout.
import { Result } from 'antd';
import { useAuth } from './auth/auth-provider.tsx';
import { useI18n } from './i18n/i18n-provider.tsx';
import type { MessageKey } from './i18n/en.ts';
import { AppLayout } from './layout/app-layout.tsx';
import { CompliancePage } from './pages/compliance/compliance-page.tsx';
import { ConsentsPage } from './pages/compliance/consents-page.tsx';
import { ConnectorsPage } from './pages/connectors/connectors-page.tsx';
import { DashboardPage } from './pages/dashboard/dashboard-page.tsx';
import { LoginPage } from './pages/login/login-page.tsx';
import { MessageDetailPage } from './pages/messages/message-detail-page.tsx';
import { MessagesPage } from './pages/messages/messages-page.tsx';
import { SendPage } from './pages/send/send-page.tsx';
import type { Route } from './router/route.ts';
import { useHashRoute } from './router/use-hash-route.ts';

function titleKey(route: Route): MessageKey {
  switch (route.page) {
    case 'dashboard':
      return 'dashboard.title';
    case 'send':
      return 'send.title';
    case 'messages':
    case 'message':
      return 'messages.title';
    case 'connectors':
      return 'connectors.title';
    case 'compliance':
      return 'compliance.title';
    case 'consents':
      return 'consents.title';
    case 'not-found':
      return 'notFound.title';
  }
}

export function ConsoleShell() {
  const { user } = useAuth();
  const { t } = useI18n();
  const route = useHashRoute();

  if (!user) return <LoginPage />;
  const notFound = <Result status="404" title={t('notFound.title')} />;
  const adminOnly = route.page === 'connectors' && user.role !== 'admin';

  return (
    <AppLayout page={route.page} title={t(titleKey(route))}>
      {route.page === 'dashboard' && <DashboardPage />}
      {route.page === 'send' && <SendPage />}
      {route.page === 'messages' && <MessagesPage />}
      {route.page === 'message' && <MessageDetailPage key={route.id} id={route.id} />}
      {route.page === 'connectors' && (adminOnly ? notFound : <ConnectorsPage />)}
      {route.page === 'compliance' && <CompliancePage />}
      {route.page === 'consents' && <ConsentsPage />}
      {route.page === 'not-found' && notFound}
    </AppLayout>
  );
}
