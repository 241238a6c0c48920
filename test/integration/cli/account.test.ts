// `kuaixin account …` against a temporary SQLite store, then a platform started on that same database
// afterwards: the keys and SMPP logins the command printed or stored must work there.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type Config } from '../../../src/config/schema.ts';
import { startPlatform, type Platform } from '../../../src/main.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { CmppClient } from '../../../src/protocols/cmpp/client.ts';
import { runCli } from '../../support/cli.ts';
import { nodeSmppConnect, nodeSmppRequest } from '../../support/node-smpp.ts';

let dir: string;
let dbUrl: string;
let configFile: string;
let platform: Platform | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kuaixin-cli-account-'));
  dbUrl = `sqlite:${join(dir, 'kuaixin.db')}`;
  configFile = join(dir, 'kuaixin.json');
  writeFileSync(configFile, JSON.stringify({ database: { url: dbUrl }, log: { level: 'silent' } }));
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const account = (...args: string[]) => runCli(['account', ...args, '--config', configFile]);

/** The key is the whole of stdout, so scripts can capture it. */
function keyOf(stdout: string): string {
  expect(stdout).toMatch(/^kx_[A-Za-z0-9_-]{32}\n$/);
  return stdout.trim();
}

describe('kuaixin account', { timeout: 60_000 }, () => {
  const keys: Record<string, string> = {};

  it('creates accounts, printing each new API key once, and refuses a duplicate', async () => {
    const acme = await account('create', '--id', 'acme', '--name', 'ACME Ltd', '--tps', '50', '--callback-url', 'https://hooks.example.com/sms');
    expect(acme.code, acme.stderr).toBe(0);
    keys.acme = keyOf(acme.stdout);
    expect(acme.stderr).toContain('shown only now');

    const again = await account('create', '--id', 'acme', '--name', 'Other');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('account acme already exists');
    expect(again.stdout).toBe('');

    // DATABASE_URL alone names the store too, as for `kuaixin start`.
    const frozen = await runCli(['account', 'create', '--id', 'frozen', '--name', 'Frozen Co'], { DATABASE_URL: dbUrl });
    expect(frozen.code, frozen.stderr).toBe(0);
    keys.frozen = keyOf(frozen.stdout);
  });

  it('adds account and admin keys, and refuses an unknown account', async () => {
    const admin = await account('add-key', '--id', 'acme', '--admin');
    expect(admin.code, admin.stderr).toBe(0);
    keys.admin = keyOf(admin.stdout);
    expect(keys.admin).not.toBe(keys.acme);

    const unknown = await account('add-key', '--id', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no account nobody');
  });

  it('validates SMPP logins, naming the option, and refuses a system id already in use', async () => {
    const [longPassword, longSystemId, badIp, missing] = await Promise.all([
      account('add-smpp', '--id', 'acme', '--system-id', 'acme', '--password', 'ninechars'),
      account('add-smpp', '--id', 'acme', '--system-id', 'a-system-id-16ch', '--password', 'pw'),
      account('add-smpp', '--id', 'acme', '--system-id', 'acme', '--password', 'pw', '--ip', '10.0.0.0/40'),
      account('add-smpp', '--id', 'acme', '--system-id', 'acme'),
    ]);
    expect([longPassword.code, longSystemId.code, badIp.code, missing.code]).toEqual([2, 2, 2, 2]);
    expect(longPassword.stderr).toContain('--password must be at most 8 characters');
    expect(longSystemId.stderr).toContain('--system-id must be at most 15 characters');
    expect(badIp.stderr).toContain("--ip: '10.0.0.0/40'");
    expect(missing.stderr).toContain('--password is required');

    const added = await account('add-smpp', '--id', 'acme', '--system-id', 'acme_smpp', '--password', 'secret1', '--max-binds', '2', '--ip', '127.0.0.1,10.0.0.0/8');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('acme_smpp');

    const taken = await account('add-smpp', '--id', 'frozen', '--system-id', 'acme_smpp', '--password', 'other');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('SMPP system id acme_smpp already exists (account acme)');
  });

  it('add-cmpp stores a CMPP login, refusing a long SP_Id and a taken one', async () => {
    const long = await account('add-cmpp', '--id', 'acme', '--sp-id', '1234567', '--secret', 's');
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('--sp-id must be at most 6 characters (CMPP limit)');
    const added = await account('add-cmpp', '--id', 'acme', '--sp-id', '901234', '--secret', 'cmpp-secret', '--max-connections', '2');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('SP 901234 (up to 2 connections');
    const taken = await account('add-cmpp', '--id', 'frozen', '--sp-id', '901234', '--secret', 'x');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('CMPP SP_Id 901234 already exists (account acme)');
  });

  it('add-cloud-key prints an AccessKeyId and its secret once, stored as a cloud key of the account', async () => {
    expect((await account('add-cloud-key', '--id', 'ghost')).code).toBe(1);
    const added = await account('add-cloud-key', '--id', 'acme', '--name', 'aliyun sdk');
    expect(added.code, added.stderr).toBe(0);
    const [accessKeyId, secret] = added.stdout.trim().split(' ');
    expect(accessKeyId).toMatch(/^KX[0-9A-F]{20}$/);
    expect(secret.length).toBeGreaterThanOrEqual(32);
  });

  it('suspends and activates, and lists every account as a table', async () => {
    expect((await account('suspend', '--id', 'frozen')).code).toBe(0);
    expect((await account('suspend', '--id', 'acme')).code).toBe(0);
    const reactivated = await account('activate', '--id', 'acme');
    expect(reactivated.code).toBe(0);
    expect(reactivated.stdout).toContain('account acme is now active');
    expect((await account('activate', '--id', 'ghost')).code).toBe(1);

    const list = await account('list');
    expect(list.code, list.stderr).toBe(0);
    const [header, ...rows] = list.stdout.trimEnd().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['ID', 'NAME', 'STATUS', 'TPS', 'CALLBACK']);
    expect(rows.map((row) => row.split(/\s{2,}/))).toEqual([
      ['acme', 'ACME Ltd', 'active', '50', 'https://hooks.example.com/sms'],
      ['frozen', 'Frozen Co', 'suspended', 'unlimited', '-'],
    ]);
  });

  it('leaves keys and logins that a platform started on the same database afterwards accepts', { timeout: 60_000 }, async () => {
    const config: Config = {
      ...structuredClone(DEFAULTS),
      http: { host: '127.0.0.1', port: 0 },
      smpp: { enabled: true, host: '127.0.0.1', port: 0 },
      cmpp: { enabled: true, host: '127.0.0.1', port: 0 },
      database: { url: dbUrl },
      log: { level: 'silent' },
      admin: { username: 'admin', password: 'admin123' },
    };
    expect(config.accounts).toEqual([]);
    platform = await startPlatform(config, createLogger('silent'));
    const get = (path: string, key: string) => fetch(`${platform!.httpUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });

    const me = await get('/v1/me', keys.acme);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { accountId: string }).accountId).toBe('acme');

    const sent = await fetch(`${platform.httpUrl}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.acme}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '13800138000', text: 'hello from a CLI-made key' }),
    });
    expect(sent.status, await sent.clone().text()).toBe(202);

    // The admin key may manage accounts; the plain one may not.
    expect((await get('/v1/accounts', keys.admin)).status).toBe(200);
    expect((await get('/v1/accounts', keys.acme)).status).toBe(403);
    // Suspended with the command: its key is refused.
    expect((await get('/v1/me', keys.frozen)).status).toBe(403);

    const bind = async (password: string) => {
      const session = await nodeSmppConnect(platform!.smppPort!);
      try {
        return (await nodeSmppRequest(session, 'bind_transceiver', { system_id: 'acme_smpp', password })).command_status;
      } finally {
        session.destroy();
      }
    };
    expect(await bind('wrong')).not.toBe(0);
    expect(await bind('secret1')).toBe(0);

    const cmpp = new CmppClient({ host: '127.0.0.1', port: platform.cmppPort!, spId: '901234', secret: 'cmpp-secret', reconnect: false, activeTestIntervalMs: 0 });
    await cmpp.connect();
    await cmpp.close();
  });
});
