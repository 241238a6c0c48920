// Telling a store that is unavailable (retry later, nothing was written) from a row it refused.

/** Connection loss or overload of PostgreSQL (SQLSTATE classes 08, 53, 57P) or a busy/failing SQLite file. */
export function isStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^(08|53|57P)/.test(code) || /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN))/.test(code);
}

/**
 * The store refused a value or a row, not the connection: a constraint (SQLite SQLITE_CONSTRAINT_*,
 * PostgreSQL class 23), a value it cannot hold (SQLite SQLITE_MISMATCH / TOOBIG / RANGE, PostgreSQL
 * class 22), or one better-sqlite3 cannot bind (TypeError, RangeError).
 */
export function isRowRefused(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)|2[23][0-9A-Z]{3}$)/.test(code);
}
