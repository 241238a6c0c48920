// CMPP in → platform (durable SQLite) → built-in simulator → status reports back as DELIVER: SPs
// connect to the platform as their ISMG, submit with a full window, and count their reports.
import { CmppClient } from '../../src/protocols/cmpp/client.ts';
import { fillWindows } from '../fill-windows.ts';
import { LatencyRecorder } from '../latency.ts';
import { startPlatformProcess } from '../platform-process.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const CONNECTIONS = 2;
/** SUBMITs each SP connection keeps unanswered (BENCH_WINDOW); CMPP's customary window is 16. */
const WINDOW = Number(process.env.BENCH_WINDOW ?? 16);
/** DELIVERs the platform keeps unanswered per connection (BENCH_DELIVER_WINDOW → cmpp.window; default 16). */
const DELIVER_WINDOW = process.env.BENCH_DELIVER_WINDOW ? Number(process.env.BENCH_DELIVER_WINDOW) : undefined;

export async function cmppInScenario(): Promise<Record<string, unknown>[]> {
  const platform = await startPlatformProcess({
    cmpp: { enabled: true, host: '127.0.0.1', port: 0, ...(DELIVER_WINDOW ? { window: DELIVER_WINDOW } : {}) },
    accounts: [{ id: 'bench', apiKeys: ['bench-key-1'], cmpp: [{ spId: '900001', secret: 'bench', maxConnections: CONNECTIONS }], moNumbers: ['10690001'] }],
    connectors: [{ id: 'up', type: 'simulator', receiptDelayMs: 200, outcomes: { delivered: 1 } }],
    routes: [{ connectors: ['up'] }],
  });
  try {
    let reports = 0;
    let done: () => void = () => undefined;
    const allReports = new Promise<void>((resolve) => (done = resolve));
    const clients = Array.from(
      { length: CONNECTIONS },
      () =>
        new CmppClient({
          host: '127.0.0.1',
          port: platform.cmppPort!,
          spId: '900001',
          secret: 'bench',
          window: WINDOW,
          activeTestIntervalMs: 0,
          onDeliver: (pdu) => {
            if (pdu.Registered_Delivery === 1 && ++reports === MESSAGES) done();
            return {};
          },
        }),
    );
    await Promise.all(clients.map((c) => c.connect()));
    const latency = new LatencyRecorder();
    const body = { Registered_Delivery: 1, Src_Id: '10690001', Dest_terminal_Id: ['13800138000'], Msg_Fmt: 15, Msg_Content: Buffer.from('Your code is 123456') };
    let failed = 0;
    const cpuAtStart = platform.cpuSeconds();
    const benchCpuAtStart = process.cpuUsage();
    const start = performance.now();
    await fillWindows(clients, MESSAGES, (client) => {
      const at = performance.now();
      client.submit(body).then(
        (response) => (response.Result === 0 ? latency.record(performance.now() - at) : failed++),
        () => failed++,
      );
    });
    const accepted = performance.now();
    // Give up on missing reports after three minutes; unref so a finished run exits at once.
    await Promise.race([allReports, new Promise((resolve) => setTimeout(resolve, 180_000).unref())]);
    const end = performance.now();
    const cpuSeconds = platform.cpuSeconds() - cpuAtStart;
    const benchCpu = process.cpuUsage(benchCpuAtStart);
    const platformRssMb = platform.rssMb();
    await Promise.all(clients.map((c) => c.close()));
    return [
      {
        messages: MESSAGES,
        connections: CONNECTIONS,
        window: WINDOW,
        deliverWindow: DELIVER_WINDOW ?? 16,
        failed,
        acceptedPerSecond: Math.round(MESSAGES / ((accepted - start) / 1000)),
        msgPerSecond: Math.round(MESSAGES / ((end - start) / 1000)),
        reportsReceived: reports,
        acceptLatencyP50Ms: latency.percentile(50),
        acceptLatencyP99Ms: latency.percentile(99),
        platformRssMb,
        platformCpuUsPerMsg: Math.round((cpuSeconds * 1e6) / MESSAGES),
        loadCpuUsPerMsg: Math.round((benchCpu.user + benchCpu.system) / MESSAGES),
      },
    ];
  } finally {
    await platform.stop();
  }
}
