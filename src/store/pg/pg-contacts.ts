// The address book on PostgreSQL: the shared statements with numbered placeholders; rows staged with
// UNNEST in one statement per chunk, and an import committed by one transaction of INSERT … SELECT.
import type pg from 'pg';
import * as q from '../contact-rows.ts';
import { numbered } from '../blacklist-rows.ts';
import type { ContactImport, ContactRepository } from '../types.ts';
import { matchesNothing } from './pg-text.ts';
import { inTransaction, type Queryable } from './pg-transaction.ts';

type Row = Record<string, unknown>;

const MERGE = `name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END,
  fields = (contacts.fields::jsonb || excluded.fields::jsonb)::text,
  tags = CASE WHEN excluded.tags <> '[]' THEN excluded.tags ELSE contacts.tags END, updated_at = excluded.updated_at`;
const STAGE = `INSERT INTO contact_import_rows (job_id, row_no, number, name, fields, tags)
  SELECT $1, * FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])`;
const ADD_ERRORS = `INSERT INTO contact_import_errors (job_id, row_no, number, reason)
  SELECT $1, * FROM UNNEST($2::bigint[], $3::text[], $4::text[]) ON CONFLICT (job_id, row_no) DO NOTHING`;
const UNIQUE_VIOLATION = '23505';

export function pgContacts(pool: pg.Pool): ContactRepository {
  const rows = async (db: Queryable, sql: string, params: unknown[]): Promise<Row[]> => (await db.query(numbered(sql), params)).rows as Row[];
  const first = async (sql: string, params: unknown[]) => (await rows(pool, sql, params))[0];
  const run = async (db: Queryable, sql: string, params: unknown[]) => (await db.query(numbered(sql), params)).rowCount ?? 0;
  const contact = (row: Row | undefined) => (row ? q.contactFromRow(row) : null);
  const group = (row: Row | undefined) => (row ? q.groupFromRow(row) : null);
  // Text with U+0000 is an error in PostgreSQL, and can never equal a stored key anyway.
  const clean = (...values: unknown[]) => !matchesNothing(...values);
  const updateImport = async (db: Queryable, id: string, change: Partial<ContactImport>) => {
    const { set, values } = q.importSet(change);
    if (set !== '') await run(db, `UPDATE contact_imports SET ${set} WHERE id = ?`, [...values, id]);
  };
  const count = async (db: Queryable, sql: string, params: unknown[]) => Number((await rows(db, sql, params))[0]!.n);

  return {
    insert: async (c, at) => contact(await first(q.INSERT_CONTACT, [c.accountId, c.number, c.name, JSON.stringify(c.fields), JSON.stringify(c.tags), at, at])),
    get: async (accountId, id) => (clean(accountId) ? contact(await first(q.GET_CONTACT, [accountId, q.idParam(id)])) : null),
    getByNumber: async (accountId, number) => (clean(accountId, number) ? contact(await first(q.GET_CONTACT_BY_NUMBER, [accountId, number])) : null),
    getMany: async (accountId, ids) => {
      if (!clean(accountId) || ids.length === 0) return [];
      const { rows: found } = await pool.query('SELECT * FROM contacts WHERE account_id = $1 AND id = ANY($2::bigint[]) ORDER BY id', [accountId, ids.map(q.idParam)]);
      return (found as Row[]).map(q.contactFromRow);
    },
    update: async (accountId, id, change, at) => {
      try {
        return contact(await first(q.UPDATE_CONTACT, [change.number, change.name, JSON.stringify(change.fields), JSON.stringify(change.tags), at, accountId, q.idParam(id)]));
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'conflict';
        throw error;
      }
    },
    delete: async (accountId, ids) =>
      inTransaction(pool, async (c) => {
        let removed = 0;
        for (const id of ids) {
          await run(c, q.DELETE_MEMBERSHIPS, [accountId, q.idParam(id)]);
          removed += await run(c, q.DELETE_CONTACT, [accountId, q.idParam(id)]);
        }
        return removed;
      }),
    list: async (filter) => {
      if (!clean(filter.accountId, filter.namePrefix, filter.tag, ...(filter.numberPrefixes ?? []))) return { items: [], nextCursor: null };
      const query = q.contactPageQuery(filter, (i) => `$${i}`, (column, param) => `strpos(${column}, ${param}) > 0`);
      return q.contactPage((await pool.query(query.sql, query.params)).rows as Row[], filter.limit);
    },
    scan: async (accountId, afterId, limit, groupId) => {
      const found = groupId === undefined
        ? await rows(pool, q.SCAN_CONTACTS, [accountId, Number(afterId), limit])
        : await rows(pool, q.SCAN_GROUP, [q.idParam(groupId), accountId, Number(afterId), limit]);
      return found.map(q.contactFromRow);
    },
    count: async (accountId, groupId) => (groupId === undefined ? count(pool, q.COUNT_CONTACTS, [accountId]) : count(pool, q.COUNT_GROUP, [q.idParam(groupId), accountId])),

    createGroup: async (g, at) => group(await first(q.INSERT_GROUP, [g.accountId, g.name, g.kind, g.filter, at, at])),
    getGroup: async (accountId, id) => (clean(accountId) ? group(await first(q.GET_GROUP, [accountId, q.idParam(id)])) : null),
    listGroups: async (accountId) => (clean(accountId) ? (await rows(pool, q.LIST_GROUPS, [accountId])).map(q.groupFromRow) : []),
    updateGroup: async (accountId, id, change, at) => {
      try {
        return group(await first(q.UPDATE_GROUP, [change.name, change.filter, at, accountId, q.idParam(id)]));
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'conflict';
        throw error;
      }
    },
    deleteGroup: async (accountId, id) =>
      inTransaction(pool, async (c) => {
        await run(c, q.DELETE_GROUP_MEMBERS, [accountId, q.idParam(id)]);
        return (await run(c, q.DELETE_GROUP, [accountId, q.idParam(id)])) > 0;
      }),
    addMembers: async (accountId, groupId, ids) =>
      run(pool, `INSERT INTO contact_group_members (group_id, contact_id)
        SELECT g.id, c.id FROM contact_groups g JOIN contacts c ON c.account_id = g.account_id
        WHERE g.account_id = ? AND g.id = ? AND g.kind = 'static' AND c.id = ANY(?::bigint[])
        ON CONFLICT (group_id, contact_id) DO NOTHING`, [accountId, q.idParam(groupId), ids.map(q.idParam)]),
    removeMembers: async (accountId, groupId, ids) =>
      run(pool, `DELETE FROM contact_group_members WHERE group_id IN (SELECT id FROM contact_groups WHERE account_id = ? AND id = ?)
        AND contact_id = ANY(?::bigint[])`, [accountId, q.idParam(groupId), ids.map(q.idParam)]),

    createImport: async (job, leaseUntil) => void (await run(pool, q.INSERT_IMPORT, q.importParams(job, leaseUntil))),
    renewImports: async (ids, leaseUntil) => {
      if (ids.length > 0) await pool.query(`UPDATE contact_imports SET lease_until = $1 WHERE id = ANY($2::text[]) AND status = 'running'`, [leaseUntil, ids]);
    },
    failLapsedImports: async (now, message) => {
      const failed: string[] = [];
      for (const { id } of await rows(pool, q.LAPSED_IMPORTS, [now])) {
        // One job at a time: a job committing holds its row (FOR UPDATE) and is seen done once it has.
        const done = await inTransaction(pool, async (c) => {
          if ((await run(c, q.FAIL_LAPSED_IMPORT, [message, now, id, now])) === 0) return false;
          await run(c, q.DROP_STAGED, [id]);
          return true;
        });
        if (done) failed.push(String(id));
      }
      return failed;
    },
    getImport: async (accountId, id) => {
      if (!clean(accountId, id)) return null;
      const row = await first(q.GET_IMPORT, [accountId, id]);
      return row ? q.importFromRow(row) : null;
    },
    listImports: async (accountId, limit) => (clean(accountId) ? (await rows(pool, q.LIST_IMPORTS, [accountId, limit])).map(q.importFromRow) : []),
    updateImport: async (id, change) => updateImport(pool, id, change),
    stageRows: async (jobId, staged) => {
      if (staged.length === 0) return;
      await pool.query(STAGE, [jobId, staged.map((r) => r.rowNo), staged.map((r) => r.number), staged.map((r) => r.name),
        staged.map((r) => JSON.stringify(r.fields)), staged.map((r) => JSON.stringify(r.tags))]);
    },
    addImportErrors: async (jobId, errors) => {
      if (errors.length === 0) return;
      await pool.query(ADD_ERRORS, [jobId, errors.map((e) => e.rowNo), errors.map((e) => e.number), errors.map((e) => e.reason)]);
    },
    importErrors: async (jobId, afterRow, limit) => (await rows(pool, q.IMPORT_ERRORS, [jobId, afterRow, limit])).map(q.importErrorFromRow),
    commitImport: async (jobId, at) =>
      inTransaction(pool, async (c) => {
        const job = q.importFromRow((await rows(c, `${q.GET_IMPORT_BY_ID} FOR UPDATE`, [jobId]))[0]!);
        if (job.status !== 'running') throw new Error(`import ${jobId} is ${job.status}, not running`);
        const staged = await count(c, q.COUNT_STAGED, [jobId]);
        const existing = await count(c, q.COUNT_EXISTING, [job.accountId, jobId]);
        const skip = job.mode === 'skip';
        if (skip) await run(c, q.REPORT_EXISTING, [job.accountId, jobId]);
        await run(c, q.insertStagedSql(skip ? null : MERGE), [job.accountId, at, at, jobId]);
        if (job.groupId !== null) await run(c, q.JOIN_IMPORT_GROUP, [q.idParam(job.groupId), job.accountId, jobId]);
        await run(c, q.DROP_STAGED, [jobId]);
        const done = {
          status: 'done', phase: 'finished', done: staged, inserted: staged - existing, updated: skip ? 0 : existing, skipped: skip ? existing : 0,
          errors: job.errors + (skip ? existing : 0), finishedAt: at,
        } as const;
        await updateImport(c, jobId, done);
        return { ...job, ...done };
      }),
    abandonImport: async (jobId, status, message, at) =>
      inTransaction(pool, async (c) => {
        await run(c, q.DROP_STAGED, [jobId]);
        await updateImport(c, jobId, { status, phase: 'finished', message, finishedAt: at });
      }),
  };
}
