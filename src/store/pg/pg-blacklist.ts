// Blacklist entries on PostgreSQL: the same statements as SQLite with numbered placeholders.
import type pg from 'pg';
import { blacklistFromRow, blacklistPage, blacklistPageQuery, FIND_BLACKLIST, GET_BLACKLIST, INSERT_BLACKLIST, numbered, REMOVE_BLACKLIST, VERSION_BLACKLIST } from '../blacklist-rows.ts';
import type { BlacklistRepository } from '../types.ts';
import { matchesNothing } from './pg-text.ts';

const INSERT = numbered(INSERT_BLACKLIST);
const GET = numbered(GET_BLACKLIST);
const REMOVE = numbered(REMOVE_BLACKLIST);
const FIND = numbered(FIND_BLACKLIST);

export function pgBlacklist(pool: pg.Pool): BlacklistRepository {
  return {
    add: async (e, at) => {
      await pool.query(INSERT, [e.scope, e.accountId ?? '', e.signature ?? '', e.number, e.reason, at]);
      const { rows } = await pool.query(GET, [e.number, e.scope, e.accountId ?? '', e.signature ?? '']);
      return blacklistFromRow(rows[0]);
    },
    remove: async (scope, accountId, number) => {
      if (matchesNothing(number) || matchesNothing(accountId ?? '')) return 0;
      return (await pool.query(REMOVE, [number, scope, accountId ?? ''])).rowCount ?? 0;
    },
    find: async (number) => (matchesNothing(number) ? [] : (await pool.query(FIND, [number])).rows.map(blacklistFromRow)),
    list: async (filter) => {
      if (filter.accountId !== null && matchesNothing(filter.accountId)) return { items: [], nextCursor: null };
      const q = blacklistPageQuery(filter, (n) => `$${n}`);
      return blacklistPage((await pool.query(q.sql, q.params)).rows, filter.limit);
    },
    all: async () => (await pool.query('SELECT * FROM blacklist ORDER BY seq')).rows.map(blacklistFromRow),
    version: async () => {
      const row = (await pool.query(VERSION_BLACKLIST)).rows[0];
      return `${Number(row.max_seq)}:${Number(row.n)}`;
    },
  };
}
