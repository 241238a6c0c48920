// HTTP batch in → platform (durable SQLite, own process) → SMGP connector → fake SMGW (own process)
// → status reports back → messages delivered. Ends when the SMGW has had every report accepted.
import { postJson } from '../http-client.ts';
import { LatencyRecorder } from '../latency.ts';
import { startPlatformProcess } from '../platform-process.ts';
import { startSimProcess } from '../sim-process.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const BINDS = 2;
const WINDOW = 256;
const BATCH = 1000;
const CONCURRENCY = 4;

export async function gatewaySmgpScenario(): Promise<Record<string, unknown>[]> {
  const sim = await startSimProcess(['--protocol', 'smgp', '--accounts', 'SP000001:bench', '--receipt-delay', '200', '--stats-every', '250']);
  try {
    const platform = await startPlatformProcess({
      accounts: [{ id: 'bench', apiKeys: ['bench-key-1'] }],
      connectors: [{ id: 'ct', type: 'smgp', host: '127.0.0.1', port: sim.port, clientId: 'SP000001', secret: 'bench', spNumber: '1065900001', serviceId: 'BENCH', binds: BINDS, window: WINDOW, verifyServer: 'strict' }],
      routes: [{ connectors: ['ct'] }],
    });
    try {
      const latency = new LatencyRecorder();
      let next = 0;
      let accepted = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < MESSAGES) {
            const first = next;
            const size = Math.min(BATCH, MESSAGES - first);
            next += size;
            const messages = Array.from({ length: size }, (_, i) => ({ to: `+86133${String((first + i) % 100_000_000).padStart(8, '0')}`, text: `您的验证码是 ${100000 + ((first + i) % 900000)}`, from: '88' }));
            const at = performance.now();
            const response = await postJson(`${platform.url}/v1/messages/batch`, { authorization: 'Bearer bench-key-1' }, { messages, priority: 'bulk' });
            latency.record(performance.now() - at);
            accepted += (response.json as { messages: Array<{ id?: string }> }).messages.filter((m) => m.id).length;
          }
        }),
      );
      const acceptedAt = performance.now();
      const complete = await sim.until((stats) => (stats.reportsSent ?? 0) >= accepted, 300_000);
      const end = performance.now();
      const stats = sim.stats;
      return [
        {
          messages: MESSAGES,
          accepted,
          binds: BINDS,
          window: WINDOW,
          complete,
          acceptedPerSecond: Math.round(accepted / ((acceptedAt - start) / 1000)),
          msgPerSecond: Math.round(accepted / ((end - start) / 1000)),
          submits: stats.submits,
          reportsMatched: stats.reportsSent,
          batchP50Ms: latency.percentile(50),
          batchP99Ms: latency.percentile(99),
          platformRssMb: platform.rssMb(),
          smgwRssMb: sim.rssMb(),
        },
      ];
    } finally {
      await platform.stop();
    }
  } finally {
    await sim.stop();
  }
}
