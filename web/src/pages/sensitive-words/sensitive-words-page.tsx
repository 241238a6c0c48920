// Sensitive words (敏感词): the platform list (admins), the account's own list, and the content-check tool.
import { Space } from 'antd';
import { useAuth } from '../../auth/auth-provider.tsx';
import { mayAccess } from '../../layout/app-layout.tsx';
import { useAccountScope } from '../compliance/account-scope.tsx';
import { ContentCheckCard } from './content-check-card.tsx';
import { WordListCard } from './word-list-card.tsx';

export function SensitiveWordsPage() {
  const { user } = useAuth();
  const scope = useAccountScope();
  const admin = user?.role === 'admin';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {admin && <WordListCard kind="platform" query={{}} editable />}
      {scope.picker}
      {scope.ready && <WordListCard key={`words-${scope.accountId}`} kind="account" query={scope.query} editable={admin || mayAccess(user, 'manage')} />}
      {/* With an account picked the check applies both lists, as intake would for that account. */}
      <ContentCheckCard query={scope.query} />
    </Space>
  );
}
