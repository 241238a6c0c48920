// The ledger entries reserving a commit batch's cost: one per account, not one per message (the hot
// path commits thousands of messages a second; each entry says how many messages it covers).
import type { NewLedgerEntry } from '../../store/types.ts';
import type { Message } from '../message.ts';

export function reservationEntries(messages: readonly Message[], at: number): NewLedgerEntry[] {
  let byAccount: Map<string, NewLedgerEntry> | null = null;
  for (const m of messages) {
    if (!m.cost) continue;
    byAccount ??= new Map();
    let entry = byAccount.get(m.accountId);
    if (!entry) byAccount.set(m.accountId, (entry = { accountId: m.accountId, at, kind: 'reserve', amount: 0, messages: 0, note: null }));
    entry.amount -= m.cost;
    entry.messages += 1;
  }
  return byAccount ? [...byAccount.values()] : [];
}
