// Administrators send on behalf of an account: pick it from GET /v1/accounts.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';

interface AccountItem {
  id: string;
  name: string;
}

export function AccountSelect({ value, onChange, testId = 'send-account' }: { value?: string; onChange?: (value: string) => void; testId?: string }) {
  const [accounts, setAccounts] = useState<AccountItem[]>([]);
  useEffect(() => {
    api<{ items: AccountItem[] }>('/v1/accounts').then(
      (page) => {
        setAccounts(page.items);
        if (!value && page.items.length > 0) onChange?.(page.items[0].id);
      },
      () => undefined,
    );
  }, []);
  return (
    <Select
      data-testid={testId}
      style={{ minWidth: 220 }}
      value={value}
      onChange={onChange}
      options={accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` }))}
    />
  );
}
