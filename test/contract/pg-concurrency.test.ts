// PostgreSQL under concurrent writers (two nodes, or a lane and the receipt processor): transactions that
// lock the same messages in opposite orders all commit, the deadlock victim being run again.
import { afterAll, describe, expect, it } from 'vitest';
import { ReceiptProcessor } from '../../src/core/receipts.ts';
import type { MessageUpdate, Store } from '../../src/store/types.ts';
import { PgStore } from '../../src/store/pg/pg-store.ts';
import { inTransaction } from '../../src/store/pg/pg-transaction.ts';
import { createTestSchema, type TestSchema } from '../support/pg-schema.ts';
import { T, message, part, seed } from './fixtures.ts';

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas) await schema.drop();
});

describe('postgres store under concurrent writers', () => {
  it('batches updating the same 500 messages in opposite orders, 10 rounds at once, all commit with their history', async () => {
    const schema = await createTestSchema('kx_test');
    schemas.push(schema);
    const a = await PgStore.open({ connectionString: schema.url, max: 2 });
    const b = await PgStore.open({ connectionString: schema.url, max: 2 });
    try {
      // Enough rows that each UPDATE … FROM unnest walks the batch through the primary key, locking in batch order.
      await seed(a, Array.from({ length: 2000 }, () => message()));
      await a.pool.query('ANALYZE messages');
      const all = await seed(a, Array.from({ length: 500 }, () => message()));
      const batch = (round: number, node: string): MessageUpdate[] =>
        all.map((m) => ({ id: m.id, state: 'queued', at: T + round, detail: `${node} round ${round}`, set: { attempts: round } }));
      for (let round = 1; round <= 10; round++) {
        await Promise.all([a.messages.applyUpdates(batch(round, 'a')), b.messages.applyUpdates(batch(round, 'b').reverse())]);
      }
      for (const m of all) {
        const events = await a.messages.events(m.id);
        // The seeded 'accepted' row, then one row per node per round.
        expect(events.length).toBe(1 + 2 * 10);
        expect((await a.messages.get(m.id))?.attempts).toBe(10);
      }
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('a transaction PostgreSQL picks as a deadlock victim is run again and commits', async () => {
    const schema = await createTestSchema('kx_test');
    schemas.push(schema);
    const a = await PgStore.open({ connectionString: schema.url, max: 1 });
    const b = await PgStore.open({ connectionString: schema.url, max: 1 });
    try {
      await a.settings.set('x', '0');
      await a.settings.set('y', '0');
      // Each holds its first row until both do, then wants the other's: a certain deadlock, once.
      let arrived = 0;
      let bothHoldOne!: () => void;
      const barrier = new Promise<void>((resolve) => (bothHoldOne = resolve));
      const runs = { a: 0, b: 0 };
      const writer = (store: PgStore, name: 'a' | 'b', first: string, second: string) =>
        inTransaction(store.pool, async (c) => {
          runs[name]++;
          await c.query(`UPDATE settings SET value = value || $1 WHERE key = $2`, [name, first]);
          if (++arrived === 2) bothHoldOne();
          await barrier;
          await c.query(`UPDATE settings SET value = value || $1 WHERE key = $2`, [name, second]);
        });
      await Promise.all([writer(a, 'a', 'x', 'y'), writer(b, 'b', 'y', 'x')]);
      // One of them ran twice; each change was applied exactly once.
      expect(runs.a + runs.b).toBe(3);
      for (const key of ['x', 'y']) expect([...((await a.settings.get(key)) ?? '')].sort().join('')).toBe('0ab');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('the two parts of a long message settled on two nodes at the same moment: delivered once, notified once', async () => {
    const schema = await createTestSchema('kx_test');
    schemas.push(schema);
    const a = await PgStore.open({ connectionString: schema.url, max: 2 });
    const b = await PgStore.open({ connectionString: schema.url, max: 2 });
    try {
      const [long] = await seed(a, [message({ state: 'submitted', segments: 2 })]);
      await a.messages.applyUpdates([{ id: long.id, state: 'submitted', detail: null, at: T + 1, parts: [part(long, 1, 'p1'), part(long, 2, 'p2')] }]);
      // Each node has read the parts (the other one still out) before either writes: the race.
      let arrived = 0;
      let bothRead!: () => void;
      const barrier = new Promise<void>((resolve) => (bothRead = resolve));
      const gated = (store: PgStore): Store => {
        let first = true;
        const messages = new Proxy(store.messages, {
          get(target, name, receiver) {
            if (name !== 'applyUpdates') return Reflect.get(target, name, receiver);
            return async (updates: MessageUpdate[]) => {
              if (first) {
                first = false;
                if (++arrived === 2) bothRead();
                await barrier;
              }
              return target.applyUpdates(updates);
            };
          },
        });
        // The same store, seen through a messages repository whose first write waits at the barrier.
        return Object.create(store, { messages: { value: messages } }) as Store;
      };
      const finals: string[] = [];
      const node = (store: PgStore) =>
        new ReceiptProcessor(
          gated(store),
          async (m) => [{ id: `n-${store === a ? 'a' : 'b'}`, accountId: m.accountId, kind: 'http', target: 'https://cb.example/x', event: 'status', payload: { messageId: m.id }, attempts: 0, nextAttemptAt: T, createdAt: T }],
          (messages) => finals.push(...messages.map((m) => `${m.id}:${m.state}`)),
        );
      const receipt = (key: string) => ({ connectorId: 'conn-1', upstreamKeys: [key], state: 'delivered' as const, rawStatus: 'DELIVRD', errorCode: null, doneAt: T + 5 });
      await Promise.all([node(a).handle(receipt('p1')), node(b).handle(receipt('p2'))]);
      expect((await a.messages.get(long.id))?.state).toBe('delivered');
      expect(finals).toEqual([`${long.id}:delivered`]);
      expect(await a.outbox.due(T + 10, 10)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
