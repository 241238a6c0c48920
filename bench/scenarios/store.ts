// Store speed: insertMany of 1,000 messages with events, claimDue batches, applyUpdates; SQLite always, PostgreSQL when DATABASE_URL is set.
import type { Message } from '../../src/core/message.ts';
import type { Store } from '../../src/store/types.ts';
import { onEachStore } from '../each-store.ts';

const BATCH = 1000;
const BATCHES = 20;
const CLAIM = 100;
const T0 = 1_700_000_000_000;

let seq = 0;
function batch(): Message[] {
  return Array.from({ length: BATCH }, () => {
    seq += 1;
    const id = `bench-${String(seq).padStart(9, '0')}`;
    return {
      id, accountId: `acc-${seq % 50}`, source: 'api', clientRef: `ref-${seq}`, sender: '10690001',
      recipient: `+86138${String(seq % 100_000_000).padStart(8, '0')}`, text: '验证码 123456，5 分钟内有效', encoding: 'ucs2',
      segments: 1, priority: (seq % 3) as 0 | 1 | 2, state: 'queued', connectorId: `conn-${seq % 4}`, routeId: 'route-1', tag: null, category: 'notification', batchId: null,
      callbackUrl: null, wantReceipt: true, attempts: 0, nextAttemptAt: T0 + (seq % 1000), validUntil: T0 + 86_400_000,
      scheduledAt: null, inflightSince: null, errorCode: null, errorMessage: null, createdAt: T0 + seq, submittedAt: null,
      doneAt: null, updatedAt: T0 + seq,
    } satisfies Message;
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (ms: number): number => Math.round(ms * 100) / 100;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function measure(kind: string, store: Store): Promise<Record<string, unknown>[]> {
  const inserts: number[] = [];
  for (let i = 0; i < BATCHES; i++) {
    const messages = batch();
    const events = messages.map((m) => ({ messageId: m.id, at: m.createdAt, state: m.state, detail: 'accepted via api' }));
    inserts.push(await timed(() => store.messages.insertMany(messages, events)));
  }
  const claims: number[] = [];
  const updates: number[] = [];
  for (let i = 0; i < 20; i++) {
    let claimed: Message[] = [];
    claims.push(await timed(async () => (claimed = await store.messages.claimDue('conn-1', CLAIM, T0 + 10_000))));
    updates.push(await timed(() => store.messages.applyUpdates(claimed.map((m, n) => ({
      id: m.id, state: 'submitted', detail: 'submit_sm_resp ESME_ROK', at: T0 + 20_000, set: { inflightSince: null, submittedAt: T0 + 20_000 },
      parts: [{ messageId: m.id, partNo: 1, connectorId: 'conn-1', upstreamKey: `up-${i}-${n}`, upstreamId: `UP-${i}-${n}`, state: 'submitted', errorCode: null }],
    })))));
  }
  const rows = BATCH * BATCHES;
  return [
    { store: kind, operation: `insertMany ${BATCH} messages + ${BATCH} events`, medianMs: round(median(inserts)), minMs: round(Math.min(...inserts)), messagesPerSecond: Math.round((BATCH * 1000) / median(inserts)), tableRows: rows },
    { store: kind, operation: `claimDue ${CLAIM}`, medianMs: round(median(claims)), minMs: round(Math.min(...claims)), tableRows: rows },
    { store: kind, operation: `applyUpdates ${CLAIM} (state + event + part)`, medianMs: round(median(updates)), minMs: round(Math.min(...updates)), tableRows: rows },
  ];
}

export function storeScenario(): Promise<Record<string, unknown>[]> {
  return onEachStore('store', measure);
}
