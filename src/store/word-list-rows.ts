// Row ⇄ domain for sensitive-word lists, shared by the SQLite and PostgreSQL stores.
import type { StoredWordList, WordListOwner, WordListVersion } from './types.ts';

/** The owner column: '' for the platform (account ids are never empty). */
export function ownerKey(owner: WordListOwner): string {
  return owner.kind === 'platform' ? '' : owner.accountId;
}

export function wordListFromRow(row: Record<string, unknown> | undefined): StoredWordList {
  if (!row) return { version: 0, words: [], updatedAt: null };
  return { version: Number(row.version), words: JSON.parse(String(row.words)) as string[], updatedAt: Number(row.updated_at) };
}

export function versionFromRow(row: Record<string, unknown>): WordListVersion {
  const owner = String(row.owner);
  return { accountId: owner === '' ? null : owner, version: Number(row.version) };
}

export const UPSERT_WORD_LIST = `INSERT INTO sensitive_word_lists (owner, version, words, updated_at) VALUES (?, 1, ?, ?)
  ON CONFLICT (owner) DO UPDATE SET version = sensitive_word_lists.version + 1, words = excluded.words, updated_at = excluded.updated_at
  RETURNING version`;
