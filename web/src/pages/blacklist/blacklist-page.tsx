// Blacklists (黑名单): the account's own list and unsubscribes; for admins also the platform and carrier lists.
import { Card, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { mayAccess } from '../../layout/app-layout.tsx';
import { useAccountScope } from '../compliance/account-scope.tsx';
import { BlacklistList, type BlacklistKind } from './blacklist-list.tsx';

export function BlacklistPage() {
  const { user } = useAuth();
  const { t } = useI18n();
  const scope = useAccountScope();
  const admin = user?.role === 'admin';
  const [kind, setKind] = useState<BlacklistKind>('account');
  const kinds: BlacklistKind[] = admin ? ['account', 'unsubscribe', 'platform', 'carrier'] : ['account', 'unsubscribe'];
  const accountList = kind === 'account' || kind === 'unsubscribe';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {accountList && scope.picker}
      <Card>
        <Tabs
          activeKey={kind}
          onChange={(key) => setKind(key as BlacklistKind)}
          items={kinds.map((k) => ({ key: k, label: <span data-testid={`blacklist-tab-${k}`}>{t(`blacklist.list.${k}`)}</span> }))}
        />
        <Typography.Paragraph type="secondary">{t(`blacklist.hint.${kind}`)}</Typography.Paragraph>
        {/* Only the shown list is mounted, so its test ids are unique and it reloads on every visit. */}
        {(!accountList || scope.ready) && (
          <BlacklistList key={`${kind}-${scope.accountId}`} kind={kind} query={scope.query} editable={admin || mayAccess(user, 'send')} />
        )}
      </Card>
    </Space>
  );
}
