// Compliance policies and consent records on SQLite: prepared statements on the indexes of migration 10.
import type Database from 'better-sqlite3';
import {
  ALL_POLICIES,
  CONSENT_HISTORY,
  consentFromRow,
  consentPage,
  consentPageQuery,
  CURRENT_CONSENT,
  GET_POLICY,
  INSERT_CONSENT,
  intakeFromRow,
  policyFromRow,
  RECENT_INTAKE,
  UPSERT_POLICY,
  VERSION_POLICIES,
} from '../compliance-rows.ts';
import type { ComplianceRepository } from '../types.ts';

type Row = Record<string, unknown>;

export function sqliteCompliance(db: Database.Database): ComplianceRepository {
  const upsert = db.prepare(UPSERT_POLICY);
  const get = db.prepare(GET_POLICY);
  const all = db.prepare(ALL_POLICIES);
  const version = db.prepare(VERSION_POLICIES);
  const insert = db.prepare(INSERT_CONSENT);
  const byId = db.prepare('SELECT * FROM consents WHERE seq = ?');
  const current = db.prepare(CURRENT_CONSENT);
  const history = db.prepare(CONSENT_HISTORY);
  const recent = db.prepare(RECENT_INTAKE);
  return {
    getPolicy: async (owner) => {
      const row = get.get(owner) as Row | undefined;
      return row ? policyFromRow(row).policy : null;
    },
    putPolicy: async (owner, policy, at) => {
      upsert.run(owner, JSON.stringify(policy), at);
    },
    policies: async () => (all.all() as Row[]).map(policyFromRow),
    version: async () => {
      const row = version.get() as Row;
      return `${Number(row.n)}:${Number(row.revisions)}`;
    },
    addConsent: async (c, at) => {
      const { lastInsertRowid } = insert.run(c.accountId, c.number, c.status, c.source, c.evidence, c.at, c.expiresAt, at);
      return consentFromRow(byId.get(lastInsertRowid) as Row);
    },
    currentConsent: async (accountId, number) => {
      const row = current.get(accountId, number) as Row | undefined;
      return row ? consentFromRow(row) : null;
    },
    // One prepared lookup per number on the index, all in one synchronous call (one hop from the worker thread).
    currentConsents: async (accountId, numbers) => {
      const found = new Map<string, ReturnType<typeof consentFromRow>>();
      for (const number of new Set(numbers)) {
        const row = current.get(accountId, number) as Row | undefined;
        if (row) found.set(number, consentFromRow(row));
      }
      return found;
    },
    consentHistory: async (accountId, number) => (history.all(accountId, number) as Row[]).map(consentFromRow),
    listConsents: async (filter) => {
      const q = consentPageQuery(filter, () => '?');
      return consentPage(db.prepare(q.sql).all(...q.params) as Row[], filter.limit);
    },
    recentIntake: async (since, after, limit) => (recent.all(since, after?.at ?? -1, after?.id ?? '', limit) as Row[]).map(intakeFromRow),
  };
}
