// Administrators pick the account a tenant page works on (GET /v1/accounts); account users work on their own.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';

interface AccountItem {
  id: string;
  name: string;
}

/** Nothing for account users; for admins a select, where "all accounts" is undefined when `allowAll`. */
export function AccountPicker({ value, onChange, allowAll }: { value?: string; onChange: (value: string | undefined) => void; allowAll?: boolean }) {
  const { user } = useAuth();
  const { t } = useI18n();
  const [accounts, setAccounts] = useState<AccountItem[]>([]);
  const isAdmin = user?.role === 'admin';
  useEffect(() => {
    if (!isAdmin) return;
    api<{ items: AccountItem[] }>('/v1/accounts').then(
      (page) => {
        setAccounts(page.items);
        if (!allowAll && !value && page.items.length > 0) onChange(page.items[0].id);
      },
      () => undefined,
    );
  }, [isAdmin]);
  if (!isAdmin) return null;
  return (
    <Select
      data-testid="tenant-account"
      style={{ minWidth: 220 }}
      value={value ?? ''}
      onChange={(v) => onChange(v === '' ? undefined : v)}
      options={[...(allowAll ? [{ value: '', label: t('tenants.allAccounts') }] : []), ...accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` }))]}
    />
  );
}
