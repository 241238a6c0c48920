import { describe, expect, it } from 'vitest';
import { historyOf } from '../../../src/core/message-history.ts';
import type { Message, MessageEvent, MessagePart } from '../../../src/core/message.ts';

const base: Message = {
  id: 'm1', accountId: 'acme', source: 'api', clientRef: null, sender: null, recipient: '+8613800138000', text: 'hi', encoding: 'gsm7', segments: 1,
  priority: 1, state: 'queued', connectorId: 'up1', routeId: 'r1', tag: null, category: 'notification', batchId: null, callbackUrl: null, wantReceipt: true,
  attempts: 0, nextAttemptAt: 1000, validUntil: 9_000_000, scheduledAt: null, inflightSince: null, errorCode: null, errorMessage: null,
  createdAt: 1000, submittedAt: null, doneAt: null, updatedAt: 1000,
};
const part = (overrides: Partial<MessagePart> = {}): MessagePart => ({ messageId: 'm1', partNo: 1, connectorId: 'up1', upstreamKey: 'abc', upstreamId: 'ABC', state: 'submitted', errorCode: null, ...overrides });
const event = (at: number, state: MessageEvent['state'], detail: string | null): MessageEvent => ({ messageId: 'm1', at, state, detail });
const states = (history: MessageEvent[]) => history.map((e) => `${e.at}:${e.state}`);

describe('historyOf', () => {
  it('implies the routine steps from the row: accepted, submitted with the upstream id, delivered with the raw status', () => {
    const delivered = { ...base, state: 'delivered' as const, attempts: 1, submittedAt: 1100, doneAt: 1000, updatedAt: 1400 };
    const history = historyOf(delivered, [], [part({ state: 'delivered', rawStatus: 'DELIVRD' })]);
    expect(states(history)).toEqual(['1000:accepted', '1100:submitted', '1400:delivered']);
    expect(history.map((e) => e.detail)).toEqual(['via api, route r1 → up1', 'up1 accepted as ABC', 'receipt DELIVRD']);
  });

  it('merges stored rows (a retry, a failure) in time order with the implied steps', () => {
    const failed = { ...base, state: 'undelivered' as const, attempts: 2, submittedAt: 1300, updatedAt: 1500 };
    const stored = [event(1200, 'queued', 'retry at … after up1: throttled'), event(1500, 'undelivered', 'receipt UNDELIV')];
    expect(states(historyOf(failed, stored, [part({ state: 'undelivered' })]))).toEqual(['1000:accepted', '1200:queued', '1300:submitted', '1500:undelivered']);
  });

  it('implies nothing a stored row already records (messages stored before the routine steps were implied)', () => {
    const delivered = { ...base, state: 'delivered' as const, submittedAt: 1100, updatedAt: 1400 };
    const stored = [event(1000, 'accepted', 'via api'), event(1100, 'submitted', 'up1 accepted as ABC'), event(1400, 'delivered', 'receipt DELIVRD')];
    expect(historyOf(delivered, stored, [part()])).toBe(stored);
  });

  it('a scheduled message starts with its stored deferral, not an implied acceptance', () => {
    const queued = { ...base, scheduledAt: 5000 };
    const stored = [event(1000, 'scheduled', 'via api, until …'), event(5000, 'queued', 'due')];
    expect(states(historyOf(queued, stored, []))).toEqual(['1000:scheduled', '5000:queued']);
  });

  it('a long message lists every upstream id and says all parts were delivered', () => {
    const delivered = { ...base, segments: 2, state: 'delivered' as const, submittedAt: 1100, updatedAt: 1400 };
    const parts = [part({ upstreamId: 'A1', state: 'delivered' }), part({ partNo: 2, upstreamId: 'A2', state: 'delivered' })];
    const history = historyOf(delivered, [event(1300, 'submitted', 'receipt DELIVRD (part 1/2)')], parts);
    expect(history.map((e) => e.detail)).toEqual(['via api, route r1 → up1', 'up1 accepted as A1, A2', 'receipt DELIVRD (part 1/2)', 'receipt DELIVRD (all 2 parts)']);
  });
});
