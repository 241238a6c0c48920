// The address book on SQLite: contacts, groups and import jobs; an import commits in one synchronous transaction.
import type Database from 'better-sqlite3';
import * as q from '../contact-rows.ts';
import type { ContactImport, ContactRepository, ImportRowError, StagedContact } from '../types.ts';

type Row = Record<string, unknown>;

/** A job's staged rows out of its chunks (migration 15), as columns; `@job` names the job. */
const STAGED = `(SELECT j.value ->> 0 AS row_no, j.value ->> 1 AS number, j.value ->> 2 AS name, j.value -> 3 AS fields, j.value -> 4 AS tags
  FROM contact_import_chunks k, json_each(k.rows) j WHERE k.job_id = @job)`;
/** CROSS JOIN keeps the staged rows the outer loop (each looked up on contacts_number), never the other way round. */
const EXISTING = `${STAGED} s CROSS JOIN contacts c WHERE c.account_id = @account AND c.number = s.number`;
/** `WHERE true`: an upsert's SELECT needs a WHERE for SQLite to tell its ON CONFLICT from a join's ON. */
const insertStaged = (merge: string | null) => `INSERT INTO contacts (account_id, number, name, fields, tags, created_at, updated_at)
  SELECT @account, number, name, fields, tags, @at, @at FROM ${STAGED} WHERE true
  ON CONFLICT (account_id, number) DO ${merge === null ? 'NOTHING' : `UPDATE SET ${merge}`}`;

const MERGE = `name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END,
  fields = json_patch(contacts.fields, excluded.fields),
  tags = CASE WHEN excluded.tags <> '[]' THEN excluded.tags ELSE contacts.tags END, updated_at = excluded.updated_at`;

export function sqliteContacts(db: Database.Database): ContactRepository {
  const p = (sql: string) => db.prepare(sql);
  const s = {
    insert: p(q.INSERT_CONTACT), get: p(q.GET_CONTACT), byNumber: p(q.GET_CONTACT_BY_NUMBER), update: p(q.UPDATE_CONTACT),
    deleteMemberships: p(q.DELETE_MEMBERSHIPS), delete: p(q.DELETE_CONTACT),
    scan: p(q.SCAN_CONTACTS), scanGroup: p(q.SCAN_GROUP), count: p(q.COUNT_CONTACTS), countGroup: p(q.COUNT_GROUP),
    insertGroup: p(q.INSERT_GROUP), getGroup: p(q.GET_GROUP), groupByName: p(q.GET_GROUP_BY_NAME), listGroups: p(q.LIST_GROUPS),
    updateGroup: p(q.UPDATE_GROUP), deleteGroupMembers: p(q.DELETE_GROUP_MEMBERS), deleteGroup: p(q.DELETE_GROUP),
    addMember: p(q.ADD_MEMBER), removeMember: p(q.REMOVE_MEMBER),
    insertImport: p(q.INSERT_IMPORT), getImport: p(q.GET_IMPORT), importById: p(q.GET_IMPORT_BY_ID), listImports: p(q.LIST_IMPORTS),
    stage: p('INSERT INTO contact_import_chunks (job_id, chunk_no, rows) VALUES (?, ?, ?)'),
    addError: p('INSERT INTO contact_import_errors (job_id, row_no, number, reason) VALUES (?, ?, ?, ?) ON CONFLICT (job_id, row_no) DO NOTHING'),
    errors: p(q.IMPORT_ERRORS), dropChunks: p('DELETE FROM contact_import_chunks WHERE job_id = ?'), dropStagedRows: p(q.DROP_STAGED),
    reportExisting: p(`INSERT INTO contact_import_errors (job_id, row_no, number, reason) SELECT @job, s.row_no, s.number, 'exists' FROM ${EXISTING}`),
    countExisting: p(`SELECT COUNT(*) AS n FROM ${EXISTING}`),
    countStaged: p('SELECT COALESCE(SUM(json_array_length(rows)), 0) AS n FROM contact_import_chunks WHERE job_id = ?'),
    joinGroup: p(`INSERT INTO contact_group_members (group_id, contact_id) SELECT @group, c.id FROM ${EXISTING} ON CONFLICT (group_id, contact_id) DO NOTHING`),
    lapsedImports: p(q.LAPSED_IMPORTS), failLapsed: p(q.FAIL_LAPSED_IMPORT),
    renewImport: p(`UPDATE contact_imports SET lease_until = ? WHERE id = ? AND status = 'running'`),
    insertStaged: p(insertStaged(null)), mergeStaged: p(insertStaged(MERGE)),
  };
  const contact = (row: unknown) => (row ? q.contactFromRow(row as Row) : null);
  const group = (row: unknown) => (row ? q.groupFromRow(row as Row) : null);
  const n = (row: unknown) => Number((row as Row).n);
  const updateImport = (id: string, change: Partial<ContactImport>) => {
    const { set, values } = q.importSet(change);
    if (set !== '') db.prepare(`UPDATE contact_imports SET ${set} WHERE id = ?`).run(...values, id);
  };
  const many = <T>(fn: (items: T[]) => number) => db.transaction(fn);
  const deleteContacts = many((pairs: Array<[string, number]>) => {
    let removed = 0;
    for (const [accountId, id] of pairs) {
      s.deleteMemberships.run(accountId, id);
      removed += s.delete.run(accountId, id).changes;
    }
    return removed;
  });
  const members = (stmt: Database.Statement) => many((rows: Array<[string, number, number]>) => rows.reduce((sum, r) => sum + stmt.run(...r).changes, 0));
  const addMembers = members(s.addMember);
  const removeMembers = members(s.removeMember);
  // One row per chunk: the per-row B-tree work of a million staging rows was most of an import's time.
  const stage = (jobId: string, rows: StagedContact[]) => {
    if (rows.length === 0) return;
    s.stage.run(jobId, rows[0]!.rowNo, JSON.stringify(rows.map((r) => [r.rowNo, r.number, r.name, r.fields, r.tags])));
  };
  // Rows staged one per contact by an import from before migration 15 go too.
  const dropStaged = (jobId: string) => {
    s.dropChunks.run(jobId);
    s.dropStagedRows.run(jobId);
  };
  const addErrors = many((rows: Array<[string, ImportRowError]>) => {
    for (const [jobId, e] of rows) s.addError.run(jobId, e.rowNo, e.number, e.reason);
    return rows.length;
  });
  const commit = db.transaction((jobId: string, at: number): ContactImport => {
    const job = q.importFromRow(s.importById.get(jobId) as Row);
    if (job.status !== 'running') throw new Error(`import ${jobId} is ${job.status}, not running`);
    const staged = n(s.countStaged.get(jobId));
    const names = { job: jobId, account: job.accountId };
    // Skipping, the rows reported as existing are the count; one pass over the staged rows fewer.
    const existing = job.mode === 'skip' ? s.reportExisting.run(names).changes : n(s.countExisting.get(names));
    (job.mode === 'skip' ? s.insertStaged : s.mergeStaged).run({ ...names, at });
    if (job.groupId !== null) s.joinGroup.run({ ...names, group: q.idParam(job.groupId) });
    dropStaged(jobId);
    const skip = job.mode === 'skip';
    const done = {
      status: 'done', phase: 'finished', done: staged, inserted: staged - existing, updated: skip ? 0 : existing, skipped: skip ? existing : 0,
      errors: job.errors + (skip ? existing : 0), finishedAt: at,
    } as const;
    updateImport(jobId, done);
    return { ...job, ...done };
  });
  const abandon = db.transaction((jobId: string, status: string, message: string, at: number) => {
    dropStaged(jobId);
    updateImport(jobId, { status: status as ContactImport['status'], phase: 'finished', message, finishedAt: at });
  });
  const failLapsed = db.transaction((now: number, message: string): string[] => {
    const failed: string[] = [];
    for (const { id } of s.lapsedImports.all(now) as Array<{ id: string }>) {
      if (s.failLapsed.run(message, now, id, now).changes === 0) continue;
      dropStaged(id);
      failed.push(id);
    }
    return failed;
  });

  return {
    insert: async (c, at) => contact(s.insert.get(c.accountId, c.number, c.name, JSON.stringify(c.fields), JSON.stringify(c.tags), at, at)),
    get: async (accountId, id) => contact(s.get.get(accountId, q.idParam(id))),
    getByNumber: async (accountId, number) => contact(s.byNumber.get(accountId, number)),
    getMany: async (accountId, ids) => {
      const wanted = [...new Set(ids.map(q.idParam))].sort((a, b) => a - b);
      return wanted.map((id) => contact(s.get.get(accountId, id))).filter((c) => c !== null);
    },
    update: async (accountId, id, change, at) => {
      const taken = contact(s.byNumber.get(accountId, change.number));
      if (taken && taken.id !== id) return 'conflict';
      return contact(s.update.get(change.number, change.name, JSON.stringify(change.fields), JSON.stringify(change.tags), at, accountId, q.idParam(id)));
    },
    delete: async (accountId, ids) => deleteContacts(ids.map((id) => [accountId, q.idParam(id)])),
    list: async (filter) => {
      const query = q.contactPageQuery(filter, () => '?', (column, param) => `instr(${column}, ${param}) > 0`);
      return q.contactPage(db.prepare(query.sql).all(...query.params) as Row[], filter.limit);
    },
    scan: async (accountId, afterId, limit, groupId) => {
      const rows = groupId === undefined ? s.scan.all(accountId, Number(afterId), limit) : s.scanGroup.all(q.idParam(groupId), accountId, Number(afterId), limit);
      return (rows as Row[]).map(q.contactFromRow);
    },
    count: async (accountId, groupId) => n(groupId === undefined ? s.count.get(accountId) : s.countGroup.get(q.idParam(groupId), accountId)),

    createGroup: async (g, at) => group(s.insertGroup.get(g.accountId, g.name, g.kind, g.filter, at, at)),
    getGroup: async (accountId, id) => group(s.getGroup.get(accountId, q.idParam(id))),
    listGroups: async (accountId) => (s.listGroups.all(accountId) as Row[]).map(q.groupFromRow),
    updateGroup: async (accountId, id, change, at) => {
      const taken = group(s.groupByName.get(accountId, change.name));
      if (taken && taken.id !== id) return 'conflict';
      return group(s.updateGroup.get(change.name, change.filter, at, accountId, q.idParam(id)));
    },
    deleteGroup: async (accountId, id) => db.transaction(() => {
      s.deleteGroupMembers.run(accountId, q.idParam(id));
      return s.deleteGroup.run(accountId, q.idParam(id)).changes > 0;
    })(),
    addMembers: async (accountId, groupId, ids) => addMembers(ids.map((id) => [accountId, q.idParam(groupId), q.idParam(id)])),
    removeMembers: async (accountId, groupId, ids) => removeMembers(ids.map((id) => [accountId, q.idParam(groupId), q.idParam(id)])),

    createImport: async (job, leaseUntil) => void s.insertImport.run(...q.importParams(job, leaseUntil)),
    renewImports: async (ids, leaseUntil) => {
      for (const id of ids) s.renewImport.run(leaseUntil, id);
    },
    failLapsedImports: async (now, message) => failLapsed(now, message),
    getImport: async (accountId, id) => {
      const row = s.getImport.get(accountId, id);
      return row ? q.importFromRow(row as Row) : null;
    },
    listImports: async (accountId, limit) => (s.listImports.all(accountId, limit) as Row[]).map(q.importFromRow),
    updateImport: async (id, change) => updateImport(id, change),
    stageRows: async (jobId, rows) => stage(jobId, rows),
    addImportErrors: async (jobId, errors) => void addErrors(errors.map((e) => [jobId, e])),
    importErrors: async (jobId, afterRow, limit) => (s.errors.all(jobId, afterRow, limit) as Row[]).map(q.importErrorFromRow),
    commitImport: async (jobId, at) => commit.immediate(jobId, at),
    abandonImport: async (jobId, status, message, at) => abandon(jobId, status, message, at),
  };
}
