// Sensitive-word lists on PostgreSQL: one row per owner; the upsert locks the row, so concurrent saves get distinct versions.
import type pg from 'pg';
import type { SensitiveWordRepository } from '../types.ts';
import { ownerKey, UPSERT_WORD_LIST, versionFromRow, wordListFromRow } from '../word-list-rows.ts';
import { matchesNothing } from './pg-text.ts';

let n = 0;
const UPSERT = UPSERT_WORD_LIST.replace(/\?/g, () => `$${++n}`);

export function pgSensitiveWords(pool: pg.Pool): SensitiveWordRepository {
  return {
    get: async (owner) => {
      const key = ownerKey(owner);
      if (matchesNothing(key)) return wordListFromRow(undefined);
      const { rows } = await pool.query('SELECT version, words, updated_at FROM sensitive_word_lists WHERE owner = $1', [key]);
      return wordListFromRow(rows[0]);
    },
    replace: async (owner, words, at) => Number((await pool.query(UPSERT, [ownerKey(owner), JSON.stringify(words), at])).rows[0].version),
    versions: async () => (await pool.query('SELECT owner, version FROM sensitive_word_lists ORDER BY owner COLLATE "C"')).rows.map(versionFromRow),
  };
}
