// SMPP in → platform (durable SQLite) → SMGP connector → fake SMGW (`kuaixin sim --protocol smgp`,
// its own process) → status reports back through the platform → receipts over SMPP.
import { smppInScenario } from './smpp-in.ts';

const BINDS = 4;
const WINDOW = Number(process.env.BENCH_UPSTREAM_WINDOW ?? 64);

export function gatewaySmgpScenario(): Promise<Record<string, unknown>[]> {
  return smppInScenario({
    sim: ['--protocol', 'smgp', '--accounts', 'SP000001:bench', '--receipt-delay', '200'],
    connector: (port) => ({ type: 'smgp', host: '127.0.0.1', port, clientId: 'SP000001', secret: 'bench', spNumber: '1065900001', serviceId: 'BENCH', binds: BINDS, window: WINDOW, verifyServer: 'strict' }),
    describe: { upstream: 'smgp 3.0', connections: BINDS, window: WINDOW },
  });
}
