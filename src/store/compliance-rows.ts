// Row ⇄ domain and the shared SQL for compliance policies and consent records (SQLite and PostgreSQL).
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { CompliancePolicy, ConsentRecord, ConsentStatus, IntakeRow, Page } from './types.ts';
import type { MessageCategory } from '../core/message.ts';

export function policyFromRow(row: Record<string, unknown>): { owner: string; policy: CompliancePolicy } {
  const data = JSON.parse(String(row.policy)) as Partial<CompliancePolicy>;
  return {
    owner: String(row.owner),
    policy: {
      frequencyRules: data.frequencyRules ?? null,
      whitelist: data.whitelist ?? [],
      sendingHours: data.sendingHours ?? null,
      requireMarketingConsent: data.requireMarketingConsent === true,
    },
  };
}

const nullableNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function consentFromRow(row: Record<string, unknown>): ConsentRecord {
  return {
    id: String(row.seq),
    accountId: String(row.account_id),
    number: String(row.number),
    status: String(row.status) as ConsentStatus,
    source: String(row.source),
    evidence: row.evidence === null || row.evidence === undefined ? null : String(row.evidence),
    at: Number(row.at),
    expiresAt: nullableNumber(row.expires_at),
    createdAt: Number(row.created_at),
  };
}

export function intakeFromRow(row: Record<string, unknown>): IntakeRow {
  return { id: String(row.id), accountId: String(row.account_id), recipient: String(row.recipient), category: String(row.category) as MessageCategory, createdAt: Number(row.created_at) };
}

/** One page of an account's consent records, newest first (keyset on (created_at, seq)); `ph(n)` renders a placeholder. */
export function consentPageQuery(filter: { accountId: string; number?: string; cursor?: string; limit: number }, ph: (n: number) => string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const add = (v: unknown) => (params.push(v), ph(params.length));
  const parts = [`account_id = ${add(filter.accountId)}`];
  if (filter.number !== undefined) parts.push(`number = ${add(filter.number)}`);
  if (filter.cursor !== undefined) {
    const key = decodeCursor(filter.cursor);
    const seq = Number(key.id);
    parts.push(`(created_at, seq) < (${add(key.at)}, ${add(Number.isSafeInteger(seq) ? seq : 0)})`);
  }
  return { sql: `SELECT * FROM consents WHERE ${parts.join(' AND ')} ORDER BY created_at DESC, seq DESC LIMIT ${add(filter.limit + 1)}`, params };
}

export function consentPage(rows: Record<string, unknown>[], limit: number): Page<ConsentRecord> {
  const items = rows.slice(0, limit).map(consentFromRow);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

export const UPSERT_POLICY = `INSERT INTO compliance_policies (owner, policy, revision, updated_at) VALUES (?, ?, 1, ?)
  ON CONFLICT (owner) DO UPDATE SET policy = excluded.policy, revision = compliance_policies.revision + 1, updated_at = excluded.updated_at`;
export const GET_POLICY = 'SELECT * FROM compliance_policies WHERE owner = ?';
export const ALL_POLICIES = 'SELECT * FROM compliance_policies ORDER BY owner';
export const VERSION_POLICIES = 'SELECT COUNT(*) AS n, COALESCE(SUM(revision), 0) AS revisions FROM compliance_policies';
export const INSERT_CONSENT = 'INSERT INTO consents (account_id, number, status, source, evidence, at, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
export const CURRENT_CONSENT = 'SELECT * FROM consents WHERE account_id = ? AND number = ? ORDER BY at DESC, seq DESC LIMIT 1';
export const CONSENT_HISTORY = 'SELECT * FROM consents WHERE account_id = ? AND number = ? ORDER BY at DESC, seq DESC';
/** Uses messages_created (created_at, id): startup reads one day of intake in keyset pages. */
export const RECENT_INTAKE = `SELECT id, account_id, recipient, category, created_at FROM messages
  WHERE created_at >= ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`;
