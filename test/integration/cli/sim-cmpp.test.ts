// `kuaixin sim --protocol cmpp` as its own process: an SP logs in, submits and gets its report back.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CmppClient } from '../../../src/protocols/cmpp/client.ts';
import type { CmppFrameOf } from '../../../src/protocols/cmpp/dialect.ts';
import { decodeCmppReport } from '../../../src/protocols/cmpp/report.ts';
import { runCli } from '../../support/cli.ts';
import { waitUntil } from '../../support/wait-for.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('kuaixin sim --protocol cmpp', () => {
  it('runs a fake ISMG: a 2.0 SP logs in, submits, and receives the report', async () => {
    const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', '--protocol', 'cmpp', '--port', '0', '--version', '2', '--accounts', '901234:1234', '--receipt-delay', '10', '--outcomes', 'UNDELIV=1', '--stats-every', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    const lines: Record<string, unknown>[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    const listening = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = lines.find((l) => l.event === 'listening');
        if (found) {
          clearInterval(timer);
          resolve(found);
        }
      }, 20);
      child.once('exit', (code) => reject(new Error(`sim exited with ${code}`)));
    });
    expect(listening).toMatchObject({ protocol: 'cmpp', version: '2.0' });

    const sp = new CmppClient({ host: '127.0.0.1', port: listening.port as number, version: '2.0', spId: '901234', secret: '1234', reconnect: false, activeTestIntervalMs: 0 });
    const reports: CmppFrameOf<'deliver'>[] = [];
    sp.on('deliver', (pdu: CmppFrameOf<'deliver'>) => reports.push(pdu));
    await sp.connect();
    const response = await sp.submit({ Registered_Delivery: 1, Src_Id: '10690001', Dest_terminal_Id: ['13800138000'], Msg_Content: Buffer.from('hi') });
    await waitUntil(sp, 'deliver', () => reports.length === 1, 5000);
    expect(decodeCmppReport(reports[0]!.Msg_Content)).toMatchObject({ Msg_Id: response.Msg_Id, Stat: 'UNDELIV' });
    expect(reports[0]!.Msg_Content.length).toBe(60);
    await sp.close();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toMatchObject({ event: 'stopped', accepted: 1, reportsSent: 1 });
  });

  it('refuses bad options with exit code 2', async () => {
    const result = await runCli(['sim', '--protocol', 'cmpp', '--version', '4']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--version/);
    const help = await runCli(['sim', '--protocol', 'cmpp', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/fake China Mobile ISMG/);
  });
});
