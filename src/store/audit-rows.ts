// Row ⇄ domain and the shared SQL of the audit log, used by the SQLite and PostgreSQL stores.
import { clampLimit, pageWhere, toPage } from './query-parts.ts';
import { parseJson } from './rows.ts';
import type { AuditEntry, AuditFilter, Page } from './types.ts';

export const INSERT_AUDIT = 'INSERT INTO audit_log (id, at, actor, account_id, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** One batch of the retention purge: the oldest entries first, through the (at, id) index, on both databases. */
export function auditPurgeSql(ph: (n: number) => string): string {
  return `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ${ph(1)} ORDER BY at, id LIMIT ${ph(2)})`;
}

export function auditParams(e: AuditEntry): unknown[] {
  return [e.id, e.at, e.actor, e.accountId, e.action, e.target, e.detail === null ? null : JSON.stringify(e.detail), e.ip];
}

export function auditFromRow(r: Record<string, unknown>): AuditEntry {
  return {
    id: String(r.id),
    at: Number(r.at),
    actor: String(r.actor),
    accountId: r.account_id === null || r.account_id === undefined ? null : String(r.account_id),
    action: String(r.action),
    target: r.target === null || r.target === undefined ? null : String(r.target),
    detail: r.detail === null || r.detail === undefined ? null : parseJson<Record<string, unknown>>(r.detail),
    ip: r.ip === null || r.ip === undefined ? null : String(r.ip),
  };
}

/** One page newest first: (account_id, at, id) serves an account's log, (at, id) the platform-wide one. */
export function auditPageQuery(filter: AuditFilter, ph: (n: number) => string): { sql: string; params: unknown[]; limit: number } {
  const limit = clampLimit(filter.limit);
  const where = pageWhere(
    [
      ['account_id', filter.accountId],
      ['action', filter.action],
      ['actor', filter.actor],
      ['at', filter.from, '>='],
      ['at', filter.to, '<'],
    ],
    filter.cursor,
    'at',
    ph,
  );
  return { sql: `SELECT * FROM audit_log ${where.sql} ORDER BY at DESC, id DESC LIMIT ${ph(where.params.length + 1)}`, params: [...where.params, limit + 1], limit };
}

export function auditPage(rows: Record<string, unknown>[], limit: number): Page<AuditEntry> {
  return toPage(rows.map(auditFromRow), limit, (e) => ({ at: e.at, id: e.id }));
}

/** The user columns the lock-out methods change, shared by both stores. */
export const LOGIN_FAILED_SQL = `UPDATE users SET
    failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END,
    locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END
  WHERE username = ?`;
export const CLEAR_FAILURES_SQL = 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?';
