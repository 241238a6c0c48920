// Sensitive-word lists on SQLite: one row per owner, replaced with a version bump in one statement.
import type Database from 'better-sqlite3';
import type { SensitiveWordRepository } from '../types.ts';
import { ownerKey, UPSERT_WORD_LIST, versionFromRow, wordListFromRow } from '../word-list-rows.ts';

export function sqliteSensitiveWords(db: Database.Database): SensitiveWordRepository {
  const get = db.prepare('SELECT version, words, updated_at FROM sensitive_word_lists WHERE owner = ?');
  const upsert = db.prepare(UPSERT_WORD_LIST).pluck();
  const versions = db.prepare('SELECT owner, version FROM sensitive_word_lists ORDER BY owner');
  return {
    get: async (owner) => wordListFromRow(get.get(ownerKey(owner)) as Record<string, unknown> | undefined),
    replace: async (owner, words, at) => Number(upsert.get(ownerKey(owner), JSON.stringify(words), at)),
    versions: async () => (versions.all() as Record<string, unknown>[]).map(versionFromRow),
  };
}
