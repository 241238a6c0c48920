// SMPP in → platform (durable SQLite) → SMPP connector → fake SMSC (`kuaixin sim`, its own process)
// → receipts back: the same shape as gateway-cmpp, to compare the carrier protocols on equal terms.
import { smppInScenario } from './smpp-in.ts';

const BINDS = 4;
const WINDOW = Number(process.env.BENCH_UPSTREAM_WINDOW ?? 64);

export function gatewaySmppUpstreamScenario(): Promise<Record<string, unknown>[]> {
  return smppInScenario({
    sim: ['--accounts', 'gw:gw', '--receipt-delay', '200'],
    connector: (port) => ({ type: 'smpp', host: '127.0.0.1', port, systemId: 'gw', password: 'gw', bindMode: 'transceiver', binds: BINDS, window: WINDOW }),
    describe: { upstream: 'smpp', connections: BINDS, window: WINDOW },
  });
}
