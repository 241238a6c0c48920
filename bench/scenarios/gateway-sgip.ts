// HTTP batch in → platform (durable SQLite) → SGIP connector → fake SMG (`kuaixin sim --protocol
// sgip`, its own process) → Reports back over the SMG's connect-back → messages delivered.
import { postJson } from '../http-client.ts';
import { LatencyRecorder } from '../latency.ts';
import { startPlatformProcess } from '../platform-process.ts';
import { freePort, startSimProcess } from '../sim-process.ts';

const MESSAGES = Number(process.env.BENCH_SGIP_MESSAGES ?? process.env.BENCH_MESSAGES ?? 100_000);
const API_KEY = 'bench-key-1';
const CONNECTIONS = 4;
const WINDOW = 32;
const BATCH = 1000;
const CONCURRENCY = 4;

/** Messages the platform has counted as delivered, from its Prometheus counter. */
async function deliveredCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^kuaixin_messages_total\{event="delivered"\} (\d+)/m.exec(text)?.[1] ?? 0);
}

export async function gatewaySgipScenario(): Promise<Record<string, unknown>[]> {
  const listenPort = await freePort();
  const sim = await startSimProcess(['--protocol', 'sgip', '--port', '0', '--accounts', 'bench:bench', '--connect-back', `127.0.0.1:${listenPort}`, '--smg-login', 'smg:smgpw', '--connections', String(CONNECTIONS), '--report-delay', '200', '--stats-every', '0']);
  const platform = await startPlatformProcess({
    smpp: { enabled: false, host: '127.0.0.1', port: 0 },
    accounts: [{ id: 'bench', apiKeys: [API_KEY], moNumbers: ['10655001'] }],
    connectors: [
      {
        id: 'unicom',
        type: 'sgip',
        host: '127.0.0.1',
        port: sim.port,
        loginName: 'bench',
        password: 'bench',
        nodeId: 3010012345,
        spNumber: '10655001',
        connections: CONNECTIONS,
        window: WINDOW,
        listen: { host: '127.0.0.1', port: listenPort, loginName: 'smg', password: 'smgpw' },
      },
    ],
    routes: [{ connectors: ['unicom'] }],
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
          const messages = Array.from({ length: size }, (_, i) => ({ to: `+86130${String((first + i) % 100_000_000).padStart(8, '0')}`, text: `您的验证码是${100000 + ((first + i) % 900000)}，5分钟内有效。` }));
          const at = performance.now();
          const response = await postJson(`${platform.url}/v1/messages/batch`, { authorization: `Bearer ${API_KEY}` }, { messages });
          latency.record(performance.now() - at);
          accepted += (response.json as { messages: Array<{ id?: string }> }).messages.filter((m) => m.id).length;
        }
      }),
    );
    const acceptedAt = performance.now();
    let delivered = 0;
    const deadline = Date.now() + 300_000;
    while (delivered < accepted && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      delivered = await deliveredCount(platform.url);
    }
    const end = performance.now();
    const platformRssMb = platform.rssMb();
    const simRssMb = sim.rssMb();
    const simStats = await sim.stop();
    return [
      {
        messages: MESSAGES,
        accepted,
        delivered,
        connections: CONNECTIONS,
        window: WINDOW,
        acceptedPerSecond: Math.round(accepted / ((acceptedAt - start) / 1000)),
        msgPerSecond: Math.round(delivered / ((end - start) / 1000)),
        batchRequestP50Ms: latency.percentile(50),
        batchRequestP99Ms: latency.percentile(99),
        smgSubmits: simStats.submits,
        smgReportsSent: simStats.reportsSent,
        platformRssMb,
        simRssMb,
      },
    ];
  } finally {
    await platform.stop();
    if (sim.child.exitCode === null) await sim.stop();
  }
}
