// Row ⇄ domain for signatures, templates and phrases, shared by the SQLite and PostgreSQL stores.
import type { MessageCategory } from '../core/message.ts';
import type { Phrase, ReviewStatus, Signature, Template } from './types.ts';

type Row = Record<string, unknown>;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const time = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** SMS_ + at least six digits of the template's sequence number. */
export function templateCode(seq: number): string {
  return `SMS_${String(seq).padStart(6, '0')}`;
}

/** The sequence number inside a code, or null when it is not one of ours. */
export function seqOfCode(code: string): number | null {
  const m = /^SMS_(\d{6,15})$/.exec(code);
  return m ? Number(m[1]) : null;
}

export function signatureFromRow(row: Row): Signature {
  return {
    id: String(row.id),
    accountId: String(row.account_id),
    name: String(row.name),
    status: String(row.status) as ReviewStatus,
    reason: text(row.reason),
    isDefault: Number(row.is_default) === 1,
    remark: text(row.remark),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    reviewedAt: time(row.reviewed_at),
  };
}

export function templateFromRow(row: Row): Template {
  return {
    code: String(row.code),
    accountId: String(row.account_id),
    name: String(row.name),
    category: String(row.category) as MessageCategory,
    body: String(row.body),
    status: String(row.status) as ReviewStatus,
    reason: text(row.reason),
    remark: text(row.remark),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    reviewedAt: time(row.reviewed_at),
  };
}

export function phraseFromRow(row: Row): Phrase {
  return {
    id: String(row.id),
    accountId: String(row.account_id),
    title: text(row.title),
    text: String(row.text),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
