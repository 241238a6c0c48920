// `kuaixin user …` against the configured store (a SQLite file, then a PostgreSQL schema): users added, listed,
// given passwords, locked and unlocked by the command; a platform on the same database signs them in accordingly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type Config } from '../../../src/config/schema.ts';
import { startPlatform, type Platform } from '../../../src/main.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { runCli, type CliResult } from '../../support/cli.ts';
import { createTestSchema, type TestSchema } from '../../support/pg-schema.ts';

/** Three processes at a time: the machine running the tests may be small. */
async function inBatches(runs: Array<() => Promise<CliResult>>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (let i = 0; i < runs.length; i += 3) results.push(...(await Promise.all(runs.slice(i, i + 3).map((run) => run()))));
  return results;
}

describe.each(['sqlite', 'postgres'] as const)('kuaixin user on %s', { timeout: 240_000 }, (kind) => {
  let dir: string;
  let schema: TestSchema | undefined;
  let dbUrl: string;
  let configFile: string;
  let platform: Platform | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kuaixin-cli-user-'));
    if (kind === 'postgres') schema = await createTestSchema();
    dbUrl = schema ? schema.url : `sqlite:${join(dir, 'kuaixin.db')}`;
    configFile = join(dir, 'kuaixin.json');
    writeFileSync(configFile, JSON.stringify({ database: { url: dbUrl }, log: { level: 'silent' } }));
  });

  afterAll(async () => {
    await platform?.stop();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const user = (...args: string[]) => runCli(['user', ...args, '--config', configFile]);
  const login = async (username: string, password: string) => (await platform!.http.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } })).statusCode;
  let bossPassword: string;

  it('adds an admin and an account owner (a generated password printed alone, once), and refuses what does not fit', async () => {
    const root = await user('add', '--username', 'root', '--role', 'admin', '--password', 'root-pass-1');
    expect(root.code, root.stderr).toBe(0);
    expect(root.stdout).toBe('added admin root of the platform\n');

    expect((await runCli(['account', 'create', '--id', 'acme', '--name', 'ACME', '--config', configFile])).code).toBe(0);
    const boss = await user('add', '--username', 'boss', '--role', 'owner', '--account', 'acme');
    expect(boss.code, boss.stderr).toBe(0);
    expect(boss.stdout).toMatch(/^[A-Za-z0-9_-]{16}\n$/);
    expect(boss.stderr).toContain('shown only now');
    bossPassword = boss.stdout.trim();

    const [duplicate, noAccount, missingAccount, adminWithAccount, badRole, shortPassword, badName] = await inBatches([
      () => user('add', '--username', 'boss', '--role', 'viewer', '--account', 'acme'),
      () => user('add', '--username', 'eve', '--role', 'viewer', '--account', 'nobody'),
      () => user('add', '--username', 'eve', '--role', 'viewer'),
      () => user('add', '--username', 'eve', '--role', 'admin', '--account', 'acme'),
      () => user('add', '--username', 'eve', '--role', 'king', '--account', 'acme'),
      () => user('add', '--username', 'eve', '--role', 'viewer', '--account', 'acme', '--password', 'short'),
      () => user('add', '--username', 'eve smith', '--role', 'viewer', '--account', 'acme'),
    ]);
    expect([duplicate.code, noAccount.code]).toEqual([1, 1]);
    expect(duplicate.stderr).toContain('user boss already exists');
    expect(noAccount.stderr).toContain('no account nobody');
    expect([missingAccount.code, adminWithAccount.code, badRole.code, shortPassword.code, badName.code]).toEqual([2, 2, 2, 2, 2]);
    expect(missingAccount.stderr).toContain('--account is required for --role viewer');
    expect(adminWithAccount.stderr).toContain('--account is not for --role admin');
    expect(badRole.stderr).toContain('--role must be one of admin, owner, operator, viewer');
    expect(shortPassword.stderr).toContain('--password must be 8–200 characters');
    expect(badName.stderr).toContain('--username must be');
  });

  it('lists every user, or one account’s', async () => {
    const all = await user('list');
    expect(all.code, all.stderr).toBe(0);
    const rows = all.stdout.trim().split('\n').map((line) => line.split(/\s+/));
    expect(rows[0]).toEqual(['USERNAME', 'ACCOUNT', 'ROLE', 'STATUS']);
    expect(rows).toContainEqual(['root', '-', 'admin', 'active']);
    expect(rows).toContainEqual(['boss', 'acme', 'owner', 'active']);
    const acme = await user('list', '--account', 'acme');
    expect(acme.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['boss']);
  });

  it('a platform on the same store signs the users in; lock, unlock and passwd take effect on it', async () => {
    const config: Config = {
      ...structuredClone(DEFAULTS),
      http: { host: '127.0.0.1', port: 0 },
      smpp: { enabled: false, host: '127.0.0.1', port: 0 },
      cmpp: { enabled: false, host: '127.0.0.1', port: 0 },
      database: { url: dbUrl },
      log: { level: 'silent' },
      connectors: [{ id: 'sim', type: 'simulator' }],
      routes: [{ connectors: ['sim'] }],
    };
    platform = await startPlatform(config, createLogger('silent'));
    expect(await login('root', 'root-pass-1')).toBe(200);
    expect(await login('boss', bossPassword)).toBe(200);

    const locked = await user('lock', '--username', 'boss');
    expect(locked.code, locked.stderr).toBe(0);
    expect(locked.stdout).toContain('user boss is now locked');
    expect(await login('boss', bossPassword)).toBe(403);
    expect((await user('list', '--account', 'acme')).stdout).toMatch(/boss\s+acme\s+owner\s+locked/);

    expect((await user('unlock', '--username', 'boss')).stdout).toContain('user boss is unlocked');
    expect(await login('boss', bossPassword)).toBe(200);

    // Five wrong passwords lock the user out; unlock clears that too.
    for (let i = 0; i < 5; i++) await login('boss', 'wrong-password');
    expect(await login('boss', bossPassword)).toBe(423);
    expect((await user('unlock', '--username', 'boss')).stdout).toContain('lock-out after failed sign-ins is cleared');
    expect(await login('boss', bossPassword)).toBe(200);

    const passwd = await user('passwd', '--username', 'boss', '--password', 'new-boss-pass');
    expect(passwd.code, passwd.stderr).toBe(0);
    expect(await login('boss', bossPassword)).toBe(401);
    expect(await login('boss', 'new-boss-pass')).toBe(200);
    const unknown = await user('passwd', '--username', 'ghost');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no user ghost');
  });
});
