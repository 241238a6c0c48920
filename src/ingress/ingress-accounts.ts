// What the SMPP and CMPP ingresses need to authenticate a login; the store satisfies it (see ingressAccountsFromStore).
import type { Account, Credential, Store } from '../store/types.ts';

export interface IngressAccounts {
  /** The SMPP credential whose system_id this is, or null. */
  findSmppCredential(systemId: string): Promise<Credential | null>;
  /** The CMPP credential whose SP_Id this is, or null. */
  findCmppCredential?(spId: string): Promise<Credential | null>;
  getAccount(id: string): Promise<Account | null>;
}

/** Adapts a Store to IngressAccounts. */
export function ingressAccountsFromStore(store: Pick<Store, 'credentials' | 'accounts'>): Required<IngressAccounts> {
  return {
    findSmppCredential: (systemId) => store.credentials.findSmpp(systemId),
    findCmppCredential: (spId) => store.credentials.findCmpp(spId),
    getAccount: (id) => store.accounts.get(id),
  };
}
