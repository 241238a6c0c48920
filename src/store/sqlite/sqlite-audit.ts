// The audit log on SQLite: batched inserts in one transaction, keyset pages newest first.
import type Database from 'better-sqlite3';
import { auditPage, auditPageQuery, auditParams, auditPurgeSql, INSERT_AUDIT } from '../audit-rows.ts';
import type { AuditEntry, AuditRepository } from '../types.ts';

export function sqliteAudit(db: Database.Database): AuditRepository {
  const insert = db.prepare(INSERT_AUDIT);
  const append = db.transaction((entries: AuditEntry[]) => {
    for (const e of entries) insert.run(...auditParams(e));
  });
  const purge = db.prepare(auditPurgeSql(() => '?'));
  const lists = new Map<string, Database.Statement>();
  return {
    append: async (entries) => void (entries.length && append(entries)),
    list: async (filter) => {
      const q = auditPageQuery(filter, () => '?');
      let stmt = lists.get(q.sql);
      if (!stmt) lists.set(q.sql, (stmt = db.prepare(q.sql)));
      return auditPage(stmt.all(...q.params) as Record<string, unknown>[], q.limit);
    },
    purgeBefore: async (before, limit) => purge.run(before, limit).changes,
  };
}
