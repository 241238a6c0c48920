// In-memory messages for the fake API: seeded history, a lifecycle that advances on a timer, filters.
import { countSegments } from '../../../src/protocols/encoding/split.ts';

export type State =
  | 'scheduled' | 'accepted' | 'queued' | 'submitted' | 'delivered'
  | 'undelivered' | 'expired' | 'rejected' | 'failed' | 'cancelled';

export interface FakeMessage {
  id: string;
  accountId: string;
  to: string;
  from: string | null;
  text: string;
  state: State;
  segments: number;
  encoding: string;
  priority: string;
  connectorId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  clientRef: string | null;
  tag: string | null;
  createdAt: string;
  submittedAt: string | null;
  doneAt: string | null;
  scheduleAt: number | null;
  history: { at: string; state: State; detail: string | null }[];
  parts: { partNo: number; upstreamId: string | null; state: string; errorCode: string | null }[];
  /** Seeded rows keep their state; only messages sent during the test move on. */
  seeded?: boolean;
}

const NEXT: Partial<Record<State, State>> = { accepted: 'queued', queued: 'submitted', submitted: 'delivered' };

export class FakeStore {
  readonly messages: FakeMessage[] = [];
  private sequence = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    const delivered: State[] = ['queued', 'submitted', 'delivered'];
    const paths: State[][] = [delivered, delivered, delivered, ['queued', 'submitted', 'undelivered'], ['queued', 'failed'], ['queued', 'submitted'], ['queued']];
    for (let i = 0; i < 28; i++) {
      const to = `+86138001380${String(i).padStart(2, '0')}`;
      const message = this.create({ accountId: 'acme', to, text: `验证码 ${100000 + i}，5 分钟内有效`, from: '10690001', priority: 'normal' });
      for (const state of paths[i % paths.length]) this.moveTo(message, state);
      message.seeded = true;
    }
    this.timer = setInterval(() => this.advance(), 400);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  create(input: { accountId: string; to: string; text: string; from: string | null; priority: string; scheduleAt?: number }): FakeMessage {
    const count = countSegments(input.text);
    const now = new Date().toISOString();
    const state: State = input.scheduleAt && input.scheduleAt > Date.now() ? 'scheduled' : 'accepted';
    const message: FakeMessage = {
      id: `msg_${Date.now().toString(36)}${(++this.sequence).toString(36).padStart(4, '0')}`,
      accountId: input.accountId,
      to: input.to,
      from: input.from,
      text: input.text,
      state,
      segments: count.segments,
      encoding: count.encoding,
      priority: input.priority,
      connectorId: null,
      errorCode: null,
      errorMessage: null,
      clientRef: null,
      tag: null,
      createdAt: now,
      submittedAt: null,
      doneAt: null,
      scheduleAt: input.scheduleAt ?? null,
      history: [{ at: now, state, detail: null }],
      parts: Array.from({ length: count.segments }, (_, i) => ({ partNo: i + 1, upstreamId: null, state: 'pending', errorCode: null })),
    };
    this.messages.unshift(message);
    return message;
  }

  moveTo(message: FakeMessage, state: State, detail: string | null = null): void {
    const at = new Date().toISOString();
    message.state = state;
    message.history.push({ at, state, detail });
    if (state === 'submitted') {
      message.connectorId = 'sim-1';
      message.submittedAt = at;
      message.parts.forEach((part, i) => Object.assign(part, { upstreamId: `up-${message.id}-${i + 1}`, state: 'submitted' }));
    }
    if (state === 'delivered' || state === 'undelivered') message.parts.forEach((part) => (part.state = state));
    if (state === 'undelivered' || state === 'failed') Object.assign(message, { errorCode: 'upstream_rejected', errorMessage: 'UNDELIV' });
    if (!NEXT[state] && state !== 'scheduled') message.doneAt = at;
  }

  /** One lifecycle step for every live message, so a fresh send is seen moving. */
  private advance(): void {
    for (const message of this.messages) {
      if (message.seeded) continue;
      if (message.state === 'scheduled' && (message.scheduleAt ?? 0) <= Date.now()) this.moveTo(message, 'accepted');
      const next = NEXT[message.state];
      if (next && message.state !== 'submitted') this.moveTo(message, next);
      else if (next && Date.now() - Date.parse(message.submittedAt ?? '') > 1500) this.moveTo(message, next, 'DELIVRD');
    }
  }

  visibleTo(accountId: string | null): FakeMessage[] {
    return accountId === null ? this.messages : this.messages.filter((message) => message.accountId === accountId);
  }

  countByState(accountId: string | null): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const message of this.visibleTo(accountId)) counts[message.state] = (counts[message.state] ?? 0) + 1;
    return counts;
  }
}
