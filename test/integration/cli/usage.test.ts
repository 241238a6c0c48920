// `kuaixin` help texts and usage errors: each command explains itself, and bad input exits 2 naming the option.
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../support/cli.ts';

/** Three processes at a time: the machine running the tests may be small. */
async function inBatches(runs: Array<() => Promise<CliResult>>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (let i = 0; i < runs.length; i += 3) results.push(...(await Promise.all(runs.slice(i, i + 3).map((run) => run()))));
  return results;
}

describe('kuaixin help', () => {
  it('lists every command and prints each group’s help with exit 0', async () => {
    const [top, send, account, connector] = await Promise.all([runCli(['--help']), runCli(['send', '--help']), runCli(['account', '--help']), runCli(['connector', 'add', '--help'])]);
    expect(top.code).toBe(0);
    for (const command of ['start', 'sim', 'send', 'account', 'user', 'connector', 'backup', 'restore']) expect(top.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));

    expect(send.code).toBe(0);
    for (const option of ['--to', '--text', '--from', '--priority', '--schedule', '--url', '--key', 'KUAIXIN_API_KEY', '--wait', '--timeout']) expect(send.stdout).toContain(option);

    expect(account.code).toBe(0);
    for (const action of ['list', 'create', 'add-key', 'add-smpp', 'suspend', 'activate']) expect(account.stdout).toMatch(new RegExp(`^  ${action}\\b`, 'm'));

    expect(connector.code).toBe(0);
    for (const action of ['list', 'add', 'remove', 'enable', 'disable']) expect(connector.stdout).toMatch(new RegExp(`^  ${action}\\b`, 'm'));
    // Changes through this command reach a running platform only when it restarts; the help says so.
    expect(connector.stdout).toMatch(/admin API[\s\S]*immediately[\s\S]*next start/);
  });
});

describe('kuaixin usage errors', () => {
  const cases: Array<{ args: string[]; names: string }> = [
    { args: ['send', '--text', 'hi', '--key', 'k'], names: '--to' },
    { args: ['send', '--to', '13800138000', '--key', 'k'], names: '--text' },
    { args: ['send', '--to', '13800138000', '--text', 'hi', '--key', 'k', '--priority', 'asap'], names: '--priority' },
    { args: ['send', '--to', '13800138000', '--text', 'hi', '--key', 'k', '--schedule', 'tomorrow'], names: '--schedule' },
    { args: ['send', '--to', '13800138000', '--text', 'hi'], names: '--key' },
    { args: ['send', '--to', '13800138000', '--text', 'hi', '--key', 'k', '--wait', '--timeout', '0'], names: '--timeout' },
    { args: ['account', 'create', '--id', 'acme'], names: '--name' },
    { args: ['account', 'create', '--id', 'no spaces', '--name', 'x'], names: '--id' },
    { args: ['account', 'add-key', '--id', 'acme', '--adimn'], names: '--adimn' },
    { args: ['connector', 'add', '--id', 'x', '--type', 'http'], names: '--type' },
    { args: ['connector', 'add', '--id', 'x', '--type', 'simulator', '--set', 'novalue'], names: '--set' },
  ];

  it('exits 2 and names the offending option, before touching a store or the network', { timeout: 90_000 }, async () => {
    // A store URL that cannot open: a command that got as far as the store would exit 1, not 2.
    const results = await inBatches(cases.map(({ args }) => () => runCli(args, { DATABASE_URL: 'never://opened' })));
    results.forEach((result, i) => {
      const { args, names } = cases[i];
      expect(result.code, `kuaixin ${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr, `kuaixin ${args.join(' ')}`).toContain(names);
      expect(result.stdout).toBe('');
    });
  });

  it('exits 2 on an unknown action and lists the known ones', async () => {
    const [account, connector] = await Promise.all([runCli(['account', 'remove', '--id', 'x']), runCli(['connector', 'rename'])]);
    expect(account.code).toBe(2);
    expect(account.stderr).toContain("unknown action 'remove'");
    expect(account.stderr).toContain('add-smpp');
    expect(connector.code).toBe(2);
    expect(connector.stderr).toContain("unknown action 'rename'");
  });
});
