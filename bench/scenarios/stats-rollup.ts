// Statistics at scale: 2,000,000 final messages over 30 days inserted through the store, then the
// hourly rollup's first full run, an incremental run, and report queries (30 days by day, grouped);
// SQLite always, PostgreSQL when DATABASE_URL is set. BENCH_STATS_MESSAGES changes the count.
import { CarrierBook } from '../../src/core/carriers/carrier-book.ts';
import type { Message, MessageState } from '../../src/core/message.ts';
import { failureClassifier } from '../../src/core/stats/failure-category.ts';
import { buildReport } from '../../src/core/stats/stats-report.ts';
import { StatsRollup } from '../../src/core/stats/stats-rollup.ts';
import { HOUR_MS } from '../../src/core/stats/time-buckets.ts';
import type { Store } from '../../src/store/types.ts';
import { onEachStore } from '../each-store.ts';

const MESSAGES = Number(process.env.BENCH_STATS_MESSAGES ?? 2_000_000);
const BATCH = 5000;
const DAYS = 30;
const END = Math.floor(Date.parse('2026-11-23T08:00:00Z') / HOUR_MS) * HOUR_MS;
const START = END - DAYS * 86_400_000;
const PREFIXES = ['+86138', '+86139', '+86130', '+86186', '+86133', '+86189', '+86192'];
/** 90 % delivered; the rest spread over failure codes of several families. */
const OUTCOMES: Array<[MessageState, string | null]> = [
  ...Array.from({ length: 18 }, () => ['delivered', null] as [MessageState, null]),
  ['undelivered', 'MK:0005'],
  ['undelivered', 'DB:0144'],
];

function batch(first: number, n: number): Message[] {
  return Array.from({ length: n }, (_, k) => {
    const seq = first + k;
    const doneAt = START + Math.floor((seq / MESSAGES) * (END - START));
    const [state, errorCode] = OUTCOMES[seq % OUTCOMES.length]!;
    // An account sends through one connector and mostly one kind of message, as customers do.
    const account = seq % 50;
    return {
      id: `st-${String(seq).padStart(10, '0')}`, accountId: `acc-${account}`, source: 'api', clientRef: null, sender: '10690001',
      recipient: `${PREFIXES[seq % PREFIXES.length]}${String(seq % 100_000_000).padStart(8, '0')}`, text: '验证码 123456', encoding: 'ucs2',
      segments: 1 + (seq % 3 === 0 ? 1 : 0), priority: 1, state, connectorId: `conn-${account % 4}`, routeId: 'r', tag: null,
      category: (['verification', 'notification', 'marketing'] as const)[account % 3]!, batchId: null, callbackUrl: null, wantReceipt: true, attempts: 1,
      nextAttemptAt: doneAt, validUntil: doneAt + 86_400_000, scheduledAt: null, inflightSince: null, errorCode, errorMessage: null,
      createdAt: doneAt - 5000, submittedAt: doneAt - 4000, doneAt, updatedAt: doneAt,
    } satisfies Message;
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, Math.round(performance.now() - start)];
}

async function measure(kind: string, store: Store): Promise<Record<string, unknown>[]> {
  const [, insertMs] = await timed(async () => {
    for (let i = 0; i < MESSAGES; i += BATCH) await store.messages.insertMany(batch(i, Math.min(BATCH, MESSAGES - i)), []);
  });
  const carriers = new CarrierBook(store.carriers);
  await carriers.reload();
  let now = END + 10 * 60_000;
  const rollup = new StatsRollup({ store, carrierOf: carriers.carrierOf, classifier: async () => failureClassifier(), holder: 'bench', now: () => now });
  const [full, fullMs] = await timed(() => rollup.runOnce());
  now += 60_000;
  const [incremental, incrementalMs] = await timed(() => rollup.runOnce());
  const report = async (accountId: string | undefined) => {
    const rows = await store.stats.aggregate({ from: START, to: END + HOUR_MS, accountId, groupBy: 'connector' });
    return buildReport(rows, 'day', START, END + HOUR_MS, 'Asia/Shanghai');
  };
  const [all, allMs] = await timed(() => report(undefined));
  const [one, oneMs] = await timed(() => report('acc-7'));
  return [
    {
      store: kind, messages: MESSAGES, insertMessagesPerSecond: Math.round(MESSAGES / (insertMs / 1000)),
      fullRollupMs: fullMs, fullRollupRows: full?.rows, fullRollupMessages: full?.messages,
      incrementalRollupMs: incrementalMs, incrementalHours: incremental?.hours,
      summary30DaysByConnectorMs: allMs, summaryTotal: all.totals.submitted, summaryOneAccountMs: oneMs, oneAccountTotal: one.totals.submitted,
    },
  ];
}

export function statsRollupScenario(): Promise<Record<string, unknown>[]> {
  return onEachStore('stats', measure);
}
