// This node's copy of every blacklist, keyed by number: rebuilt only when the store's blacklist version
// moves (a cheap poll, or at once after a local edit), so the per-recipient check is one Map lookup
// instead of a store round trip in the intake hot path.
import type { BlacklistEntry, BlacklistRepository, BlacklistScope } from '../../store/types.ts';

export interface BlacklistHit {
  list: BlacklistScope;
  accountId: string | null;
  signature: string | null;
  reason: string | null;
}

export class BlacklistBook {
  private byNumber = new Map<string, BlacklistEntry[]>();
  private version = '';
  private refreshing: Promise<void> | null = null;
  private again = false;

  constructor(private readonly repository: BlacklistRepository) {}

  /**
   * The lists that stop `accountId` sending to `number` (signature: the message's, when known).
   * An unsubscribe with a signature stops only messages with that signature; without one, all the account's.
   */
  check(accountId: string, number: string, signature: string | null, skipUnsubscribe = false): BlacklistHit[] {
    const entries = this.byNumber.get(number);
    if (!entries) return [];
    const hits: BlacklistHit[] = [];
    for (const e of entries) {
      const applies =
        e.scope === 'platform' || e.scope === 'carrier' ||
        (e.scope === 'account' && e.accountId === accountId) ||
        (e.scope === 'unsubscribe' && !skipUnsubscribe && e.accountId === accountId && (e.signature === null || e.signature === signature));
      if (applies) hits.push({ list: e.scope, accountId: e.accountId, signature: e.signature, reason: e.reason });
    }
    return hits;
  }

  /** Polls the version and reloads when it moved; overlapping calls fold into one more pass. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private async pass(): Promise<void> {
    const version = await this.repository.version();
    if (version === this.version) return;
    // Read after the version: an edit in between makes the next poll reload again, never miss it.
    const next = new Map<string, BlacklistEntry[]>();
    for (const e of await this.repository.all()) {
      const list = next.get(e.number);
      if (list) list.push(e);
      else next.set(e.number, [e]);
    }
    this.byNumber = next;
    this.version = version;
  }
}
