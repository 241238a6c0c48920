// The platform's SQLite store checkpoints its WAL from a thread of its own, never inside a commit.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { WRITER_CHECKPOINT_PAGES } from '../../../src/store/sqlite/wal-checkpointer.ts';
import { message, T } from '../../contract/fixtures.ts';
import { pollUntil } from '../../support/api.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kx-wal-'));
  dirs.push(dir);
  return join(dir, 'kuaixin.db');
}

async function writeMessages(store: SqliteStore, count: number): Promise<void> {
  for (let batch = 0; batch < count / 500; batch++) {
    const messages = Array.from({ length: 500 }, (_, i) => message({ id: `m-${batch}-${i}`, createdAt: T + batch * 500 + i }));
    await store.messages.insertMany(messages, []);
  }
}

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database from their own thread, and closing removes the WAL', async () => {
    const path = tempDatabase();
    const store = await SqliteStore.open(path, { checkpointInBackground: true });
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(WRITER_CHECKPOINT_PAGES);
    const before = statSync(path).size;
    await writeMessages(store, 5000);
    // Commits only append to the WAL (far below the writer's own threshold); the database file grows when the thread has checkpointed.
    await pollUntil(async () => statSync(path).size, (size) => size > before, 'the checkpoint thread to copy pages into the database');
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);

    const reopened = await SqliteStore.open(path);
    expect((await reopened.messages.get('m-9-499'))?.id).toBe('m-9-499');
    await reopened.close();
  });

  it('are off unless asked for: SQLite then checkpoints inside commits', async () => {
    const store = await SqliteStore.open(tempDatabase());
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await store.close();
  });
});
