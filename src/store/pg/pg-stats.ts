// The statistics rollup on PostgreSQL: the SQLite statements with numbered placeholders; replacing hours is one transaction.
import type pg from 'pg';
import {
  aggregateFromRow, aggregateSql, DELETE_HOURS, finalGroupFromRow, FIRST_DONE, GET_WATERMARK, GROUP_FINAL, INSERT_CHUNK, insertStatsSql, LEASE, numberedParams, RELEASE, SET_WATERMARK, statsRowParams,
} from '../stats-rows.ts';
import type { StatsRepository } from '../types.ts';
import { inTransaction } from './pg-transaction.ts';
import { matchesNothing } from './pg-text.ts';

const GROUP = numberedParams(GROUP_FINAL);
const DELETE = numberedParams(DELETE_HOURS);
const LEASE_SQL = numberedParams(LEASE);
const RELEASE_SQL = numberedParams(RELEASE);
const GET_MARK = numberedParams(GET_WATERMARK);
const SET_MARK = numberedParams(SET_WATERMARK);

export function pgStats(pool: pg.Pool): StatsRepository {
  return {
    groupFinal: async (from, to) => (await pool.query(GROUP, [from, to])).rows.map(finalGroupFromRow),
    firstDoneAt: async () => {
      const value = (await pool.query(FIRST_DONE)).rows[0]?.first;
      return value === null || value === undefined ? null : Number(value);
    },
    replaceHours: async (from, to, rows) =>
      inTransaction(pool, async (client) => {
        await client.query(DELETE, [from, to]);
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          const chunk = rows.slice(i, i + INSERT_CHUNK);
          await client.query(numberedParams(insertStatsSql(chunk.length)), chunk.flatMap(statsRowParams));
        }
      }),
    aggregate: async (f) => {
      if (matchesNothing(f.accountId)) return [];
      const params = f.accountId === undefined ? [f.from, f.to] : [f.accountId, f.from, f.to];
      return (await pool.query(numberedParams(aggregateSql(f.groupBy, f.accountId !== undefined)), params)).rows.map(aggregateFromRow);
    },
    lease: async (name, holder, now, until) => ((await pool.query(LEASE_SQL, [name, holder, until, now])).rowCount ?? 0) > 0,
    releaseLease: async (name, holder) => void (await pool.query(RELEASE_SQL, [name, holder])),
    watermark: async (name) => {
      const value = (await pool.query(GET_MARK, [name])).rows[0]?.watermark;
      return value === null || value === undefined ? null : Number(value);
    },
    setWatermark: async (name, at) => void (await pool.query(SET_MARK, [name, at])),
  };
}
