// Housekeeping's audit retention: entries past the configured age go, in batches; newer ones and "no retention" stay.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Housekeeping } from '../../../src/core/housekeeping.ts';
import type { ReceiptProcessor } from '../../../src/core/receipts.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { AuditEntry } from '../../../src/store/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'kx-housekeeping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23);
const entry = (n: number, at: number): AuditEntry => ({ id: `e-${String(n).padStart(4, '0')}`, at, actor: 'root', accountId: null, action: 'auth.login', target: null, detail: null, ip: null });

async function housekeepingOn(file: string, auditRetentionMs?: number) {
  const store = await SqliteStore.open(join(dir, file));
  await store.migrate();
  const housekeeping = new Housekeeping({
    store,
    receipts: {} as ReceiptProcessor, // not reached by purgeAudit
    receiptTimeoutMs: DAY,
    retentionMs: 180 * DAY,
    auditRetentionMs,
    onQueued: () => undefined,
    notify: async () => [],
    onFinal: () => undefined,
    now: () => NOW,
  });
  return { store, housekeeping };
}

describe('housekeeping: audit retention', () => {
  it('purges entries older than the retention, in batches, and keeps the rest', async () => {
    const { store, housekeeping } = await housekeepingOn('a.db', 365 * DAY);
    try {
      const old = Array.from({ length: 25 }, (_, i) => entry(i, NOW - 400 * DAY + i));
      const recent = [entry(100, NOW - 364 * DAY), entry(101, NOW - DAY)];
      await store.audit.append([...old, ...recent]);
      expect(await housekeeping.purgeAudit(10)).toBe(25);
      expect((await store.audit.list({ limit: 100 })).items.map((e) => e.id)).toEqual(['e-0101', 'e-0100']);
      expect(await housekeeping.purgeAudit(10)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('keeps everything when no retention is configured', async () => {
    const { store, housekeeping } = await housekeepingOn('b.db');
    try {
      await store.audit.append([entry(1, NOW - 4000 * DAY)]);
      expect(await housekeeping.purgeAudit()).toBe(0);
      expect((await store.audit.list({ limit: 10 })).items).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
