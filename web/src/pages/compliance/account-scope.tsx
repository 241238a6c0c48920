// The account a compliance page acts for: the signed-in account, or for admins the one picked.
import { Card, Form } from 'antd';
import { useState, type ReactNode } from 'react';
import type { Query } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { AccountSelect } from '../send/account-select.tsx';

export interface AccountScope {
  /** The ?accountId= to send (empty for account users). */
  query: Query;
  /** False while an admin has not picked an account yet. */
  ready: boolean;
  accountId: string | undefined;
  picker: ReactNode;
}

export function useAccountScope(): AccountScope {
  const { user } = useAuth();
  const { t } = useI18n();
  const admin = user?.role === 'admin';
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const accountId = admin ? picked : (user?.accountId ?? undefined);
  const picker = admin ? (
    <Card size="small">
      <Form layout="inline">
        <Form.Item label={t('compliance.account')} style={{ minWidth: 320 }}>
          <AccountSelect value={picked} onChange={setPicked} />
        </Form.Item>
      </Form>
    </Card>
  ) : null;
  return { query: admin ? { accountId: picked } : {}, ready: accountId !== undefined, accountId, picker };
}
