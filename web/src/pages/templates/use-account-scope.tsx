// Administrators act for one account on the template pages (picked at the top); accounts act for themselves.
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-provider.tsx';
import { AccountSelect } from '../send/account-select.tsx';

export function useAccountScope(testId: string): { accountId: string | undefined; ready: boolean; picker: ReactNode } {
  const { user } = useAuth();
  const [accountId, setAccountId] = useState<string>();
  if (user?.role !== 'admin') return { accountId: undefined, ready: true, picker: null };
  return { accountId, ready: accountId !== undefined, picker: <AccountSelect value={accountId} onChange={setAccountId} testId={testId} /> };
}
