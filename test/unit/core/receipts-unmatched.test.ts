// Receipts that arrive before their submit response is stored are kept and matched later, however
// many receipts that will never match wait alongside them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReceiptEvent } from '../../../src/core/connector.ts';
import { ReceiptProcessor, unmatchedRetryDelayMs } from '../../../src/core/receipts.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { T, message, part, seed } from '../../contract/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'kx-receipts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const receipt = (key: string): ReceiptEvent => ({ connectorId: 'conn-1', upstreamKeys: [key], state: 'delivered', rawStatus: 'DELIVRD', errorCode: null, doneAt: T });

describe('receipts: unmatched ones tried again', () => {
  it('backs off from 2 s, doubling, to at most 5 minutes', () => {
    expect([1, 2, 3, 4, 9, 10, 50].map(unmatchedRetryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 300_000, 300_000, 300_000]);
  });

  it('matches an early receipt although 600 older ones never match', async () => {
    const store = await SqliteStore.open(join(dir, 'early.db'));
    await store.migrate();
    let now = T;
    const finals: string[] = [];
    const processor = new ReceiptProcessor(store, async () => [], (messages) => finals.push(...messages.map((m) => m.id)), () => now);
    try {
      // Receipts for ids nobody here issued (say, of messages sent again after a crash): kept, never matched.
      await Promise.all(Array.from({ length: 600 }, (_, i) => processor.handle(receipt(`lost-${i}`))));
      // A receipt that came before its submit response was stored, then the submit is stored.
      now += 1;
      const [m] = await seed(store, [message({ state: 'queued', inflightSince: T })]);
      await processor.handle(receipt('early-1'));
      await store.messages.applyUpdates([{ id: m!.id, state: 'submitted', at: now, detail: null, set: { inflightSince: null, submittedAt: now }, parts: [part(m!, 1, 'early-1')] }]);
      expect(finals).toEqual([]);

      // Each pass tries at most 500; those that found nothing wait 2 s, so the next pass reaches the early one.
      now += 1;
      expect(await processor.retryUnmatched()).toBe(0);
      expect(await processor.retryUnmatched()).toBe(1);
      // Told it matched only once the delivery is stored: the kept receipt is gone, the message delivered.
      expect((await store.messages.get(m!.id))?.state).toBe('delivered');

      const waiting = await store.receipts.listUnmatched(now + unmatchedRetryDelayMs(1), 1000);
      expect(waiting).toHaveLength(600);
      expect(new Set(waiting.map((r) => r.attempts))).toEqual(new Set([1]));
      expect(await store.receipts.listUnmatched(now, 1000)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
