// Row ⇄ domain and the shared SQL for blacklist entries, used by the SQLite and PostgreSQL stores.
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { BlacklistEntry, BlacklistScope, Page } from './types.ts';

/** Scopes owned by no account, listed to admins. */
export const PLATFORM_SCOPES: readonly BlacklistScope[] = ['platform', 'carrier'];
/** Scopes owned by one account, listed to that account. */
export const ACCOUNT_SCOPES: readonly BlacklistScope[] = ['account', 'unsubscribe'];

export function blacklistFromRow(row: Record<string, unknown>): BlacklistEntry {
  const accountId = String(row.account_id);
  const signature = String(row.signature);
  return {
    id: String(row.seq),
    scope: String(row.scope) as BlacklistScope,
    accountId: accountId === '' ? null : accountId,
    signature: signature === '' ? null : signature,
    number: String(row.number),
    reason: row.reason === null || row.reason === undefined ? null : String(row.reason),
    createdAt: Number(row.created_at),
  };
}

/** Parameters and SQL of one list page (newest first, keyset on (created_at, seq)); `ph(n)` renders a placeholder. */
export function blacklistPageQuery(
  filter: { accountId: string | null; scope?: BlacklistScope; cursor?: string; limit: number },
  ph: (n: number) => string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const add = (v: unknown) => (params.push(v), ph(params.length));
  const scopes = filter.scope ? [filter.scope] : filter.accountId === null ? PLATFORM_SCOPES : ACCOUNT_SCOPES;
  const parts = [`account_id = ${add(filter.accountId ?? '')}`, `scope IN (${scopes.map((s) => add(s)).join(', ')})`];
  if (filter.cursor !== undefined) {
    const key = decodeCursor(filter.cursor);
    const seq = Number(key.id);
    parts.push(`(created_at, seq) < (${add(key.at)}, ${add(Number.isSafeInteger(seq) ? seq : 0)})`);
  }
  const sql = `SELECT * FROM blacklist WHERE ${parts.join(' AND ')} ORDER BY created_at DESC, seq DESC LIMIT ${add(filter.limit + 1)}`;
  return { sql, params };
}

export function blacklistPage(rows: Record<string, unknown>[], limit: number): Page<BlacklistEntry> {
  const items = rows.slice(0, limit).map(blacklistFromRow);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

export const INSERT_BLACKLIST = `INSERT INTO blacklist (scope, account_id, signature, number, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (number, scope, account_id, signature) DO NOTHING`;
export const GET_BLACKLIST = 'SELECT * FROM blacklist WHERE number = ? AND scope = ? AND account_id = ? AND signature = ?';
export const REMOVE_BLACKLIST = 'DELETE FROM blacklist WHERE number = ? AND scope = ? AND account_id = ?';
export const FIND_BLACKLIST = 'SELECT * FROM blacklist WHERE number = ? ORDER BY seq';
export const VERSION_BLACKLIST = 'SELECT COALESCE(MAX(seq), 0) AS max_seq, COUNT(*) AS n FROM blacklist';

/** "?" placeholders as PostgreSQL's $1, $2, … */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
