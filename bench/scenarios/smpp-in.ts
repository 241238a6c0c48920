// The shape shared by the SMPP-in scenarios: customers bind to the platform (durable SQLite), submit
// with a full window, and every receipt comes back over SMPP. Only the upstream differs.
import { SmppClient } from '../../src/protocols/smpp/client.ts';
import { fillWindows } from '../fill-windows.ts';
import { postJson } from '../http-client.ts';
import { LatencyRecorder } from '../latency.ts';
import { startPlatformProcess } from '../platform-process.ts';
import { startSimProcess, type SimProcess } from '../sim-process.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const BINDS = 2;
/** Submits each customer bind keeps in flight (BENCH_WINDOW); Kannel's default is 10. */
const WINDOW = Number(process.env.BENCH_WINDOW ?? 512);
/** BENCH_BILLED=1: the bench account gets a price and a balance, so every message is priced and reserved. */
const BILLED = process.env.BENCH_BILLED === '1';
/** BENCH_TRACE=1: once a second, receipts back at the customer against the platform's counters (stderr). */
const TRACE = process.env.BENCH_TRACE === '1';

/** Shows where messages wait: receipts settled by the platform but not yet at the customer, say. */
function traceProgress(url: string, start: number, receipts: () => number): () => void {
  const timer = setInterval(() => {
    void fetch(`${url}/metrics`)
      .then((response) => response.text())
      .then((metrics) => {
        const counters = metrics.split('\n').filter((line) => /^kuaixin_(messages_total|connector_queue_depth|connector_in_flight)/.test(line));
        process.stderr.write(`${((performance.now() - start) / 1000).toFixed(1)} s, receipts at the customer ${receipts()}: ${counters.join(' ')}\n`);
      });
  }, 1000);
  return () => clearInterval(timer);
}

/** Through the admin API, as an operator would: a default price of 400 li and a balance that covers the run. */
async function billAccount(url: string): Promise<void> {
  const login = await postJson(`${url}/v1/auth/login`, {}, { username: 'admin', password: 'admin12345' });
  const auth = { authorization: `Bearer ${(login.json as { token: string }).token}` };
  const price = await postJson(`${url}/v1/accounts/bench/prices`, auth, { match: 'default', unitPrice: 400 });
  const topUp = await postJson(`${url}/v1/accounts/bench/ledger`, auth, { kind: 'topup', amount: 1_000_000_000_000 });
  if (price.status !== 201 || topUp.status !== 201) throw new Error(`billing setup failed: ${price.status} ${topUp.status}`);
}

export interface Upstream {
  /** `kuaixin sim` arguments for a fake carrier in its own process; none for the built-in simulator. */
  sim?: string[];
  /** The platform's connector, given the simulator's port. */
  connector(simPort: number): Record<string, unknown>;
  /** Extra fields for the result line (connections, window …). */
  describe?: Record<string, unknown>;
}

export async function smppInScenario(upstream: Upstream): Promise<Record<string, unknown>[]> {
  const sim: SimProcess | null = upstream.sim ? await startSimProcess(upstream.sim) : null;
  const platform = await startPlatformProcess({
    accounts: [{ id: 'bench', apiKeys: ['bench-key-1'], smpp: [{ systemId: 'bench', password: 'bench', maxBinds: BINDS }] }],
    connectors: [{ id: 'up', ...upstream.connector(sim?.port ?? 0) }],
    routes: [{ connectors: ['up'] }],
  }).catch(async (error: unknown) => {
    await sim?.stop();
    throw error;
  });
  try {
    if (BILLED) await billAccount(platform.url);
    let receipts = 0;
    let done: () => void = () => undefined;
    const allReceipts = new Promise<void>((resolve) => (done = resolve));
    const clients = Array.from(
      { length: BINDS },
      () =>
        new SmppClient({
          host: '127.0.0.1',
          port: platform.smppPort!,
          system_id: 'bench',
          password: 'bench',
          window: WINDOW,
          onDeliver: () => {
            if (++receipts === MESSAGES) done();
          },
        }),
    );
    await Promise.all(clients.map((c) => c.connect()));
    const latency = new LatencyRecorder();
    const body = { source_addr: '10690001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '8613800138000', registered_delivery: 1, short_message: Buffer.from('Your code is 123456') };
    let failed = 0;
    const cpuAtStart = platform.cpuSeconds();
    const benchCpuAtStart = process.cpuUsage();
    const start = performance.now();
    const stopTrace = TRACE ? traceProgress(platform.url, start, () => receipts) : () => undefined;
    await fillWindows(clients, MESSAGES, (client) => {
      const at = performance.now();
      client.submit(body).then(
        () => latency.record(performance.now() - at),
        () => failed++,
      );
    });
    const accepted = performance.now();
    // Give up on missing receipts after three minutes; unref so a finished run exits at once.
    await Promise.race([allReceipts, new Promise((resolve) => setTimeout(resolve, 180_000).unref())]);
    const end = performance.now();
    stopTrace();
    const platformRssMb = platform.rssMb();
    const cpuSeconds = platform.cpuSeconds() - cpuAtStart;
    const benchCpu = process.cpuUsage(benchCpuAtStart);
    const simRssMb = sim?.rssMb();
    await Promise.all(clients.map((c) => c.close()));
    return [
      {
        messages: MESSAGES,
        binds: BINDS,
        window: WINDOW,
        ...upstream.describe,
        ...(BILLED ? { billed: true } : {}),
        failed,
        acceptedPerSecond: Math.round(MESSAGES / ((accepted - start) / 1000)),
        msgPerSecond: Math.round(MESSAGES / ((end - start) / 1000)),
        receiptsMatched: receipts,
        acceptLatencyP50Ms: latency.percentile(50),
        acceptLatencyP99Ms: latency.percentile(99),
        platformRssMb,
        // CPU the platform spent per message: comparable between runs even when other work shares the machine.
        platformCpuUsPerMsg: Math.round((cpuSeconds * 1e6) / MESSAGES),
        // The load generator's own CPU: together with the platform's it must fit the machine's cores.
        loadCpuUsPerMsg: Math.round((benchCpu.user + benchCpu.system) / MESSAGES),
        ...(simRssMb === undefined ? {} : { simRssMb }),
      },
    ];
  } finally {
    await platform.stop();
    await sim?.stop();
  }
}
