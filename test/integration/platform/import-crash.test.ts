// A contact import left 'running' by a process that died: once its lease lapsed, the next start (SQLite,
// same file) or another node (PostgreSQL) fails it with a clear reason, and nothing of it was imported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAPSED_IMPORT_MESSAGE } from '../../../src/core/contacts/contact-importer.ts';
import { openStore } from '../../../src/store/open-store.ts';
import type { ContactImport, Store } from '../../../src/store/types.ts';
import { adminToken, bearer, createAccount } from '../../support/api.ts';
import { createTestSchema } from '../../support/pg-schema.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** What a process that died half way through parsing leaves: a running job, its lease lapsed, rows staged. */
async function leaveDeadImport(store: Store, id: string, leaseUntil: number): Promise<void> {
  const now = Date.now();
  const job: ContactImport = {
    id, accountId: 'acme', status: 'running', phase: 'parsing', format: 'csv', mode: 'skip', groupId: null, fileName: 'big.csv', bytes: 1000,
    bytesRead: 400, total: 2, done: 2, inserted: 0, updated: 0, skipped: 0, errors: 0, columns: null, message: null, createdAt: now, finishedAt: null,
  };
  await store.contacts.createImport(job, leaseUntil);
  await store.contacts.stageRows(id, [1, 2].map((i) => ({ rowNo: i, number: `+861380000000${i}`, name: `n${i}`, fields: {}, tags: [] })));
}

async function expectFailedAndEmpty(platform: TestPlatform, id: string): Promise<void> {
  const key = await createAccount(platform, await adminToken(platform), { id: 'acme' });
  const res = await platform.http.inject({ method: 'GET', url: `/v1/contacts/imports/${id}`, headers: bearer(key) });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ status: 'failed', message: LAPSED_IMPORT_MESSAGE });
  expect(await platform.store.contacts.count('acme')).toBe(0);
}

describe('a contact import whose process died', () => {
  it('is failed when the platform starts again on the same SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuaixin-import-crash-'));
    dirs.push(dir);
    const url = `sqlite:${join(dir, 'kuaixin.db')}`;
    const before = await openStore(url);
    await before.migrate();
    await leaveDeadImport(before, 'crashed', Date.now() - 1);
    await before.close();

    const platform = await startTestPlatform({ database: { url, thread: false } });
    try {
      await expectFailedAndEmpty(platform, 'crashed');
    } finally {
      await platform.stop();
    }
  });

  it('is failed by another node once its lease lapsed (PostgreSQL)', async () => {
    const schema = await createTestSchema();
    try {
      const node = await startTestPlatform({}, { schema });
      try {
        await leaveDeadImport(node.store, 'lapsed', Date.now() - 1);
        await leaveDeadImport(node.store, 'live', Date.now() + 600_000);
        const second = await startTestPlatform({}, { schema });
        await second.stop();
        await expectFailedAndEmpty(node, 'lapsed');
        expect(await node.store.contacts.getImport('acme', 'live')).toMatchObject({ status: 'running' });
      } finally {
        await node.stop();
      }
    } finally {
      await schema.drop();
    }
  });
});
