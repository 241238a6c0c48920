// Chooses what to show: the sign-in page, or the page the hash route names inside the layout.
import { Result } from 'antd';
import type { JSX } from 'react';
import { useAuth } from './auth/auth-provider.tsx';
import { useI18n } from './i18n/i18n-provider.tsx';
import type { MessageKey } from './i18n/en.ts';
import { CampaignDetailPage } from './pages/campaigns/campaign-detail-page.tsx';
import { CampaignFormPage } from './pages/campaigns/campaign-form-page.tsx';
import { CampaignsPage } from './pages/campaigns/campaigns-page.tsx';
import { AppLayout, mayAccess } from './layout/app-layout.tsx';
import { ApiKeysPage } from './pages/api-keys/api-keys-page.tsx';
import { AuditPage } from './pages/audit/audit-page.tsx';
import { UsersPage } from './pages/users/users-page.tsx';
import { BackupPage } from './pages/backup/backup-page.tsx';
import { BillingPage } from './pages/billing/billing-page.tsx';
import { CompliancePage } from './pages/compliance/compliance-page.tsx';
import { ConsentsPage } from './pages/compliance/consents-page.tsx';
import { ConnectorsPage } from './pages/connectors/connectors-page.tsx';
import { ContactsPage } from './pages/contacts/contacts-page.tsx';
import { DashboardPage } from './pages/dashboard/dashboard-page.tsx';
import { LoginPage } from './pages/login/login-page.tsx';
import { MessageDetailPage } from './pages/messages/message-detail-page.tsx';
import { MessagesPage } from './pages/messages/messages-page.tsx';
import { ReceivedPage } from './pages/records/received-page.tsx';
import { StatisticsPage } from './pages/statistics/statistics-page.tsx';
import { SendPage } from './pages/send/send-page.tsx';
import { BlacklistPage } from './pages/blacklist/blacklist-page.tsx';
import { NumbersPage } from './pages/numbers/numbers-page.tsx';
import { SensitiveWordsPage } from './pages/sensitive-words/sensitive-words-page.tsx';
import { PhrasesPage } from './pages/templates/phrases-page.tsx';
import { ReviewPage } from './pages/templates/review-page.tsx';
import { SignaturesPage } from './pages/templates/signatures-page.tsx';
import { TemplatesPage } from './pages/templates/templates-page.tsx';
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
    case 'campaigns':
    case 'campaign':
    case 'campaign-new':
      return 'campaigns.title';
    case 'users':
      return 'nav.users';
    case 'api-keys':
      return 'nav.apiKeys';
    case 'audit':
      return 'nav.audit';
    case 'signatures':
      return 'signatures.title';
    case 'templates':
      return 'templates.title';
    case 'phrases':
      return 'phrases.pageTitle';
    case 'review':
      return 'review.title';
    case 'contacts':
      return 'contacts.title';
    case 'billing':
      return 'billing.title';
    case 'statistics':
      return 'stats.title';
    case 'received':
      return 'records.receivedTitle';
    case 'compliance':
      return 'compliance.title';
    case 'consents':
      return 'consents.title';
    case 'sensitive-words':
      return 'sensitiveWords.title';
    case 'blacklist':
      return 'blacklist.title';
    case 'numbers':
      return 'numbers.title';
    case 'backup':
      return 'backup.title';
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
  // Pages the user's role does not allow say so instead of failing on every request.
  const forbidden = <Result status="403" title={t('tenants.forbidden')} subTitle={t('tenants.forbiddenHint')} data-testid="forbidden" />;
  const managed = (page: JSX.Element) => (mayAccess(user, 'manage') ? page : forbidden);
  const adminOnly = (route.page === 'connectors' || route.page === 'review' || route.page === 'backup') && user.role !== 'admin';

  return (
    <AppLayout page={route.page} title={t(titleKey(route))}>
      {route.page === 'dashboard' && <DashboardPage />}
      {route.page === 'send' && (mayAccess(user, 'send') ? <SendPage /> : forbidden)}
      {route.page === 'messages' && <MessagesPage />}
      {route.page === 'message' && <MessageDetailPage key={route.id} id={route.id} />}
      {route.page === 'campaigns' && <CampaignsPage />}
      {route.page === 'campaign-new' && <CampaignFormPage />}
      {route.page === 'campaign' && <CampaignDetailPage key={route.id} id={route.id} />}
      {route.page === 'contacts' && <ContactsPage />}
      {route.page === 'statistics' && <StatisticsPage />}
      {route.page === 'received' && <ReceivedPage />}
      {route.page === 'connectors' && (adminOnly ? notFound : <ConnectorsPage />)}
      {route.page === 'users' && managed(<UsersPage />)}
      {route.page === 'api-keys' && managed(<ApiKeysPage />)}
      {route.page === 'audit' && managed(<AuditPage />)}
      {route.page === 'signatures' && <SignaturesPage />}
      {route.page === 'templates' && <TemplatesPage />}
      {route.page === 'phrases' && <PhrasesPage />}
      {route.page === 'review' && (adminOnly ? notFound : <ReviewPage />)}
      {route.page === 'billing' && <BillingPage />}
      {route.page === 'compliance' && <CompliancePage />}
      {route.page === 'consents' && <ConsentsPage />}
      {route.page === 'sensitive-words' && <SensitiveWordsPage />}
      {route.page === 'blacklist' && <BlacklistPage />}
      {route.page === 'numbers' && <NumbersPage />}
      {route.page === 'backup' && (adminOnly ? notFound : <BackupPage />)}
      {route.page === 'not-found' && notFound}
    </AppLayout>
  );
}
