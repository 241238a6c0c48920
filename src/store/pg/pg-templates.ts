// Signatures, templates and phrases on PostgreSQL: the shared repository with numbered placeholders.
import type pg from 'pg';
import { numbered } from '../blacklist-rows.ts';
import { templateRepository } from '../template-repository.ts';
import type { TemplateRepository } from '../types.ts';
import { matchesNothing } from './pg-text.ts';

export function pgTemplates(pool: pg.Pool): TemplateRepository {
  const sqlOf = new Map<string, string>();
  const pgSql = (sql: string) => {
    let out = sqlOf.get(sql);
    if (!out) sqlOf.set(sql, (out = numbered(sql)));
    return out;
  };
  return templateRepository({
    // A key with U+0000 cannot be stored, so it matches no row (PostgreSQL would raise instead).
    all: async (sql, params) => (matchesNothing(...params) && sql.startsWith('SELECT') ? [] : (await pool.query(pgSql(sql), params)).rows),
    run: async (sql, params) => (await pool.query(pgSql(sql), params)).rowCount ?? 0,
  });
}
