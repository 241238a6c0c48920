// Cancelling a message before it is submitted: the one path the REST API and CMPP CANCEL share.
import type { Message } from './message.ts';
import type { MessageRepository } from '../store/types.ts';

/** Only messages no lane holds and no upstream has seen may be cancelled (DESIGN.md "Message states"). */
const CANCELLABLE = new Set<Message['state']>(['scheduled', 'accepted', 'queued']);

export type CancelOutcome =
  | { ok: true }
  /** Not cancellable as it is (`state`, or held by a lane), or it changed while being cancelled. */
  | { ok: false; reason: 'not_cancellable' | 'changed'; message: string };

export interface CancelDeps {
  messages: Pick<MessageRepository, 'applyUpdates'>;
  /** Releases the message's reservation (core/billing). */
  billing?: { settle(messages: Message[]): unknown };
}

export function isCancellable(message: Message): boolean {
  return CANCELLABLE.has(message.state) && message.inflightSince === null;
}

/** Moves `message` to cancelled if it is still where it was read, and settles its billing. */
export async function cancelMessage(deps: CancelDeps, message: Message, now: number, detail = 'cancelled by the customer'): Promise<CancelOutcome> {
  if (!isCancellable(message)) {
    return { ok: false, reason: 'not_cancellable', message: `message is ${message.inflightSince ? 'being sent' : message.state}; only messages not yet submitted can be cancelled` };
  }
  const cancel = { id: message.id, state: 'cancelled' as const, at: now, detail, set: { doneAt: now }, onlyFrom: [message.state], onlyIdle: true };
  const [moved] = await deps.messages.applyUpdates([cancel]);
  if (moved) return { ok: false, reason: 'changed', message: 'message changed state while being cancelled; only messages not yet submitted can be cancelled' };
  deps.billing?.settle([{ ...message, state: 'cancelled' }]);
  return { ok: true };
}
