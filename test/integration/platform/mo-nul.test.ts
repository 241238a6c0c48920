// An MO whose text holds U+0000 (a stray NUL octet from the carrier) is stored on both stores, with
// the NUL as U+FFFD: PostgreSQL cannot hold U+0000, and refusing would make the carrier resend forever.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MoProcessor } from '../../../src/core/mo.ts';
import { Notifier } from '../../../src/core/notifier.ts';
import { MoRouter } from '../../../src/core/router.ts';
import { PgStore } from '../../../src/store/pg/pg-store.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../src/store/types.ts';
import { createTestSchema, type TestSchema } from '../../support/pg-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'kx-mo-nul-'));
const schemas: TestSchema[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await schema.drop();
});

const stores: Record<string, () => Promise<Store>> = {
  sqlite: () => SqliteStore.open(join(dir, 'mo.db')),
  postgres: async () => {
    const schema = await createTestSchema('kx_test');
    schemas.push(schema);
    return PgStore.open({ connectionString: schema.url });
  },
};

describe.each(Object.keys(stores))('MO with a NUL character, on %s', (kind) => {
  it('is stored with U+FFFD in its place', async () => {
    const store = await stores[kind]!();
    try {
      const processor = new MoProcessor(store, new MoRouter(), new Notifier(store), () => null);
      await processor.handle({ connectorId: 'up1', sender: '+8613800138000', recipient: '1069\u00000001', text: 'hi\u0000there', encoding: 'gsm7', receivedAt: 1_700_000_000_000 });
      const { items } = await store.mo.list({ limit: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ text: 'hi\uFFFDthere', recipient: '1069\uFFFD0001', sender: '+8613800138000' });
    } finally {
      await store.close();
    }
  });
});
