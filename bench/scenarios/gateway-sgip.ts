// SMPP in → platform (durable SQLite) → SGIP connector → fake SMG (`kuaixin sim --protocol sgip`,
// its own process) → Reports over the SMG's connect-back → receipts over SMPP.
import { freePort } from '../sim-process.ts';
import { smppInScenario } from './smpp-in.ts';

const CONNECTIONS = 4;
const WINDOW = Number(process.env.BENCH_UPSTREAM_WINDOW ?? 64);

export async function gatewaySgipScenario(): Promise<Record<string, unknown>[]> {
  // The connector's own SGIP server, which the fake SMG connects back to with the Reports.
  const listenPort = await freePort();
  return smppInScenario({
    sim: ['--protocol', 'sgip', '--accounts', 'bench:bench', '--connect-back', `127.0.0.1:${listenPort}`, '--smg-login', 'smg:smgpw', '--connections', String(CONNECTIONS), '--report-delay', '200'],
    connector: (port) => ({
      type: 'sgip', host: '127.0.0.1', port, loginName: 'bench', password: 'bench', nodeId: 3010012345, spNumber: '10655001',
      connections: CONNECTIONS, window: WINDOW, listen: { host: '127.0.0.1', port: listenPort, loginName: 'smg', password: 'smgpw' },
    }),
    describe: { upstream: 'sgip 1.2', connections: CONNECTIONS, window: WINDOW },
  });
}
