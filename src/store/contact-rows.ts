// Row ⇄ domain and the SQL both stores share for the address book (contacts, groups, import jobs).
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Contact, ContactGroup, ContactImport, ContactListFilter, ImportRowError, Page } from './types.ts';

type Row = Record<string, unknown>;

const nullable = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function contactFromRow(row: Row): Contact {
  return {
    id: String(row.id),
    accountId: String(row.account_id),
    number: String(row.number),
    name: String(row.name),
    fields: JSON.parse(String(row.fields)) as Record<string, string>,
    tags: JSON.parse(String(row.tags)) as string[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function groupFromRow(row: Row): ContactGroup {
  return {
    id: String(row.id),
    accountId: String(row.account_id),
    name: String(row.name),
    kind: String(row.kind) as ContactGroup['kind'],
    filter: nullable(row.filter),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function importFromRow(row: Row): ContactImport {
  const n = (k: string) => Number(row[k]);
  return {
    id: String(row.id),
    accountId: String(row.account_id),
    status: String(row.status) as ContactImport['status'],
    phase: String(row.phase) as ContactImport['phase'],
    format: String(row.format) as ContactImport['format'],
    mode: String(row.mode) as ContactImport['mode'],
    groupId: nullable(row.group_id),
    fileName: nullable(row.file_name),
    bytes: n('bytes'), bytesRead: n('bytes_read'), total: n('total'), done: n('done'),
    inserted: n('inserted'), updated: n('updated'), skipped: n('skipped'), errors: n('errors'),
    columns: nullable(row.columns),
    message: nullable(row.message),
    createdAt: n('created_at'),
    finishedAt: row.finished_at === null || row.finished_at === undefined ? null : n('finished_at'),
  };
}

export function importErrorFromRow(row: Row): ImportRowError {
  return { rowNo: Number(row.row_no), number: String(row.number), reason: String(row.reason) as ImportRowError['reason'] };
}

/** The exclusive upper bound of a byte-prefix range: every string starting with `prefix` sorts below it. */
export function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

/** Ids are BIGINT; anything else (a foreign or made-up id) matches no row instead of failing the query. */
export function idParam(id: string): number {
  const n = Number(id);
  return Number.isSafeInteger(n) && n > 0 ? n : -1;
}

/**
 * One page of contacts, newest first (keyset on id). A group lists through its member index, so paging
 * a 1,000,000-member group stays an index range. `contains(col, n)` renders the dialect's substring test.
 */
export function contactPageQuery(f: ContactListFilter, ph: (n: number) => string, contains: (column: string, param: string) => string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const add = (v: unknown) => (params.push(v), ph(params.length));
  // '?' placeholders are positional: conditions are added in the order they appear in the SQL.
  const parts = f.groupId === undefined ? [] : [`m.group_id = ${add(idParam(f.groupId))}`];
  parts.push(`c.account_id = ${add(f.accountId)}`);
  const search: string[] = [];
  if (f.namePrefix) search.push(`(c.name >= ${add(f.namePrefix)} AND c.name < ${add(prefixEnd(f.namePrefix))})`);
  for (const p of f.numberPrefixes ?? []) search.push(`(c.number >= ${add(p)} AND c.number < ${add(prefixEnd(p))})`);
  if (search.length > 0) parts.push(`(${search.join(' OR ')})`);
  if (f.tag !== undefined) parts.push(contains('c.tags', add(JSON.stringify(f.tag))));
  if (f.cursor !== undefined) parts.push(`c.id < ${add(idParam(decodeCursor(f.cursor).id))}`);
  const from = f.groupId === undefined ? 'contacts c' : 'contact_group_members m JOIN contacts c ON c.id = m.contact_id';
  const order = f.groupId === undefined ? 'c.id DESC' : 'm.contact_id DESC';
  return { sql: `SELECT c.* FROM ${from} WHERE ${parts.join(' AND ')} ORDER BY ${order} LIMIT ${add(f.limit + 1)}`, params };
}

export function contactPage(rows: Row[], limit: number): Page<Contact> {
  const items = rows.slice(0, limit).map(contactFromRow);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: 0, id: last.id }) : null };
}

export const SCAN_CONTACTS = 'SELECT * FROM contacts WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?';
export const SCAN_GROUP = `SELECT c.* FROM contact_group_members m JOIN contacts c ON c.id = m.contact_id
  WHERE m.group_id = ? AND c.account_id = ? AND m.contact_id > ? ORDER BY m.contact_id LIMIT ?`;
export const COUNT_CONTACTS = 'SELECT COUNT(*) AS n FROM contacts WHERE account_id = ?';
export const COUNT_GROUP = `SELECT COUNT(*) AS n FROM contact_group_members m JOIN contacts c ON c.id = m.contact_id WHERE m.group_id = ? AND c.account_id = ?`;
export const INSERT_CONTACT = `INSERT INTO contacts (account_id, number, name, fields, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (account_id, number) DO NOTHING RETURNING *`;
export const GET_CONTACT = 'SELECT * FROM contacts WHERE account_id = ? AND id = ?';
export const GET_CONTACT_BY_NUMBER = 'SELECT * FROM contacts WHERE account_id = ? AND number = ?';
export const UPDATE_CONTACT = 'UPDATE contacts SET number = ?, name = ?, fields = ?, tags = ?, updated_at = ? WHERE account_id = ? AND id = ? RETURNING *';
export const DELETE_MEMBERSHIPS = 'DELETE FROM contact_group_members WHERE contact_id IN (SELECT id FROM contacts WHERE account_id = ? AND id = ?)';
export const DELETE_CONTACT = 'DELETE FROM contacts WHERE account_id = ? AND id = ?';

export const INSERT_GROUP = `INSERT INTO contact_groups (account_id, name, kind, filter, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (account_id, name) DO NOTHING RETURNING *`;
export const GET_GROUP = 'SELECT * FROM contact_groups WHERE account_id = ? AND id = ?';
export const GET_GROUP_BY_NAME = 'SELECT * FROM contact_groups WHERE account_id = ? AND name = ?';
export const LIST_GROUPS = 'SELECT * FROM contact_groups WHERE account_id = ? ORDER BY id';
export const UPDATE_GROUP = 'UPDATE contact_groups SET name = ?, filter = ?, updated_at = ? WHERE account_id = ? AND id = ? RETURNING *';
export const DELETE_GROUP_MEMBERS = 'DELETE FROM contact_group_members WHERE group_id IN (SELECT id FROM contact_groups WHERE account_id = ? AND id = ?)';
export const DELETE_GROUP = 'DELETE FROM contact_groups WHERE account_id = ? AND id = ?';
/** Only the account's own contacts join, and only when the group is the account's too. */
export const ADD_MEMBER = `INSERT INTO contact_group_members (group_id, contact_id)
  SELECT g.id, c.id FROM contact_groups g JOIN contacts c ON c.account_id = g.account_id
  WHERE g.account_id = ? AND g.id = ? AND g.kind = 'static' AND c.id = ?
  ON CONFLICT (group_id, contact_id) DO NOTHING`;
export const REMOVE_MEMBER = `DELETE FROM contact_group_members WHERE group_id IN (SELECT id FROM contact_groups WHERE account_id = ? AND id = ?) AND contact_id = ?`;

export const INSERT_IMPORT = `INSERT INTO contact_imports (id, account_id, status, phase, format, mode, group_id, file_name, bytes, bytes_read, total, done,
  inserted, updated, skipped, errors, columns, message, created_at, finished_at, lease_until) VALUES (${Array(21).fill('?').join(', ')})`;
export const LAPSED_IMPORTS = `SELECT id FROM contact_imports WHERE status = 'running' AND (lease_until IS NULL OR lease_until < ?)`;
/** Conditional on the lease still being lapsed: a job whose process renewed or committed meanwhile stays. */
export const FAIL_LAPSED_IMPORT = `UPDATE contact_imports SET status = 'failed', phase = 'finished', message = ?, finished_at = ?
  WHERE id = ? AND status = 'running' AND (lease_until IS NULL OR lease_until < ?)`;
export const GET_IMPORT = 'SELECT * FROM contact_imports WHERE account_id = ? AND id = ?';
export const GET_IMPORT_BY_ID = 'SELECT * FROM contact_imports WHERE id = ?';
export const LIST_IMPORTS = 'SELECT * FROM contact_imports WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ?';
export const IMPORT_ERRORS = 'SELECT * FROM contact_import_errors WHERE job_id = ? AND row_no > ? ORDER BY row_no LIMIT ?';
export const DROP_STAGED = 'DELETE FROM contact_import_rows WHERE job_id = ?';
/** Staged numbers the account already has: reported per row when the mode skips them. */
export const REPORT_EXISTING = `INSERT INTO contact_import_errors (job_id, row_no, number, reason)
  SELECT s.job_id, s.row_no, s.number, 'exists' FROM contact_import_rows s JOIN contacts c ON c.account_id = ? AND c.number = s.number
  WHERE s.job_id = ?`;
export const COUNT_EXISTING = `SELECT COUNT(*) AS n FROM contact_import_rows s JOIN contacts c ON c.account_id = ? AND c.number = s.number WHERE s.job_id = ?`;
export const COUNT_STAGED = 'SELECT COUNT(*) AS n FROM contact_import_rows WHERE job_id = ?';
export const JOIN_IMPORT_GROUP = `INSERT INTO contact_group_members (group_id, contact_id)
  SELECT ?, c.id FROM contact_import_rows s JOIN contacts c ON c.account_id = ? AND c.number = s.number WHERE s.job_id = ?
  ON CONFLICT (group_id, contact_id) DO NOTHING`;

/** INSERT … SELECT of the staged rows; `merge` renders the update of an existing contact (null: skip it). */
export function insertStagedSql(merge: string | null): string {
  return `INSERT INTO contacts (account_id, number, name, fields, tags, created_at, updated_at)
    SELECT ?, number, name, fields, tags, ?, ? FROM contact_import_rows WHERE job_id = ?
    ON CONFLICT (account_id, number) DO ${merge === null ? 'NOTHING' : `UPDATE SET ${merge}`}`;
}

/** The columns of an import job update, by field. */
export const IMPORT_COLUMNS = {
  status: 'status', phase: 'phase', bytes: 'bytes', bytesRead: 'bytes_read', total: 'total', done: 'done', errors: 'errors',
  columns: 'columns', message: 'message', finishedAt: 'finished_at', inserted: 'inserted', updated: 'updated', skipped: 'skipped',
} as const;

export function importParams(j: ContactImport, leaseUntil: number): unknown[] {
  return [j.id, j.accountId, j.status, j.phase, j.format, j.mode, j.groupId === null ? null : idParam(j.groupId), j.fileName, j.bytes, j.bytesRead, j.total, j.done,
    j.inserted, j.updated, j.skipped, j.errors, j.columns, j.message, j.createdAt, j.finishedAt, leaseUntil];
}

/** `SET a = ?, b = ?` and its values for the fields present in `change`. */
export function importSet(change: Record<string, unknown>): { set: string; values: unknown[] } {
  const keys = Object.keys(change).filter((k) => k in IMPORT_COLUMNS && change[k] !== undefined) as Array<keyof typeof IMPORT_COLUMNS>;
  return { set: keys.map((k) => `${IMPORT_COLUMNS[k]} = ?`).join(', '), values: keys.map((k) => change[k]) };
}
