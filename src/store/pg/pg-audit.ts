// The audit log on PostgreSQL: one multi-row INSERT per batch, keyset pages newest first.
import type pg from 'pg';
import { auditPage, auditPageQuery, auditParams, auditPurgeSql } from '../audit-rows.ts';
import type { AuditRepository } from '../types.ts';
import { matchesNothing } from './pg-text.ts';

const COLUMNS = 8;

export function pgAudit(pool: pg.Pool): AuditRepository {
  return {
    append: async (entries) => {
      if (entries.length === 0) return;
      const values = entries.map((_, i) => `(${Array.from({ length: COLUMNS }, (_, c) => `$${i * COLUMNS + c + 1}`).join(', ')})`);
      await pool.query(`INSERT INTO audit_log (id, at, actor, account_id, action, target, detail, ip) VALUES ${values.join(', ')}`, entries.flatMap(auditParams));
    },
    list: async (filter) => {
      // A filter value PostgreSQL could never have stored (a NUL byte) matches nothing.
      if (matchesNothing(filter.accountId ?? '', filter.action ?? '', filter.actor ?? '')) return { items: [], nextCursor: null };
      const q = auditPageQuery(filter, (n) => `$${n}`);
      return auditPage((await pool.query(q.sql, q.params)).rows as Record<string, unknown>[], q.limit);
    },
    purgeBefore: async (before, limit) => (await pool.query(auditPurgeSql((n) => `$${n}`), [before, limit])).rowCount ?? 0,
  };
}
