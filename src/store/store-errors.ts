// Telling a store that is unavailable (retry later, nothing was written) from a write it refused.

/** Connection loss or overload of PostgreSQL (SQLSTATE classes 08, 53, 57P) or a busy/failing SQLite file. */
export function isStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^(08|53|57P)/.test(code) || /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN))/.test(code);
}
