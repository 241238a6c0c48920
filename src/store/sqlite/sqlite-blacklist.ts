// Blacklist entries on SQLite: an insert that ignores duplicates, lookups on the (number, …) unique index.
import type Database from 'better-sqlite3';
import { blacklistFromRow, blacklistPage, blacklistPageQuery, FIND_BLACKLIST, GET_BLACKLIST, INSERT_BLACKLIST, REMOVE_BLACKLIST, VERSION_BLACKLIST } from '../blacklist-rows.ts';
import type { BlacklistRepository } from '../types.ts';

type Row = Record<string, unknown>;

export function sqliteBlacklist(db: Database.Database): BlacklistRepository {
  const insert = db.prepare(INSERT_BLACKLIST);
  const get = db.prepare(GET_BLACKLIST);
  const remove = db.prepare(REMOVE_BLACKLIST);
  const find = db.prepare(FIND_BLACKLIST);
  const all = db.prepare('SELECT * FROM blacklist ORDER BY seq');
  const version = db.prepare(VERSION_BLACKLIST);
  return {
    add: async (e, at) => {
      const key = [e.number, e.scope, e.accountId ?? '', e.signature ?? ''];
      insert.run(e.scope, e.accountId ?? '', e.signature ?? '', e.number, e.reason, at);
      return blacklistFromRow(get.get(...key) as Row);
    },
    remove: async (scope, accountId, number) => remove.run(number, scope, accountId ?? '').changes,
    find: async (number) => (find.all(number) as Row[]).map(blacklistFromRow),
    list: async (filter) => {
      const q = blacklistPageQuery(filter, () => '?');
      return blacklistPage(db.prepare(q.sql).all(...q.params) as Row[], filter.limit);
    },
    all: async () => (all.all() as Row[]).map(blacklistFromRow),
    version: async () => {
      const row = version.get() as Row;
      return `${Number(row.max_seq)}:${Number(row.n)}`;
    },
  };
}
