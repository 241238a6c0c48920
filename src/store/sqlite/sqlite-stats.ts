// The statistics rollup on SQLite: grouped reads of final messages, hour ranges replaced in one transaction.
import type Database from 'better-sqlite3';
import {
  aggregateFromRow, aggregateSql, DELETE_HOURS, finalGroupFromRow, FIRST_DONE, GET_WATERMARK, GROUP_FINAL, INSERT_CHUNK, insertStatsSql, LEASE, RELEASE, SET_WATERMARK, statsRowParams,
} from '../stats-rows.ts';
import type { StatsRepository, StatsRow } from '../types.ts';

type Row = Record<string, unknown>;

export function sqliteStats(db: Database.Database): StatsRepository {
  const group = db.prepare(GROUP_FINAL);
  const first = db.prepare(FIRST_DONE);
  const del = db.prepare(DELETE_HOURS);
  const insertFull = db.prepare(insertStatsSql(INSERT_CHUNK));
  const lease = db.prepare(LEASE);
  const release = db.prepare(RELEASE);
  const getWatermark = db.prepare(GET_WATERMARK);
  const setWatermark = db.prepare(SET_WATERMARK);
  const replace = db.transaction((from: number, to: number, rows: StatsRow[]) => {
    del.run(from, to);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const stmt = chunk.length === INSERT_CHUNK ? insertFull : db.prepare(insertStatsSql(chunk.length));
      stmt.run(...chunk.flatMap(statsRowParams));
    }
  });
  return {
    groupFinal: async (from, to) => (group.all(from, to) as Row[]).map(finalGroupFromRow),
    firstDoneAt: async () => {
      const value = (first.get() as Row).first;
      return value === null || value === undefined ? null : Number(value);
    },
    replaceHours: async (from, to, rows) => void replace(from, to, rows),
    aggregate: async (f) => {
      const params = f.accountId === undefined ? [f.from, f.to] : [f.accountId, f.from, f.to];
      return (db.prepare(aggregateSql(f.groupBy, f.accountId !== undefined)).all(...params) as Row[]).map(aggregateFromRow);
    },
    lease: async (name, holder, now, until) => lease.run(name, holder, until, now).changes > 0,
    releaseLease: async (name, holder) => void release.run(name, holder),
    watermark: async (name) => {
      const row = getWatermark.get(name) as Row | undefined;
      return row?.watermark === null || row?.watermark === undefined ? null : Number(row.watermark);
    },
    setWatermark: async (name, at) => void setWatermark.run(name, at),
  };
}
