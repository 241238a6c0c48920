// What the SMPP ingress needs to authenticate a bind; the store satisfies it (see ingressAccountsFromStore).
import type { Account, Credential, Store } from '../store/types.ts';

export interface IngressAccounts {
  /** The SMPP credential whose system_id this is, or null. */
  findSmppCredential(systemId: string): Promise<Credential | null>;
  getAccount(id: string): Promise<Account | null>;
}

/** Adapts a Store to IngressAccounts. */
export function ingressAccountsFromStore(store: Pick<Store, 'credentials' | 'accounts'>): IngressAccounts {
  return {
    findSmppCredential: (systemId) => store.credentials.findSmpp(systemId),
    getAccount: (id) => store.accounts.get(id),
  };
}
