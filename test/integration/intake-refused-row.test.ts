// A row the store refuses fails only the request that sent it: another customer's request committed
// in the same group commit is still accepted and stored, and each billing reservation is released
// once. The refusal is a real SQLite trigger.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Intake } from '../../src/core/intake.ts';
import { NumberNormalizer } from '../../src/core/numbers.ts';
import type { PolicyStage } from '../../src/core/pipeline.ts';
import { MtRouter } from '../../src/core/router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { NewLedgerEntry } from '../../src/store/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'kuaixin-refused-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('intake: a row the store refuses', () => {
  it('fails its own request and not the others committed with it', async () => {
    const file = join(dir, 'k.db');
    const store = await SqliteStore.open(file);
    await store.migrate();
    for (const id of ['acme', 'beta']) await store.accounts.upsert({ id, name: id, status: 'active', callbackUrl: null, callbackSecret: 's', tps: 0, createdAt: 0, parentId: null });
    const admin = new Database(file);
    admin.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON messages WHEN NEW.recipient = '+8613800000666' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`);
    admin.close();
    const router = new MtRouter();
    router.load([{ id: 'default', name: 'default', position: 0, filters: {}, strategy: 'static', connectors: [{ id: 'sim', weight: 1 }], isDefault: true, enabled: true }]);
    // Billing's part, reduced: each message costs 10 li, reserved in memory until its batch is written.
    const charge: PolicyStage = { name: 'charge', check: (message) => ((message.cost = 10), null) };
    // Each write's reservations released and ledger entries stored, write by write.
    const writes: Array<{ released: string[]; stored: string[] | null }> = [];
    const named = (entries: readonly NewLedgerEntry[]) => entries.map((e) => `${e.accountId} ${e.amount}`).sort();
    const intake = new Intake({
      store, router, numbers: new NumberNormalizer('CN'), measure: () => ({ encoding: 'ucs2', segments: 1 }), stages: [charge], validitySeconds: 3600, maxSegments: 10, maxRecipients: 10,
      onReserved: (entries, stored) => {
        writes.push({ released: named(entries), stored: stored && named(stored) });
      },
    });
    try {
      // Submitted in the same turn: one group commit holds both.
      const [refused, accepted] = await Promise.allSettled([
        intake.submit({ accountId: 'acme', source: 'api', recipients: ['13800000001', '13800000666'], text: '您的验证码 1234' }),
        intake.submit({ accountId: 'beta', source: 'api', recipients: ['13800000002'], text: '您的订单已发货' }),
      ]);
      expect(refused.status).toBe('rejected');
      expect(String((refused as PromiseRejectedResult).reason)).toContain('refused by the test trigger');
      expect(accepted.status).toBe('fulfilled');
      const result = (accepted as PromiseFulfilledResult<Awaited<ReturnType<Intake['submit']>>>).value.results[0]!;
      expect(result.ok).toBe(true);
      expect(await store.messages.get(result.ok ? result.messageId : '')).toMatchObject({ accountId: 'beta', recipient: '+8613800000002', state: 'queued' });
      // Nothing of the refused request was stored, not even its good recipient.
      expect((await store.messages.list({ accountId: 'acme', limit: 10 })).items).toEqual([]);
      // One write held both requests and failed, releasing both reservations; each was then written
      // alone, releasing nothing again. Only beta's reservation was stored.
      expect(writes).toEqual([
        { released: ['acme -20', 'beta -10'], stored: null },
        { released: [], stored: null },
        { released: [], stored: ['beta -10'] },
      ]);
    } finally {
      await store.close();
    }
  });
});
