// Which account is a sub-account of which: every account's parent, cached, refreshed every few seconds and on edits.
import type { Store } from '../store/types.ts';

const MAX_DEPTH = 32;
const MISS_RELOAD_MS = 1000;

export class AccountTree {
  private parents = new Map<string, string | null>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 5000,
  ) {}

  /** True when `descendant` is a sub-account of `ancestor` at any depth (never for the account itself). */
  async isDescendant(descendant: string, ancestor: string, now = Date.now()): Promise<boolean> {
    // An unknown id may be a sub-account made on another node a moment ago; reloading for unknown ids at
    // most once a second keeps a caller naming random ids from loading every account per request.
    const age = now - this.loadedAt;
    if (age > this.ttlMs || (!this.parents.has(descendant) && age > MISS_RELOAD_MS)) await this.reload(now);
    let current = this.parents.get(descendant) ?? null;
    // Bounded: a cycle written by hand into the database must not hang a request.
    for (let depth = 0; current !== null && depth < MAX_DEPTH; depth++) {
      if (current === ancestor) return true;
      current = this.parents.get(current) ?? null;
    }
    return false;
  }

  /** Forget the cache (after creating or moving an account through this node). */
  invalidate(): void {
    this.loadedAt = -Infinity;
  }

  private reload(now: number): Promise<void> {
    this.loading ??= this.store.accounts
      .list()
      .then((accounts) => {
        this.parents = new Map(accounts.map((a) => [a.id, a.parentId ?? null]));
        this.loadedAt = now;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
