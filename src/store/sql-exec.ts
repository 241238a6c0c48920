// One way to run "?"-placeholder SQL on either store, so a repository with plain queries is written once.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { numbered } from './blacklist-rows.ts';

export type Row = Record<string, unknown>;

export interface SqlExec {
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Resolves with the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

/** better-sqlite3: each distinct statement is prepared once. */
export function sqliteExec(db: Database.Database): SqlExec {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  return {
    all: async (sql, params = []) => prepared(sql).all(...params) as Row[],
    run: async (sql, params = []) => prepared(sql).run(...params).changes,
  };
}

/** pg: "?" numbered as $1, $2, … (cached per statement text). */
export function pgExec(pool: pg.Pool): SqlExec {
  const texts = new Map<string, string>();
  const text = (sql: string) => {
    let numberedSql = texts.get(sql);
    if (numberedSql === undefined) texts.set(sql, (numberedSql = numbered(sql)));
    return numberedSql;
  };
  return {
    all: async (sql, params = []) => (await pool.query(text(sql), params)).rows as Row[],
    run: async (sql, params = []) => (await pool.query(text(sql), params)).rowCount ?? 0,
  };
}
