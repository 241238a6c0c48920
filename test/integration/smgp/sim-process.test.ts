// `kuaixin sim --protocol smgp`: the fake SMGW as its own process.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { SmgpClient } from '../../../src/protocols/smgp/client.ts';
import type { SmgpPduOf } from '../../../src/protocols/smgp/pdu-types.ts';
import { parseReport } from '../../../src/protocols/smgp/report.ts';
import { nextEvent } from '../../support/events.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('kuaixin sim --protocol smgp', () => {
  it('runs the fake SMGW as its own process until SIGTERM, checking logins and sending reports', async () => {
    const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', '--protocol', 'smgp', '--port', '0', '--receipt-delay', '0', '--stats-every', '0', '--accounts', 'SP000001:pw', '--outcomes', 'MK:0005=1'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    closers.push(async () => void child.kill('SIGKILL'));
    const lines = createInterface({ input: child.stdout! });
    const [first] = await nextEvent<[string]>(lines, 'line', 15_000);
    const { event, protocol, port } = JSON.parse(first) as { event: string; protocol: string; port: number };
    expect([event, protocol]).toEqual(['listening', 'smgp']);

    const wrong = new SmgpClient({ host: '127.0.0.1', port, clientId: 'SP000001', secret: 'nope', reconnect: false });
    await expect(wrong.connect()).rejects.toMatchObject({ status: 21 });
    await wrong.close();

    const client = new SmgpClient({ host: '127.0.0.1', port, clientId: 'SP000001', secret: 'pw', reconnect: false, verifyServer: 'strict' });
    closers.push(() => client.close());
    await client.connect();
    const report = nextEvent<[SmgpPduOf<'Deliver'>]>(client, 'deliver');
    const { MsgID } = await client.submit({ NeedReport: 1, SrcTermID: '1065900001', DestTermID: ['13301234567'], MsgContent: Buffer.from('via sim') });
    const [pdu] = await report;
    expect(parseReport(pdu.MsgContent)).toMatchObject({ ok: true, report: { id: MsgID, stat: 'MK:0005' } });
    await client.close();
    const exited = nextEvent<[number]>(child, 'exit', 10_000);
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
  });

  it('rejects bad options with a message naming the option', async () => {
    const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', '--protocol=smgp', '--smgw-code', '12'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await nextEvent<[number]>(child, 'exit', 15_000);
    expect(code).toBe(2);
    expect(stderr).toContain('--smgw-code');
  });
});
