// The signature / template / phrase repository over any SQL executor with "?" placeholders: the
// SQLite and PostgreSQL stores differ only in how they run a statement (sqlite-/pg-templates.ts).
import { decodeCursor, encodeCursor } from './cursor.ts';
import { phraseFromRow, seqOfCode, signatureFromRow, templateCode, templateFromRow } from './template-rows.ts';
import type { Page, Phrase, ReviewListFilter, Signature, Template, TemplateRepository } from './types.ts';

type Row = Record<string, unknown>;

export interface SqlExec {
  all(sql: string, params: unknown[]): Promise<Row[]>;
  /** Runs a change; resolves with the number of rows it touched. */
  run(sql: string, params: unknown[]): Promise<number>;
}

/** A keyset page, newest first, over (created_at, key); `where` holds the filter's own conditions. */
async function page<T>(
  exec: SqlExec,
  table: string,
  key: 'id' | 'seq',
  where: Array<[string, unknown]>,
  filter: { cursor?: string; limit: number },
  map: (row: Row) => T,
  keyOf: (item: T, row: Row) => { at: number; id: string },
): Promise<Page<T>> {
  const parts = where.map(([sql]) => sql);
  const params = where.map(([, v]) => v);
  if (filter.cursor !== undefined) {
    const c = decodeCursor(filter.cursor);
    parts.push(`(created_at, ${key}) < (?, ?)`);
    params.push(c.at, key === 'seq' ? Number(c.id) || 0 : c.id);
  }
  const sql = `SELECT * FROM ${table}${parts.length ? ` WHERE ${parts.join(' AND ')}` : ''} ORDER BY created_at DESC, ${key} DESC LIMIT ?`;
  const rows = await exec.all(sql, [...params, filter.limit + 1]);
  const items = rows.slice(0, filter.limit).map(map);
  const last = rows[Math.min(rows.length, filter.limit) - 1];
  const more = rows.length > filter.limit && last;
  return { items, nextCursor: more ? encodeCursor(keyOf(map(last), last)) : null };
}

function reviewWhere(filter: ReviewListFilter): Array<[string, unknown]> {
  const where: Array<[string, unknown]> = [];
  if (filter.accountId !== undefined) where.push(['account_id = ?', filter.accountId]);
  if (filter.status !== undefined) where.push(['status = ?', filter.status]);
  return where;
}

export function templateRepository(exec: SqlExec): TemplateRepository {
  const one = async <T>(sql: string, params: unknown[], map: (r: Row) => T): Promise<T | null> => {
    const rows = await exec.all(sql, params);
    return rows[0] ? map(rows[0]) : null;
  };
  return {
    async addSignature(s) {
      await exec.run(
        'INSERT INTO signatures (id, account_id, name, status, reason, is_default, remark, created_at, updated_at, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [s.id, s.accountId, s.name, s.status, s.reason, s.isDefault ? 1 : 0, s.remark, s.createdAt, s.updatedAt, s.reviewedAt],
      );
      return s;
    },
    getSignature: (id) => one('SELECT * FROM signatures WHERE id = ?', [id], signatureFromRow),
    listSignatures: (filter) => page(exec, 'signatures', 'id', reviewWhere(filter), filter, signatureFromRow, (s) => ({ at: s.createdAt, id: s.id })),
    async saveSignature(s) {
      const n = await exec.run('UPDATE signatures SET name = ?, status = ?, reason = ?, is_default = ?, remark = ?, updated_at = ?, reviewed_at = ? WHERE id = ?', [
        s.name, s.status, s.reason, s.isDefault ? 1 : 0, s.remark, s.updatedAt, s.reviewedAt, s.id,
      ]);
      return n > 0;
    },
    removeSignature: async (id) => (await exec.run('DELETE FROM signatures WHERE id = ?', [id])) > 0,
    async setDefaultSignature(accountId, id) {
      await exec.run('UPDATE signatures SET is_default = CASE WHEN id = ? THEN 1 ELSE 0 END WHERE account_id = ?', [id ?? '', accountId]);
    },
    async addTemplate(t) {
      // The code derives from the row's own sequence number, so two nodes never hand out the same one.
      const provisional = `new:${t.accountId}:${t.createdAt}:${Math.random().toString(36).slice(2)}`;
      const [row] = await exec.all(
        'INSERT INTO templates (code, account_id, name, category, body, status, reason, remark, created_at, updated_at, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq',
        [provisional, t.accountId, t.name, t.category, t.body, t.status, t.reason, t.remark, t.createdAt, t.updatedAt, t.reviewedAt],
      );
      const code = templateCode(Number(row.seq));
      await exec.run('UPDATE templates SET code = ? WHERE seq = ?', [code, Number(row.seq)]);
      return { ...t, code };
    },
    getTemplate: (code) => (seqOfCode(code) === null ? Promise.resolve(null) : one('SELECT * FROM templates WHERE code = ?', [code], templateFromRow)),
    listTemplates(filter) {
      const where = reviewWhere(filter);
      if (filter.category !== undefined) where.push(['category = ?', filter.category]);
      return page(exec, 'templates', 'seq', where, filter, templateFromRow, (t, row) => ({ at: t.createdAt, id: String(row.seq) }));
    },
    async saveTemplate(t: Template) {
      const n = await exec.run('UPDATE templates SET name = ?, category = ?, body = ?, status = ?, reason = ?, remark = ?, updated_at = ?, reviewed_at = ? WHERE code = ?', [
        t.name, t.category, t.body, t.status, t.reason, t.remark, t.updatedAt, t.reviewedAt, t.code,
      ]);
      return n > 0;
    },
    removeTemplate: async (code) => (await exec.run('DELETE FROM templates WHERE code = ?', [code])) > 0,
    async addPhrase(p: Phrase) {
      await exec.run('INSERT INTO phrases (id, account_id, title, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [p.id, p.accountId, p.title, p.text, p.createdAt, p.updatedAt]);
      return p;
    },
    getPhrase: (id) => one('SELECT * FROM phrases WHERE id = ?', [id], phraseFromRow),
    listPhrases: (filter) => page(exec, 'phrases', 'id', [['account_id = ?', filter.accountId]], filter, phraseFromRow, (p) => ({ at: p.createdAt, id: p.id })),
    savePhrase: async (p) => (await exec.run('UPDATE phrases SET title = ?, text = ?, updated_at = ? WHERE id = ?', [p.title, p.text, p.updatedAt, p.id])) > 0,
    removePhrase: async (id) => (await exec.run('DELETE FROM phrases WHERE id = ?', [id])) > 0,
    async approved(accountId) {
      const [signatures, templates] = await Promise.all([
        exec.all("SELECT * FROM signatures WHERE account_id = ? AND status = 'approved' ORDER BY created_at, id", [accountId]),
        exec.all("SELECT * FROM templates WHERE account_id = ? AND status = 'approved' ORDER BY seq", [accountId]),
      ]);
      return { signatures: signatures.map(signatureFromRow), templates: templates.map(templateFromRow) };
    },
  };
}
