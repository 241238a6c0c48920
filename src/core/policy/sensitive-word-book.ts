// The matchers this node checks texts with: one per saved list (platform, each account), rebuilt only
// when the list's stored version moves — on a cheap poll of all versions, or at once after a local edit.
import type { SensitiveWordRepository, WordListOwner } from '../../store/types.ts';
import { WordMatcher, type WordMatch } from './word-matcher.ts';

export type WordListName = 'platform' | 'account';

export interface ListedMatch extends WordMatch {
  list: WordListName;
}

interface Built {
  version: number;
  matcher: WordMatcher;
}

/** Key of the platform list in `built` (account ids are never empty). */
const PLATFORM = '';

export class SensitiveWordBook {
  private built = new Map<string, Built>();
  private refreshing: Promise<void> | null = null;
  private again = false;
  /** Moves whenever any matcher changes, so callers may cache answers per generation. */
  generation = 0;

  constructor(private readonly repository: SensitiveWordRepository) {}

  /** Every occurrence of the platform's and (when given) the account's words in `text`, in text order. */
  check(accountId: string | null, text: string): ListedMatch[] {
    const found: ListedMatch[] = [];
    const lists: Array<[string, WordListName]> = [[PLATFORM, 'platform']];
    if (accountId) lists.push([accountId, 'account']);
    for (const [key, list] of lists) {
      const entry = this.built.get(key);
      if (entry) for (const m of entry.matcher.match(text)) found.push({ ...m, list });
    }
    return found.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  /** The versions this node's matchers were built from (for tests and health). */
  versionOf(owner: WordListOwner): number {
    return this.built.get(owner.kind === 'platform' ? PLATFORM : owner.accountId)?.version ?? 0;
  }

  /**
   * Reads all versions (one small query) and rebuilds the lists whose version moved. Calls made
   * while one runs are folded into one more pass, so an edit is never missed and never read twice.
   */
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
    const versions = await this.repository.versions();
    const next = new Map<string, Built>();
    let changed = false;
    for (const { accountId, version } of versions) {
      const key = accountId ?? PLATFORM;
      const current = this.built.get(key);
      if (current && current.version === version) {
        next.set(key, current);
        continue;
      }
      const owner: WordListOwner = accountId === null ? { kind: 'platform' } : { kind: 'account', accountId };
      const list = await this.repository.get(owner);
      // Keyed by the version read with the words, which may be newer than the poll's: no list is built twice.
      next.set(key, { version: list.version, matcher: new WordMatcher(list.words) });
      changed = true;
    }
    if (changed || next.size !== this.built.size) this.generation++;
    this.built = next;
  }
}
