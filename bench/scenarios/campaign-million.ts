// A 1,000,000-recipient personalised campaign through the platform process: upload the list (number and
// name per row), start it, and while it streams into the queue send verification codes and time how long
// they take to be delivered.
// The simulator is slower than the campaign on purpose, so a bulk backlog builds up in front of them.
import { request } from 'node:http';
import { LatencyRecorder } from '../latency.ts';
import { postJson } from '../http-client.ts';
import { startPlatformProcess } from '../platform-process.ts';

const API_KEY = 'bench-campaign-key';
const RECIPIENTS = Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 1_000_000);
const SIMULATOR_TPS = Number(process.env.BENCH_CAMPAIGN_SIM_TPS ?? 5000);
const AUTH = { authorization: `Bearer ${API_KEY}` };

interface CampaignView {
  status: string;
  runs: Array<{ processed: number; accepted: number; status: string }>;
}

/** Streams the rows as a text/csv body without building it in memory. */
function upload(url: string, count: number): Promise<{ added: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...AUTH, 'content-type': 'text/csv' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString())) : reject(new Error(`upload answered ${res.statusCode}: ${Buffer.concat(chunks)}`))));
    });
    req.on('error', reject);
    let next = 0;
    req.write('mobile,name\n');
    const write = () => {
      while (next < count) {
        const lines: string[] = [];
        for (const end = Math.min(count, next + 10_000); next < end; next += 1) lines.push(`+86137${String(next).padStart(8, '0')},会员${next}`);
        if (!req.write(`${lines.join('\n')}\n`)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url, { headers: AUTH })).json()) as T;
}

export async function campaignMillionScenario(): Promise<Record<string, unknown>[]> {
  const platform = await startPlatformProcess({
    smpp: { enabled: false, host: '127.0.0.1', port: 0 },
    accounts: [{ id: 'bench', apiKeys: [API_KEY] }],
    connectors: [{ id: 'sim', type: 'simulator', tps: SIMULATOR_TPS, receiptDelayMs: 100, outcomes: { delivered: 1 } }],
    routes: [{ connectors: ['sim'] }],
  });
  let peakRss = platform.rssMb();
  const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, platform.rssMb())), 250);
  try {
    await openMarketingHoursAllDay(platform.url);
    const created = await postJson(`${platform.url}/v1/campaigns`, AUTH, { name: 'bench', text: '【快信】${name}您好，双十一会员专享，全场五折起，拒收请回复R' });
    const id = (created.json as { id: string }).id;
    let at = performance.now();
    const staged = await upload(`${platform.url}/v1/campaigns/${id}/recipients`, RECIPIENTS);
    const uploadSeconds = (performance.now() - at) / 1000;

    at = performance.now();
    await postJson(`${platform.url}/v1/campaigns/${id}/start`, AUTH, {});
    let firstAcceptedMs = 0;
    const verification = new LatencyRecorder();
    const pending: Promise<void>[] = [];
    let sent = 0;
    for (;;) {
      const view = await getJson<CampaignView>(`${platform.url}/v1/campaigns/${id}`);
      const run = view.runs[0];
      if (!firstAcceptedMs && run && run.accepted > 0) firstAcceptedMs = Math.round(performance.now() - at);
      if (view.status === 'completed') break;
      // A verification code every poll while the campaign streams in: time from request to delivered.
      pending.push(timeVerification(platform.url, sent++, verification));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const enqueueSeconds = (performance.now() - at) / 1000;
    await Promise.all(pending);
    return [
      {
        recipients: staged.added,
        uploadRowsPerSecond: Math.round(staged.added / uploadSeconds),
        firstAcceptedMs,
        enqueuePerSecond: Math.round(staged.added / enqueueSeconds),
        verificationSamples: sent,
        verificationDeliveredP50Ms: verification.percentile(50),
        verificationDeliveredP99Ms: verification.percentile(99),
        simulatorTps: SIMULATOR_TPS,
        peakRssMb: peakRss,
      },
    ];
  } finally {
    clearInterval(rssSampler);
    await platform.stop();
  }
}

/** A marketing campaign outside the platform's sending hours (default 08:00–21:00 Beijing) would wait, not send. */
async function openMarketingHoursAllDay(url: string): Promise<void> {
  const login = await postJson(`${url}/v1/auth/login`, {}, { username: 'admin', password: 'admin12345' });
  const { token } = login.json as { token: string };
  const hours = { start: '00:00', end: '00:00', timeZone: 'Asia/Shanghai', days: null };
  const res = await fetch(`${url}/v1/compliance/sending-hours/platform`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ hours }) });
  if (res.status !== 200) throw new Error(`opening the sending hours failed: ${res.status} ${await res.text()}`);
}

async function timeVerification(url: string, n: number, recorder: LatencyRecorder): Promise<void> {
  const start = performance.now();
  const response = await postJson(`${url}/v1/messages`, AUTH, { to: `+86135${String(n).padStart(8, '0')}`, text: `您的验证码是${100000 + n}`, priority: 'urgent', category: 'verification' });
  const messageId = (response.json as { messages: Array<{ id: string }> }).messages[0]!.id;
  for (;;) {
    const message = await getJson<{ state: string }>(`${url}/v1/messages/${messageId}`);
    if (message.state === 'delivered') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  recorder.record(performance.now() - start);
}
