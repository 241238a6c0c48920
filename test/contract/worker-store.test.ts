// Runs the store contract on the SQLite store in its worker thread, plus what crossing threads adds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerStore } from '../../src/store/worker/worker-store.ts';
import { message, seed } from './fixtures.ts';
import { describeStoreContract } from './store.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'kx-worker-'));
let n = 0;
const nextFile = () => join(dir, `store-${++n}.db`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite in a worker thread', () => WorkerStore.open(nextFile()));

describe('worker store', () => {
  it('keeps the SQLite error code of a failed call, and the store stays usable', async () => {
    const store = await WorkerStore.open(nextFile());
    try {
      const [m] = await seed(store, [message()]);
      const error = await store.messages.insertMany([{ ...m! }], []).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as { code?: string }).code).toMatch(/^SQLITE_CONSTRAINT/);
      expect((await store.messages.get(m!.id))?.id).toBe(m!.id);
    } finally {
      await store.close();
    }
  });

  it('answers calls in the order they were made', async () => {
    const store = await WorkerStore.open(nextFile());
    try {
      const writes = Array.from({ length: 50 }, (_, i) => store.settings.set('k', String(i)));
      const read = store.settings.get('k');
      await Promise.all(writes);
      expect(await read).toBe('49');
    } finally {
      await store.close();
    }
  });

  it('fails calls after close with a clear error', async () => {
    const store = await WorkerStore.open(nextFile());
    await store.close();
    await expect(store.settings.get('k')).rejects.toThrow('the store is closed');
  });

  it('reports a database it cannot open', async () => {
    const notADirectory = nextFile();
    writeFileSync(notADirectory, 'a file, not a directory');
    await expect(WorkerStore.open(join(notADirectory, 'x.db'))).rejects.toThrow(/EEXIST|ENOTDIR/);
  });
});
