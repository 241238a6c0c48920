// `kuaixin connector …` against a temporary SQLite store: settings checked as the platform checks them,
// passwords never printed, routed connectors kept, and what it stores loads in a platform started afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type Config } from '../../../src/config/schema.ts';
import { startPlatform, type Platform } from '../../../src/main.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { runCli } from '../../support/cli.ts';

let dir: string;
let dbUrl: string;
let platform: Platform | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kuaixin-cli-connector-'));
  dbUrl = `sqlite:${join(dir, 'kuaixin.db')}`;
  writeFileSync(join(dir, 'kuaixin.yaml'), `database: { url: "${dbUrl}" }\n`);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// KUAIXIN_CONFIG names the file here, as it may for `kuaixin start`.
const connector = (...args: string[]) => runCli(['connector', ...args], { KUAIXIN_CONFIG: join(dir, 'kuaixin.yaml') });

async function listed(): Promise<string[][]> {
  const list = await connector('list');
  expect(list.code, list.stderr).toBe(0);
  if (list.stdout === 'no connectors\n') return [];
  const [header, ...rows] = list.stdout.trimEnd().split('\n');
  expect(header.split(/\s{2,}/)).toEqual(['ID', 'TYPE', 'ENABLED', 'NAME', 'SETTINGS']);
  return rows.map((row) => row.split(/\s{2,}/));
}

const SMPP = ['--set', 'host=127.0.0.1', '--set', 'port=2776', '--set', 'systemId=gw', '--set', 'password=s3cret', '--set', 'encodings=["gsm7","ucs2"]'];

describe('kuaixin connector', { timeout: 60_000 }, () => {
  it('refuses a bad setting naming the field, and stores nothing', async () => {
    const [badPort, badOutcome, typo, numericPassword] = await Promise.all([
      connector('add', '--id', 'up1', '--type', 'smpp', ...SMPP, '--set', 'window=0'),
      connector('add', '--id', 'sim', '--type', 'simulator', '--set', 'outcomes={"delivered":1,"lost":1}'),
      connector('add', '--id', 'up1', '--type', 'smpp', ...SMPP, '--set', 'windw=10'),
      connector('add', '--id', 'up1', '--type', 'smpp', '--set', 'host=h', '--set', 'port=1', '--set', 'systemId=gw', '--set', 'password=1234'),
    ]);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('window: must be between 1 and 10000, got 0');
    expect(badOutcome.code).toBe(2);
    expect(badOutcome.stderr).toContain('outcomes.lost');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--set windw: not a smpp setting');
    // 1234 parses as JSON, so it is a number; the message shows how to keep it text.
    expect(numericPassword.code).toBe(2);
    expect(numericPassword.stderr).toContain('password: is required and must be a string');
    expect(numericPassword.stderr).toContain(`--set 'password="1234"'`);
    expect(await listed()).toEqual([]);
  });

  it('adds connectors, lists them with passwords masked, and refuses a duplicate id', async () => {
    const up1 = await connector('add', '--id', 'up1', '--type', 'smpp', '--name', 'Carrier A', ...SMPP, '--set', 'window=100');
    expect(up1.code, up1.stderr).toBe(0);
    const sim = await connector('add', '--id', 'fastsim', '--type', 'simulator', '--disabled', '--set', 'receiptDelayMs=20', '--set', 'outcomes={"delivered":1}');
    expect(sim.code, sim.stderr).toBe(0);
    const duplicate = await connector('add', '--id', 'up1', '--type', 'simulator');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('connector up1 already exists');

    const rows = await listed();
    expect(rows.map((row) => row.slice(0, 4)).sort()).toEqual([
      ['fastsim', 'simulator', 'no', 'fastsim'],
      ['up1', 'smpp', 'yes', 'Carrier A'],
    ]);
    const up1Settings = JSON.parse(rows.find((row) => row[0] === 'up1')![4]) as Record<string, unknown>;
    expect(up1Settings).toEqual({ host: '127.0.0.1', port: 2776, systemId: 'gw', password: '••••••', encodings: ['gsm7', 'ucs2'], window: 100 });
    expect(rows.flat().join(' ')).not.toContain('s3cret');
  });

  it('enables, disables and removes, refusing unknown ids and connectors a route still uses', async () => {
    expect((await connector('enable', '--id', 'fastsim')).code).toBe(0);
    expect((await connector('disable', '--id', 'up1')).code).toBe(0);
    expect((await listed()).map((row) => [row[0], row[2]]).sort()).toEqual([
      ['fastsim', 'yes'],
      ['up1', 'no'],
    ]);
    const unknown = await connector('enable', '--id', 'ghost');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no connector ghost');

    const store = await openStore(dbUrl);
    try {
      await store.routes.upsert({ id: 'via-up1', name: 'via up1', position: 10, filters: { prefixes: ['+86'] }, strategy: 'static', connectors: [{ id: 'up1', weight: 1 }], isDefault: false, enabled: true });
    } finally {
      await store.close();
    }
    const routed = await connector('remove', '--id', 'up1');
    expect(routed.code).toBe(1);
    expect(routed.stderr).toContain('route via-up1 still uses connector up1');

    const store2 = await openStore(dbUrl);
    try {
      await store2.routes.delete('via-up1');
    } finally {
      await store2.close();
    }
    expect((await connector('remove', '--id', 'up1')).code).toBe(0);
    expect((await connector('remove', '--id', 'up1')).code).toBe(1);
    expect((await listed()).map((row) => row[0])).toEqual(['fastsim']);
  });

  it('stores connectors a platform started afterwards runs', { timeout: 60_000 }, async () => {
    const config: Config = {
      ...structuredClone(DEFAULTS),
      http: { host: '127.0.0.1', port: 0 },
      smpp: { enabled: false, host: '127.0.0.1', port: 0 },
      database: { url: dbUrl },
      log: { level: 'silent' },
      admin: { username: 'admin', password: 'admin123' },
      // Routes come from the config file or the admin API; the platform needs a default one.
      routes: [{ connectors: ['fastsim'] }],
    };
    platform = await startPlatform(config, createLogger('silent'));
    const stats = platform.gateway.connectors.get('fastsim')?.stats();
    expect(stats, 'the platform runs the connector the command added').toBeDefined();
  });
});
