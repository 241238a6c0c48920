// The low-balance alert: the account's flag (the console shows it) and, when it has a webhook, a
// `low_balance` event through the outbox (retried like status callbacks).
import type { Store } from '../../store/types.ts';
import { newId } from '../ids.ts';

export async function raiseLowBalance(store: Store, accountId: string, balance: number, threshold: number, now: number): Promise<void> {
  await store.billing.setAlerted(accountId, true);
  const account = await store.accounts.get(accountId);
  if (!account?.callbackUrl) return;
  await store.outbox.enqueue([
    {
      id: newId(now),
      accountId,
      kind: 'http',
      target: account.callbackUrl,
      event: 'low_balance',
      payload: { accountId, balance, threshold, currency: 'CNY', unit: 'li', at: new Date(now).toISOString() },
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    },
  ]);
}
