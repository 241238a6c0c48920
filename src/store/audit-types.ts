// Store types of the audit log: who did what, and how it is listed.
import type { Page } from './types.ts';

/** One thing someone did, as the audit log keeps it. */
export interface AuditEntry {
  id: string;
  at: number;
  /** A username, "key:<credential id>", or "anonymous" for a failed login of an unknown name. */
  actor: string;
  /** The account acted on; null = the platform. */
  accountId: string | null;
  /** "auth.login", "user.create", or for generic entries "<METHOD> <route>". */
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export interface AuditFilter {
  /** undefined = every account (admins). */
  accountId?: string;
  action?: string;
  actor?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit: number;
}

export interface AuditRepository {
  /** Stores entries in one transaction (the API batches them). */
  append(entries: AuditEntry[]): Promise<void>;
  /** Newest first, keyset pages on (at, id). */
  list(filter: AuditFilter): Promise<Page<AuditEntry>>;
  /** Deletes up to `limit` entries older than `before` (oldest first); resolves with how many. */
  purgeBefore(before: number, limit: number): Promise<number>;
}
