// Runs the store contract on SQLite files in a temporary directory, plus SQLite-specific checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations/migrations.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { describeStoreContract } from './store.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'kx-sqlite-'));
let n = 0;
const nextFile = () => join(dir, `store-${++n}.db`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite', () => SqliteStore.open(nextFile()));

describe('sqlite store', () => {
  it('uses WAL with synchronous NORMAL and records each migration once', async () => {
    const store = await SqliteStore.open(nextFile());
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
      await store.migrate();
      await store.migrate();
      expect(store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await store.close();
    }
  });

  it('reopening a file keeps its data and does not migrate again', async () => {
    const file = nextFile();
    const first = await SqliteStore.open(file);
    await first.settings.set('k', 'v');
    await first.close();
    const second = await SqliteStore.open(file);
    try {
      expect(await second.settings.get('k')).toBe('v');
      expect(second.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    } finally {
      await second.close();
    }
  });

  it('the lane claim uses the partial lane index', async () => {
    const store = await SqliteStore.open(':memory:');
    try {
      const plan = store.db
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM messages WHERE connector_id = ? AND state = 'queued' AND inflight_since IS NULL
          AND next_attempt_at <= ? ORDER BY priority, next_attempt_at, id LIMIT ?`)
        .all('c', 1, 1) as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX messages_lane/);
    } finally {
      await store.close();
    }
  });
});

describe('sqlite query plans', () => {
  const plan = async (sql: string, ...params: unknown[]): Promise<string> => {
    const store = await SqliteStore.open(':memory:');
    try {
      return (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((p) => p.detail).join('\n');
    } finally {
      await store.close();
    }
  };

  it('retention purge walks the done_at index', async () => {
    expect(await plan(`SELECT id FROM messages WHERE state IN ('delivered', 'failed') AND done_at < ? ORDER BY done_at LIMIT ?`, 1, 1)).toMatch(
      /USING INDEX messages_done/,
    );
  });

  it('part lookup and idempotency use their indexes', async () => {
    expect(await plan('SELECT * FROM message_parts WHERE connector_id = ? AND upstream_key = ?', 'c', 'k')).toMatch(/USING INDEX message_parts_upstream/);
    expect(await plan('SELECT * FROM messages WHERE account_id = ? AND client_ref = ? AND created_at >= ? ORDER BY created_at, id', 'a', 'r', 0)).toMatch(
      /USING INDEX messages_account_client_ref/,
    );
  });
});
