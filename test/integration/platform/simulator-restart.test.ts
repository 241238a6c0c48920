// The built-in simulator lives in our process, so it forgets the receipts it owes when the platform
// stops. Like a real carrier, which keeps them, it sends them after the next start: messages that were
// submitted before the stop are delivered afterwards, once each, without being sent again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type Config } from '../../../src/config/schema.ts';
import type { Message } from '../../../src/core/message.ts';
import { startPlatform, type Platform } from '../../../src/main.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { bearer, pollUntil } from '../../support/api.ts';

const API_KEY = 'key-sim-restart-1';
const dir = mkdtempSync(join(tmpdir(), 'kuaixin-sim-restart-'));
let platform: Platform | undefined;
afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function configWith(receiptDelayMs: number): Config {
  return {
    ...structuredClone(DEFAULTS),
    http: { host: '127.0.0.1', port: 0 },
    smpp: { enabled: false, host: '127.0.0.1', port: 0 },
    cmpp: { enabled: false, host: '127.0.0.1', port: 0 },
    database: { url: `sqlite:${join(dir, 'kuaixin.db')}` },
    log: { level: 'silent' },
    admin: { username: 'admin', password: 'admin123' },
    accounts: [{ id: 'acme', apiKeys: [API_KEY] }],
    connectors: [{ id: 'sim', type: 'simulator', receiptDelayMs }],
    routes: [{ connectors: ['sim'] }],
  } as Config;
}

async function states(p: Platform, ids: string[]): Promise<Message[]> {
  return Promise.all(ids.map(async (id) => (await p.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(API_KEY) })).json() as Message));
}

describe('the built-in simulator across a restart', () => {
  it('sends the receipts it owed once the platform is up again', async () => {
    // Receipts an hour away: none arrives before the stop.
    platform = await startPlatform(configWith(3_600_000), createLogger('silent'));
    const sent = await platform.http.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: bearer(API_KEY),
      payload: { to: ['13800000001', '13800000002', '13800000003'], text: 'Your code is 4711. '.repeat(9) },
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const ids = (sent.json() as { messages: Array<{ id: string }> }).messages.map((m) => m.id);
    const first = platform;
    await pollUntil(() => states(first, ids), (ms) => ms.every((m) => m.state === 'submitted'), 'every message submitted');
    await platform.stop();

    platform = await startPlatform(configWith(0), createLogger('silent'));
    const again = platform;
    const settled = await pollUntil(() => states(again, ids), (ms) => ms.every((m) => m.state === 'delivered'), 'every message delivered after the restart');
    // Each was sent once: the receipts came for the parts submitted before the stop.
    expect(settled.map((m) => m.attempts)).toEqual([1, 1, 1]);
    expect(settled.map((m) => m.segments)).toEqual([2, 2, 2]);
  });
});
