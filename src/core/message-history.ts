// A message's history as the API shows it. The routine path (accepted → submitted → delivered) is
// recorded by the message row itself: writing a history row for each of those steps cost a fifth
// of the store's time per message. Everything else (scheduling, retries, failures, cancels, parts of
// long messages) is kept as history rows. Messages stored before this keep all their rows.
import type { Message, MessageEvent, MessagePart } from './message.ts';

/** The stored history rows merged with the routine steps the message row implies, oldest first. */
export function historyOf(message: Message, stored: MessageEvent[], parts: MessagePart[]): MessageEvent[] {
  const implied: MessageEvent[] = [];
  const row = (at: number, state: MessageEvent['state'], detail: string): MessageEvent => ({ messageId: message.id, at, state, detail });
  if (!stored.some((e) => e.state === 'accepted' || e.state === 'scheduled')) {
    implied.push(row(message.createdAt, 'accepted', `via ${message.source}, route ${message.routeId} → ${message.connectorId}`));
  }
  const submittedAt = message.submittedAt;
  if (submittedAt !== null && !stored.some((e) => e.state === 'submitted' && e.at === submittedAt)) {
    const ids = parts.map((p) => p.upstreamId).join(', ');
    implied.push(row(submittedAt, 'submitted', `${message.connectorId} accepted as ${ids}`));
  }
  // Stable: at equal times an implied step (which happened first) stays before a stored row.
  const history = implied.length === 0 ? stored : [...implied, ...stored].sort((a, b) => a.at - b.at);
  if (message.state === 'delivered' && !stored.some((e) => e.state === 'delivered')) {
    // The final step, after the receipts of a long message's other parts even when settled in the same batch.
    const status = parts.length === 1 ? (parts[0]!.rawStatus ?? 'DELIVRD') : `DELIVRD (all ${parts.length} parts)`;
    return [...history, row(message.updatedAt, 'delivered', `receipt ${status}`)];
  }
  return history;
}
