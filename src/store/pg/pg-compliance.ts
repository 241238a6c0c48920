// Compliance policies and consent records on PostgreSQL: the SQLite statements with numbered placeholders.
import type pg from 'pg';
import { numbered } from '../blacklist-rows.ts';
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
import { matchesNothing } from './pg-text.ts';

const UPSERT = numbered(UPSERT_POLICY);
const GET = numbered(GET_POLICY);
const INSERT = `${numbered(INSERT_CONSENT)} RETURNING *`;
const CURRENT = numbered(CURRENT_CONSENT);
const HISTORY = numbered(CONSENT_HISTORY);
/** CURRENT_CONSENT for many numbers at once: the latest row of each. */
const CURRENT_MANY = 'SELECT DISTINCT ON (number) * FROM consents WHERE account_id = $1 AND number = ANY($2::text[]) ORDER BY number, at DESC, seq DESC';
const RECENT = numbered(RECENT_INTAKE);

export function pgCompliance(pool: pg.Pool): ComplianceRepository {
  return {
    getPolicy: async (owner) => {
      if (matchesNothing(owner)) return null;
      const { rows } = await pool.query(GET, [owner]);
      return rows[0] ? policyFromRow(rows[0]).policy : null;
    },
    putPolicy: async (owner, policy, at) => {
      await pool.query(UPSERT, [owner, JSON.stringify(policy), at]);
    },
    policies: async () => (await pool.query(ALL_POLICIES)).rows.map(policyFromRow),
    version: async () => {
      const row = (await pool.query(VERSION_POLICIES)).rows[0];
      return `${Number(row.n)}:${Number(row.revisions)}`;
    },
    addConsent: async (c, at) => {
      const { rows } = await pool.query(INSERT, [c.accountId, c.number, c.status, c.source, c.evidence, c.at, c.expiresAt, at]);
      return consentFromRow(rows[0]);
    },
    currentConsent: async (accountId, number) => {
      if (matchesNothing(accountId, number)) return null;
      const { rows } = await pool.query(CURRENT, [accountId, number]);
      return rows[0] ? consentFromRow(rows[0]) : null;
    },
    currentConsents: async (accountId, numbers) => {
      const wanted = numbers.filter((n) => !matchesNothing(n));
      if (matchesNothing(accountId) || wanted.length === 0) return new Map();
      const { rows } = await pool.query(CURRENT_MANY, [accountId, wanted]);
      return new Map(rows.map((row) => [String(row.number), consentFromRow(row)]));
    },
    consentHistory: async (accountId, number) => (matchesNothing(accountId, number) ? [] : (await pool.query(HISTORY, [accountId, number])).rows.map(consentFromRow)),
    listConsents: async (filter) => {
      if (matchesNothing(filter.accountId, filter.number)) return { items: [], nextCursor: null };
      const q = consentPageQuery(filter, (n) => `$${n}`);
      return consentPage((await pool.query(q.sql, q.params)).rows, filter.limit);
    },
    recentIntake: async (since, after, limit) => (await pool.query(RECENT, [since, after?.at ?? -1, after?.id ?? '', limit])).rows.map(intakeFromRow),
  };
}
