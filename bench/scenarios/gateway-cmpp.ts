// SMPP in → platform (durable SQLite) → CMPP connector → fake ISMG (`kuaixin sim --protocol cmpp`,
// its own process) → status reports back through the platform → receipts over SMPP.
import { smppInScenario } from './smpp-in.ts';

const CONNECTIONS = 4;
const WINDOW = Number(process.env.BENCH_UPSTREAM_WINDOW ?? 64);

export function gatewayCmppScenario(): Promise<Record<string, unknown>[]> {
  return smppInScenario({
    sim: ['--protocol', 'cmpp', '--version', '3', '--accounts', '900001:bench', '--receipt-delay', '200'],
    connector: (port) => ({ type: 'cmpp', host: '127.0.0.1', port, version: '3.0', spId: '900001', secret: 'bench', srcId: '10690001', connections: CONNECTIONS, window: WINDOW }),
    describe: { upstream: 'cmpp 3.0', connections: CONNECTIONS, window: WINDOW },
  });
}
