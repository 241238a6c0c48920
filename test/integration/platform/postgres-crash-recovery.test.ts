// SIGKILL under load on PostgreSQL: every message the platform acknowledged is found after a restart
// and finished, including those a lane held in memory (inflight -1) and those in flight at the kill.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSmsc } from '../../../src/protocols/smpp/testing/fake-smsc.ts';
import { pollUntil } from '../../support/api.ts';
import { loadUntilKilled, startChildPlatform, writeCrashConfig } from '../../support/child-platform.ts';
import { nextEvent } from '../../support/events.ts';
import { TEST_DATABASE_URL, createTestSchema, type TestSchema } from '../../support/pg-schema.ts';

const API_KEY = 'key-pg-crash-test-1';
const LOAD = 2000;

describe('crash recovery on PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-pg-crash-'));
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  let schema: TestSchema | undefined;
  let carrier: FakeSmsc;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await nextEvent(child, 'exit', 10_000).catch(() => undefined);
    }
    await carrier?.close();
    await schema?.drop();
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`finishes every acknowledged message after SIGKILL in the middle of ${LOAD.toLocaleString('en')} messages`, async () => {
    schema = await createTestSchema();
    carrier = new FakeSmsc({ receipts: { delayMs: 10 } });
    const { port } = await carrier.listen();
    const configFile = writeCrashConfig(dir, port, { apiKey: API_KEY });

    let started = await startChildPlatform(configFile, schema.url);
    child = started.child;
    const acknowledged = await loadUntilKilled(started, { apiKey: API_KEY, killAfter: LOAD, batchSize: 100, label: 'pg crash test' });
    expect(acknowledged.size).toBeGreaterThanOrEqual(LOAD);
    const ids = [...acknowledged];
    // The kill left work behind, among it messages a lane held in memory (stored with inflight -1):
    // otherwise this test would prove nothing about recovery.
    const { rows: left } = await admin.query<{ n: string; held: string }>(
      `SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE inflight_since = -1) AS held FROM ${schema.name}.messages WHERE id = ANY($1::text[]) AND state <> 'delivered'`,
      [ids],
    );
    expect(Number(left[0].n)).toBeGreaterThan(0);
    expect(Number(left[0].held)).toBeGreaterThan(0);

    started = await startChildPlatform(configFile, schema.url);
    child = started.child;
    const deadline = Date.now() + 60_000;
    let pending = ids;
    while (pending.length > 0 && Date.now() < deadline) {
      const { rows } = await admin.query<{ id: string; state: string }>(`SELECT id, state FROM ${schema.name}.messages WHERE id = ANY($1::text[])`, [pending]);
      const found = new Map(rows.map((r) => [r.id, r.state]));
      expect(pending.filter((id) => !found.has(id)), 'acknowledged messages missing after the crash').toEqual([]);
      pending = pending.filter((id) => found.get(id) !== 'delivered');
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 250)); // polling the real store
    }
    expect(pending, 'acknowledged messages not delivered after restart').toEqual([]);
    // Soon nothing at all is left queued or marked in flight (held by a lane or sent), acknowledged or not.
    await pollUntil(
      async () => Number((await admin.query(`SELECT COUNT(*) AS n FROM ${schema!.name}.messages WHERE state = 'queued' OR inflight_since IS NOT NULL`)).rows[0].n),
      (n) => n === 0,
      'no message to be left queued or in flight',
      30_000,
      250,
    );
    // Each message reached the carrier; only those in flight at the kill may have gone twice.
    expect(carrier.stats().accepted).toBeGreaterThanOrEqual(acknowledged.size);
  }, 120_000);
});
