// Runs the store contract on PostgreSQL (DATABASE_URL), one fresh schema per store, plus multi-node claim and migration checks.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SensitiveWordBook } from '../../src/core/policy/sensitive-word-book.ts';
import { MIGRATIONS } from '../../src/store/migrations/migrations.ts';
import { openStore } from '../../src/store/open-store.ts';
import { PgStore } from '../../src/store/pg/pg-store.ts';
import { T, message, seed } from './fixtures.ts';
import { describeStoreContract } from './store.contract.ts';

// CI sets DATABASE_URL; on a development machine the local server (trust auth, database test) is used.
const url: string = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const admin = new pg.Pool({ connectionString: url, max: 2 });
const run = randomBytes(4).toString('hex');
const schemas: string[] = [];

async function freshSchema(): Promise<string> {
  const schema = `kx_test_${run}_${schemas.length + 1}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  return schema;
}

const openIn = (schema: string, max = 4) => PgStore.open({ connectionString: url, max, options: `-c search_path=${schema}` });

// A hundred schemas of some sixty tables each: dropping them takes a while on a busy machine.
const CLEANUP_TIMEOUT_MS = 180_000;

afterAll(async () => {
  await Promise.all(schemas.map((schema) => admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)));
  await admin.end();
}, CLEANUP_TIMEOUT_MS);

describeStoreContract('postgres', async () => openIn(await freshSchema()));

describe('postgres store', () => {
  it('a node sees a sensitive-word list edited through another node on its next poll', async () => {
    const schema = await freshSchema();
    const a = await openIn(schema);
    const b = await openIn(schema);
    try {
      const bookB = new SensitiveWordBook(b.sensitiveWords);
      await bookB.refresh();
      expect(bookB.check('acme', '代开发票')).toEqual([]);
      await a.sensitiveWords.replace({ kind: 'account', accountId: 'acme' }, ['发票'], T);
      await bookB.refresh();
      expect(bookB.check('acme', '代开发票')).toEqual([{ word: '发票', start: 2, end: 4, list: 'account' }]);
      expect(bookB.check('other', '代开发票')).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('two nodes claiming the same 200 queued messages at once never get the same message', async () => {
    const schema = await freshSchema();
    const a = await openIn(schema);
    const b = await openIn(schema);
    try {
      const all = await seed(a, Array.from({ length: 200 }, (_, i) => message({ priority: (i % 3) as 0 | 1 | 2, nextAttemptAt: T - i })));
      const byA: string[] = [];
      const byB: string[] = [];
      for (let round = 0; round < 50; round++) {
        const [fromA, fromB] = await Promise.all([a.messages.claimDue('conn-1', 17, T), b.messages.claimDue('conn-1', 23, T)]);
        byA.push(...fromA.map((m) => m.id));
        byB.push(...fromB.map((m) => m.id));
        if (fromA.length === 0 && fromB.length === 0) break;
      }
      const claimed = [...byA, ...byB];
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(new Set(claimed)).toEqual(new Set(all.map((m) => m.id)));
      expect(byA.length).toBeGreaterThan(0);
      expect(byB.length).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('two nodes claiming the same outbox at once never deliver an item twice', async () => {
    const schema = await freshSchema();
    const a = await openIn(schema);
    const b = await openIn(schema);
    try {
      await a.outbox.enqueue(
        Array.from({ length: 300 }, (_, i) => ({
          id: `ob-${String(i).padStart(3, '0')}`, accountId: 'acc-1', kind: 'http' as const, target: 'https://a.example/hook',
          event: 'status' as const, payload: { n: i }, attempts: 0, nextAttemptAt: T, createdAt: T + i,
        })),
      );
      const claimed: string[] = [];
      for (let round = 0; round < 40; round++) {
        const [fromA, fromB] = await Promise.all([a.outbox.claim(T, 13, T + 60_000), b.outbox.claim(T, 19, T + 60_000)]);
        claimed.push(...fromA.map((o) => o.id), ...fromB.map((o) => o.id));
        if (fromA.length === 0 && fromB.length === 0) break;
      }
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed).toHaveLength(300);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('two nodes migrating the same schema at once apply each migration once', async () => {
    const schema = await freshSchema();
    const [a, b] = await Promise.all([openIn(schema, 2), openIn(schema, 2)]);
    try {
      await a.migrate();
      const { rows } = await a.pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('openStore accepts postgres:// and postgresql:// URLs', async () => {
    for (const scheme of ['postgres', 'postgresql']) {
      const schema = await freshSchema();
      const target = new URL(url);
      target.protocol = `${scheme}:`;
      target.searchParams.set('options', `-c search_path=${schema}`);
      const store = await openStore(target.toString());
      try {
        expect(store.kind).toBe('postgres');
        await store.settings.set('k', scheme);
        const { rows } = await admin.query(`SELECT value FROM ${schema}.settings WHERE key = 'k'`);
        expect(rows).toEqual([{ value: scheme }]);
      } finally {
        await store.close();
      }
    }
  });
});
