// What the address-book routes share: the JSON views of contacts and groups, the account check, schemas.
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.ts';
import type { Contact, ContactGroup, ContactImport, Store } from '../../store/types.ts';
import { requireAccount, type Principal } from '../principal.ts';
import { iso } from '../time.ts';

export const AccountId = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));
export const Paging = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) };
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const Fields = Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ maxLength: 1000 }), { maxProperties: 50 });
export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 32, pattern: '^[^,;|]+$' }), { maxItems: 50 });
export const Ids = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 1000 });

export function contactView(c: Contact) {
  return { id: c.id, number: c.number, name: c.name, fields: c.fields, tags: c.tags, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt) };
}

export function groupView(g: ContactGroup, members: number | null) {
  return { id: g.id, name: g.name, kind: g.kind, filter: g.filter === null ? null : (JSON.parse(g.filter) as unknown), members, createdAt: iso(g.createdAt), updatedAt: iso(g.updatedAt) };
}

/** 0–100: bytes read while parsing (the row count is not known before the end), then rows committed. */
export function importProgress(j: ContactImport): number {
  if (j.status === 'done') return 100;
  if (j.phase === 'committing') return 95;
  return j.bytes > 0 ? Math.min(90, Math.floor((j.bytesRead / j.bytes) * 90)) : 0;
}

export function importView(j: ContactImport) {
  return {
    id: j.id, status: j.status, phase: j.phase, progress: importProgress(j), format: j.format, mode: j.mode, groupId: j.groupId, fileName: j.fileName,
    bytes: j.bytes, total: j.total, done: j.done, inserted: j.inserted, updated: j.updated, skipped: j.skipped, errors: j.errors,
    columns: j.columns === null ? null : (JSON.parse(j.columns) as unknown), message: j.message, createdAt: iso(j.createdAt), finishedAt: iso(j.finishedAt),
  };
}

/** The account a request acts for, which must exist: an account key only ever gets its own. */
export async function ownAccount(store: Store, principal: Principal, requested: string | undefined): Promise<string> {
  const accountId = requireAccount(principal, requested);
  if (!(await store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
  return accountId;
}

/** Either side of "no such contact/group": the same 404 whether it is missing or another account's. */
export function notFound(what: 'contact' | 'contact group' | 'import', id: string): AppError {
  return new AppError('not_found', `no ${what} ${id}`, 'id');
}
