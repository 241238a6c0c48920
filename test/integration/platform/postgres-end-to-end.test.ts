// The platform on PostgreSQL beyond the shared flows: lane-held messages (inflight -1), concurrent
// group commits under load, input PostgreSQL cannot store, broken pool connections, two nodes on one schema.
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_BY_LANE } from '../../../src/core/intake.ts';
import { FakeSmsc } from '../../../src/protocols/smpp/testing/fake-smsc.ts';
import { bearer, pollUntil } from '../../support/api.ts';
import { TEST_DATABASE_URL, createTestSchema, type TestSchema } from '../../support/pg-schema.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

const KEY = 'key-pg-e2e-1';
const FINAL = ['delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled'];

const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
afterAll(() => admin.end());

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function send(platform: TestPlatform, payload: Record<string, unknown>) {
  return platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(KEY), payload });
}

async function sendBatch(platform: TestPlatform, messages: Array<Record<string, unknown>>): Promise<string[]> {
  const res = await platform.http.inject({ method: 'POST', url: '/v1/messages/batch', headers: bearer(KEY), payload: { messages } });
  expect(res.statusCode, res.body).toBe(202);
  const ids = (res.json() as { messages: Array<{ id?: string }> }).messages.map((m) => m.id);
  expect(ids.every((id) => typeof id === 'string')).toBe(true);
  return ids as string[];
}

/** States of the given messages straight from the schema's table. */
async function statesIn(schema: string, ids: string[]): Promise<Map<string, { state: string; inflight: number | null }>> {
  const { rows } = await admin.query<{ id: string; state: string; inflight_since: string | null }>(
    `SELECT id, state, inflight_since FROM ${schema}.messages WHERE id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { state: r.state, inflight: r.inflight_since === null ? null : Number(r.inflight_since) }]));
}

async function untilAllFinal(schema: string, ids: string[], timeoutMs = 30_000) {
  return pollUntil(
    () => statesIn(schema, ids),
    (states) => ids.every((id) => FINAL.includes(states.get(id)?.state ?? '')),
    `${ids.length} messages to reach a final state`,
    timeoutMs,
    100,
  );
}

describe('on PostgreSQL: messages for a connector that is down', () => {
  let carrier: FakeSmsc | undefined;
  let platform: TestPlatform;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    platform = await startTestPlatform(
      {
        demo: false,
        accounts: [{ id: 'acme', apiKeys: [KEY] }],
        connectors: [{ id: 'up1', type: 'smpp', host: '127.0.0.1', port, systemId: 'gw', password: 'gwpass', window: 50, reconnectInitialMs: 50, reconnectMaxMs: 200 }],
        routes: [{ connectors: ['up1'] }],
      },
      { store: 'postgres' },
    );
  });

  afterAll(async () => {
    await platform?.stop();
    await carrier?.close();
  });

  it('wait in the store, not in a lane, while the carrier is down, and are sent once it is up', async () => {
    const ids = await sendBatch(platform, Array.from({ length: 5 }, (_, i) => ({ to: `+8613800138${String(i).padStart(3, '0')}`, text: `waiting ${i}` })));
    const schema = platform.schema!;

    // A lane holds fresh messages in memory (inflight HELD_BY_LANE) only while its connector is up.
    const stored = await statesIn(schema, ids);
    expect([...stored.values()]).toEqual(ids.map(() => ({ state: 'queued', inflight: null })));
    expect(await platform.store.messages.listInflight(100)).toEqual([]);
    expect(platform.gateway.lanes.get('up1')?.stats().held).toBe(0);
    expect(HELD_BY_LANE).toBe(-1);

    carrier = new FakeSmsc({ receipts: { delayMs: 10 }, accounts: { gw: 'gwpass' } });
    await carrier.listen(port);
    const done = await untilAllFinal(schema, ids);
    expect([...done.values()]).toEqual(ids.map(() => ({ state: 'delivered', inflight: null })));
    expect(carrier.stats().accepted).toBe(ids.length);
  });
});

describe('on PostgreSQL: load and hostile input', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform(
      {
        demo: false,
        accounts: [{ id: 'acme', apiKeys: [KEY] }],
        connectors: [{ id: 'sim', type: 'simulator', receiptDelayMs: 20, outcomes: { delivered: 1 } }],
        routes: [{ connectors: ['sim'] }],
      },
      { store: 'postgres' },
    );
    await pollUntil(async () => platform.gateway.connectors.get('sim')?.stats().state, (s) => s === 'up', 'the simulator to come up');
  });

  afterAll(() => platform?.stop());

  it('1,200 messages from concurrent requests (more group commits than pooled connections) are all delivered', async () => {
    const batches = Array.from({ length: 12 }, (_, b) =>
      sendBatch(platform, Array.from({ length: 50 }, (_, i) => ({ to: `+86139${String(b * 100 + i).padStart(8, '0')}`, text: `load ${b}/${i}` }))),
    );
    const singles = Array.from({ length: 600 }, async (_, i) => {
      const res = await send(platform, { to: `+86137${String(i).padStart(8, '0')}`, text: `single ${i}`, clientRef: `single-${i}` });
      expect(res.statusCode, res.body).toBe(202);
      return (res.json() as { messages: Array<{ id: string }> }).messages[0].id;
    });
    const ids = [...(await Promise.all(batches)).flat(), ...(await Promise.all(singles))];
    expect(new Set(ids).size).toBe(1200);

    const done = await untilAllFinal(platform.schema!, ids, 60_000);
    expect(new Set([...done.values()].map((s) => s.state))).toEqual(new Set(['delivered']));
    const { rows } = await admin.query<{ attempts: number; submitted: boolean; parts: string }>(
      `SELECT m.attempts, m.submitted_at IS NOT NULL AS submitted, (SELECT COUNT(*) FROM ${platform.schema}.message_parts p WHERE p.message_id = m.id) AS parts
       FROM ${platform.schema}.messages m WHERE m.id = ANY($1::text[])`,
      [ids],
    );
    // Each message submitted once with its one part recorded: none lost or doubled by concurrent transactions.
    expect(rows).toHaveLength(1200);
    expect(rows.filter((r) => r.attempts !== 1 || !r.submitted || Number(r.parts) !== 1)).toEqual([]);
  }, 90_000);

  it('a text with U+0000 is refused with 400 and does not fail the messages committed with it', async () => {
    const [bad, ...good] = await Promise.all([
      send(platform, { to: '+8613800138000', text: 'nul \u0000 inside' }),
      ...Array.from({ length: 5 }, (_, i) => send(platform, { to: `+861380013801${i}`, text: `beside a bad one ${i}` })),
    ]);
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed', field: 'text' } });
    for (const res of good) expect(res.statusCode, res.body).toBe(202);
    const ids = good.map((res) => (res.json() as { messages: Array<{ id: string }> }).messages[0].id);
    expect([...(await untilAllFinal(platform.schema!, ids)).values()].map((s) => s.state)).toEqual(ids.map(() => 'delivered'));

    const badRef = await send(platform, { to: '+8613800138000', text: 'fine', clientRef: 'ref\u0000' });
    expect(badRef.statusCode, badRef.body).toBe(400);
    expect(badRef.json()).toMatchObject({ error: { field: 'clientRef' } });
  });

  it('lookups by a key with U+0000 find nothing instead of failing', async () => {
    const byId = await platform.http.inject({ method: 'GET', url: '/v1/messages/abc%00def', headers: bearer(KEY) });
    expect(byId.statusCode, byId.body).toBe(404);
    const list = await platform.http.inject({ method: 'GET', url: '/v1/messages?clientRef=a%00b', headers: bearer(KEY) });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual({ items: [], nextCursor: null });
    expect(await platform.store.settings.get('no\u0000such')).toBeNull();
  });

  it('keeps working when PostgreSQL terminates its idle connections', async () => {
    // Every connection of the pool is idle between requests; terminating them makes the pool emit 'error'.
    await pollUntil(
      async () => (await admin.query('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND state = $2', [platform.schema, 'idle'])).rows[0].n,
      (n) => Number(n) > 0,
      'an idle pooled connection',
    );
    const pids = (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [platform.schema])).rows.map((r) => r.pid);
    expect(pids.length).toBeGreaterThan(0);
    await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS t(pid)', [pids]);
    await pollUntil(
      async () => (await admin.query('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids])).rows[0].n,
      (n) => Number(n) === 0,
      'the terminated backends to exit',
    );
    // Requests may race a connection that is being torn down; the platform must answer and recover.
    const accepted = await pollUntil(
      () => send(platform, { to: '+8613900139000', text: 'after the terminations' }),
      (res) => res.statusCode === 202,
      'a send to be accepted again',
    );
    const id = (accepted.json() as { messages: Array<{ id: string }> }).messages[0].id;
    expect((await untilAllFinal(platform.schema!, [id])).get(id)?.state).toBe('delivered');
  });
});

describe('on PostgreSQL: two nodes sharing one schema', () => {
  let schema: TestSchema;
  let carrier: FakeSmsc;
  const nodes: TestPlatform[] = [];

  beforeAll(async () => {
    schema = await createTestSchema();
    // One carrier for both nodes, as in production: its message ids are unique across the binds.
    // (Each node's built-in simulator would number its ids from 1, and the nodes' ids would collide.)
    carrier = new FakeSmsc({ receipts: { delayMs: 10 }, accounts: { gw: 'gwpass' } });
    const { port } = await carrier.listen();
    const config = {
      demo: false,
      smpp: { enabled: false, host: '127.0.0.1', port: 0 },
      accounts: [{ id: 'acme', apiKeys: [KEY] }],
      connectors: [{ id: 'up1', type: 'smpp' as const, host: '127.0.0.1', port, systemId: 'gw', password: 'gwpass', window: 50 }],
      routes: [{ connectors: ['up1'] }],
    };
    // Both start (and migrate, and seed) at once, as nodes of one deployment do.
    nodes.push(...(await Promise.all([startTestPlatform(config, { schema }), startTestPlatform(config, { schema })])));
    for (const node of nodes) await pollUntil(async () => node.gateway.connectors.get('up1')?.stats().state, (s) => s === 'up', 'the carrier bind to come up');
  });

  afterAll(async () => {
    for (const node of nodes) await node.stop();
    await carrier?.close();
    await schema?.drop();
  });

  it('messages accepted by either node are each sent exactly once and delivered', async () => {
    const ids = (
      await Promise.all(
        Array.from({ length: 8 }, (_, b) =>
          sendBatch(nodes[b % 2], Array.from({ length: 50 }, (_, i) => ({ to: `+86136${String(b * 100 + i).padStart(8, '0')}`, text: `node ${b % 2} ${b}/${i}` }))),
        ),
      )
    ).flat();
    const done = await untilAllFinal(schema.name, ids, 60_000);
    expect(new Set([...done.values()].map((s) => s.state))).toEqual(new Set(['delivered']));
    const { rows } = await admin.query<{ id: string; attempts: number }>(`SELECT id, attempts FROM ${schema.name}.messages WHERE id = ANY($1::text[])`, [ids]);
    expect(rows).toHaveLength(ids.length);
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
    expect(carrier.stats().accepted).toBe(ids.length);
  }, 90_000);
});
