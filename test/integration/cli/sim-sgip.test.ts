// `kuaixin sim --protocol sgip` as its own process: takes a Submit and sends the Report back over its
// connect-back to our SGIP server; usage errors exit 2.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SgipClient } from '../../../src/protocols/sgip/client.ts';
import type { SgipPdu } from '../../../src/protocols/sgip/pdu-types.ts';
import { credentialsAuthenticator, SgipServer } from '../../../src/protocols/sgip/server.ts';
import { runCli } from '../../support/cli.ts';
import { pollUntil } from '../../support/api.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

describe('kuaixin sim --protocol sgip', () => {
  it('runs a fake SMG that reports back to the SP server it is given', async () => {
    const received: SgipPdu[] = [];
    const sp = new SgipServer({ nodeId: 3010012345, authenticate: credentialsAuthenticator({ smg: 'smgpw' }), onRequest: (pdu) => void received.push(pdu) });
    const { port: spPort } = await sp.listen(0);
    closers.push(() => sp.close());

    const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', '--protocol', 'sgip', '--port', '0', '--accounts', 'sp:sppw', '--connect-back', `127.0.0.1:${spPort}`, '--smg-login', 'smg:smgpw', '--report-delay', '10', '--stats-every', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    closers.push(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    const lines: Array<Record<string, unknown>> = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    const listening = (await pollUntil(async () => lines.find((l) => l.event === 'listening'), (l) => l !== undefined, 'the sim to listen'))!;
    expect(listening).toMatchObject({ protocol: 'sgip', mode: 'happy' });

    const client = new SgipClient({ host: '127.0.0.1', port: listening.port as number, nodeId: 3010012345, loginName: 'sp', loginPassword: 'sppw' });
    closers.push(() => client.close());
    const response = await client.submit({ SPNumber: '10655001', UserNumber: ['8613012345678'], ReportFlag: 1, MessageContent: Buffer.from('hi') });
    await pollUntil(async () => received.length, (n) => n > 0, 'a Report from the sim');
    expect(received[0]).toMatchObject({ command: 'report', SubmitSequenceNumber: response.SequenceNumber, State: 0, UserNumber: '8613012345678' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toMatchObject({ event: 'stopped', accepted: 1, reportsSent: 1 });
  });

  it('explains itself and refuses bad options with exit code 2', async () => {
    const help = await runCli(['sim', '--protocol', 'sgip', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--connect-back HOST:PORT');
    const bad = await runCli(['sim', '--protocol', 'sgip', '--outcomes', 'LOST=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown outcome 'LOST'");
    const smpp = await runCli(['sim', '--help']);
    expect(smpp.stdout).toContain('--protocol NAME');
  });
});
