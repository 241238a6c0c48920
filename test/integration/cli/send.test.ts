// `kuaixin send` as a real process against a real platform running in the test process. The demo
// account is routed to a simulator whose receipts always say delivered, so --wait has one right answer.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, pollUntil } from '../../support/api.ts';
import { runCli } from '../../support/cli.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let key: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  key = platform.seed.demo!.apiKey;
  const admin = await adminToken(platform);
  const sim = await platform.http.inject({
    method: 'POST',
    url: '/v1/connectors',
    headers: bearer(admin),
    payload: { id: 'always', type: 'simulator', settings: { receiptDelayMs: 20, outcomes: { delivered: 1 } } },
  });
  expect(sim.statusCode, sim.body).toBe(201);
  const route = await platform.http.inject({ method: 'POST', url: '/v1/routes', headers: bearer(admin), payload: { id: 'demo-always', position: 10, filters: { accounts: ['demo'] }, connectors: ['always'] } });
  expect(route.statusCode, route.body).toBe(201);
  await pollUntil(async () => platform.gateway.connectors.get('always')?.stats().state, (s) => s === 'up', "connector 'always' to come up");
});

afterAll(async () => {
  await platform?.stop();
});

/** Output lines split into their columns. */
function rows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s{2,}/));
}

describe('kuaixin send', { timeout: 60_000 }, () => {
  it('prints a line per recipient and exits 1 when one of them is rejected', async () => {
    const result = await runCli(['send', '--url', platform.httpUrl, '--key', key, '--to', '13800138000,12', '--text', '您好 from the command line', '--priority', 'urgent']);
    expect(result.code, result.stderr).toBe(1);
    const [good, bad] = rows(result.stdout);
    expect(good.slice(0, 2)).toEqual(['13800138000', 'accepted']);
    expect(bad.slice(0, 2)).toEqual(['12', 'rejected']);
    expect(bad[2]).toMatch(/^invalid_number: /);

    const stored = await platform.store.messages.get(good[2]);
    expect(stored?.accountId).toBe('demo');
    expect(stored?.text).toBe('您好 from the command line');
  });

  it('with --wait follows each message to its final state, taking the key from KUAIXIN_API_KEY', async () => {
    const result = await runCli(['send', '--url', `${platform.httpUrl}/`, '--to', '+8613800138001,13900139000', '--text', 'wait for it', '--wait', '--timeout', '30'], { KUAIXIN_API_KEY: key });
    expect(result.code, result.stderr).toBe(0);
    const lines = rows(result.stdout);
    expect(lines).toHaveLength(4);
    const accepted = lines.slice(0, 2);
    const final = lines.slice(2);
    expect(accepted.map((line) => line[1])).toEqual(['accepted', 'accepted']);
    expect(final.map((line) => line.slice(0, 3))).toEqual(accepted.map(([to, , id]) => [to, 'delivered', id]));
    for (const [, , id] of final) expect((await platform.store.messages.get(id))?.state).toBe('delivered');
  });

  it('exits 1 naming the reason when the key is wrong or nobody listens', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const [wrongKey, nobody] = await Promise.all([
      runCli(['send', '--url', platform.httpUrl, '--key', 'kx_not-a-key', '--to', '13800138000', '--text', 'x']),
      runCli(['send', '--url', `http://127.0.0.1:${closedPort}`, '--key', key, '--to', '13800138000', '--text', 'x']),
    ]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('HTTP 401 unauthorized');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain(`cannot reach the platform at http://127.0.0.1:${closedPort}: ECONNREFUSED`);
  });
});
