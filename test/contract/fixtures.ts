// Builders for store contract tests: complete domain objects with overridable fields and a fixed clock.
import type { Message, MessageEvent, MessagePart } from '../../src/core/message.ts';
import type { Store } from '../../src/store/types.ts';

/** The suite's epoch: every time is T plus an offset, so assertions never depend on the wall clock. */
export const T = 1_700_000_000_000;
export const DAY = 86_400_000;

/** Gives each test the store it opened in beforeEach. */
export interface StoreContext {
  store(): Store;
}

let seq = 0;

export function message(overrides: Partial<Message> = {}): Message {
  seq += 1;
  return {
    id: `msg-${String(seq).padStart(6, '0')}`,
    accountId: 'acc-1',
    source: 'api',
    clientRef: null,
    sender: '10690001',
    recipient: '+8613800138000',
    text: '验证码 123456，5 分钟内有效',
    encoding: 'ucs2',
    segments: 1,
    priority: 1,
    state: 'queued',
    connectorId: 'conn-1',
    routeId: 'route-1',
    tag: null,
    category: 'notification',
    batchId: null,
    callbackUrl: null,
    wantReceipt: true,
    attempts: 0,
    nextAttemptAt: T,
    validUntil: T + DAY,
    scheduledAt: null,
    inflightSince: null,
    errorCode: null,
    errorMessage: null,
    createdAt: T,
    submittedAt: null,
    doneAt: null,
    updatedAt: T,
    ...overrides,
  };
}

export function acceptedEvent(m: Message, detail: string | null = 'accepted via api'): MessageEvent {
  return { messageId: m.id, at: m.createdAt, state: m.state, detail };
}

export function part(m: Message, partNo: number, upstreamId: string, overrides: Partial<MessagePart> = {}): MessagePart {
  return {
    messageId: m.id,
    partNo,
    connectorId: m.connectorId ?? 'conn-1',
    upstreamKey: upstreamId.toLowerCase(),
    upstreamId,
    state: 'submitted',
    errorCode: null,
    ...overrides,
  };
}

/** Inserts messages with one history row each. */
export async function seed(store: Store, messages: Message[]): Promise<Message[]> {
  await store.messages.insertMany(messages, messages.map((m) => acceptedEvent(m)));
  return messages;
}

export const ids = (items: Array<{ id: string }>): string[] => items.map((i) => i.id);
