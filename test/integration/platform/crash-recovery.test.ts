// SIGKILL under load: every message the platform acknowledged is found after a restart and finished.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSmsc } from '../../../src/protocols/smpp/testing/fake-smsc.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { loadUntilKilled, startChildPlatform, writeCrashConfig } from '../../support/child-platform.ts';

const API_KEY = 'key-crash-test-1';

describe('crash recovery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-crash-'));
  let carrier: FakeSmsc;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    child?.kill('SIGKILL');
    await carrier?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes every acknowledged message after SIGKILL in the middle of heavy load', async () => {
    carrier = new FakeSmsc({ receipts: { delayMs: 10 } });
    const { port } = await carrier.listen();
    const database = join(dir, 'kuaixin.db');
    const configFile = writeCrashConfig(dir, port, { apiKey: API_KEY });

    let started = await startChildPlatform(configFile, `sqlite:${database}`);
    child = started.child;
    const acknowledged = await loadUntilKilled(started, { apiKey: API_KEY, killAfter: 4000, batchSize: 200, label: 'crash test' });
    expect(acknowledged.size).toBeGreaterThanOrEqual(4000);

    started = await startChildPlatform(configFile, `sqlite:${database}`);
    child = started.child;
    const store = await openStore(`sqlite:${database}`);
    try {
      const deadline = Date.now() + 60_000;
      let pending = [...acknowledged];
      let stuck: string[] = [];
      while (pending.length > 0 && Date.now() < deadline) {
        const states = await Promise.all(pending.map((id) => store.messages.get(id)));
        const missing = pending.filter((_, i) => states[i] === null);
        expect(missing, 'acknowledged messages missing after the crash').toEqual([]);
        const undelivered = states.filter((m) => m!.state !== 'delivered');
        pending = undelivered.map((m) => m!.id);
        // Where they are stuck, should the deadline pass: state, attempts and error of a few.
        stuck = undelivered.slice(0, 3).map((m) => `${m!.id} ${m!.state} attempts ${m!.attempts} ${m!.errorCode ?? ''}`);
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 250)); // polling the real store
      }
      expect(pending, `acknowledged messages not delivered after restart, such as: ${stuck.join('; ')}`).toEqual([]);
      // Each message reached the carrier; only those in flight at the kill may have gone twice.
      expect(carrier.stats().accepted).toBeGreaterThanOrEqual(acknowledged.size);
    } finally {
      await store.close();
    }
  }, 120_000);
});
