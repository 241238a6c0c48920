// A lane whose store write fails (here: another connection holds SQLite's write lock) writes the
// outcome again once the store recovers, instead of leaving the message marked in flight until a restart.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HELD_BY_LANE } from '../../src/core/intake.ts';
import { Lane } from '../../src/core/lane.ts';
import { RetryPolicy } from '../../src/core/retry-policy.ts';
import { SimulatorConnector } from '../../src/connectors/simulator/connector.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { message } from '../contract/fixtures.ts';
import { nextEvent } from '../support/events.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('lane store failures', () => {
  it('a submit outcome that could not be stored is stored once the store is writable again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kx-lane-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'kuaixin.db');
    const store = await SqliteStore.open(path, { busyTimeoutMs: 0 });
    cleanups.push(() => store.close());
    const now = Date.now();
    const fresh = message({ id: 'held-1', connectorId: 'sim', inflightSince: HELD_BY_LANE, nextAttemptAt: now, validUntil: now + 3_600_000, createdAt: now, updatedAt: now });
    await store.messages.insertMany([fresh], []);

    const connector = new SimulatorConnector('sim', { receiptDelayMs: 3_600_000 });
    connector.attach({ onReceipt: async () => undefined, onMo: async () => undefined });
    await connector.start();
    cleanups.push(() => connector.stop());
    const lane = new Lane({ store, connector, retry: new RetryPolicy(), maxInFlight: 10, tps: 0, maxHeld: 10, idlePollMs: 20 });

    // Another process holds the write lock: the lane's write of "submitted" fails with SQLITE_BUSY.
    const other = new Database(path);
    cleanups.push(() => void other.close());
    other.exec('BEGIN IMMEDIATE');
    lane.start();
    cleanups.push(() => lane.stop());
    expect(lane.reserve()).toBe(true);
    const failed = nextEvent<[Error, number]>(lane, 'storeError');
    lane.offer([fresh]);
    const [error, retryInMs] = await failed;
    expect(error.message).toMatch(/locked|busy/i);
    expect(retryInMs).toBeGreaterThan(0);
    expect((await store.messages.get('held-1'))?.state).toBe('queued');

    // The lock goes: the same outcome is written, with its upstream id for the receipt to match.
    const stored = nextEvent(lane, 'outcome');
    other.exec('COMMIT');
    await stored;
    const after = await store.messages.get('held-1');
    expect(after).toMatchObject({ state: 'submitted', inflightSince: null, attempts: 1 });
    const parts = await store.messages.parts('held-1');
    expect(parts).toHaveLength(1);
    expect(parts[0]!.upstreamId).toMatch(/\S/);
    expect(after!.submittedAt).not.toBeNull();
  });
});
