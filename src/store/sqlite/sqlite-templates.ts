// Signatures, templates and phrases on SQLite: the shared repository over cached prepared statements.
import type Database from 'better-sqlite3';
import { templateRepository } from '../template-repository.ts';
import type { TemplateRepository } from '../types.ts';

export function sqliteTemplates(db: Database.Database): TemplateRepository {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  return templateRepository({
    all: async (sql, params) => prepared(sql).all(...params) as Record<string, unknown>[],
    run: async (sql, params) => prepared(sql).run(...params).changes,
  });
}
