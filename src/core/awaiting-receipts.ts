// Single-part messages this node submitted that still await their receipt, by connector and
// upstream key: most receipts then settle without reading the message back from the store.
import type { PartMatch } from '../store/types.ts';
import type { Message, MessagePart } from './message.ts';

export class AwaitingReceipts {
  /** Insertion order is submit order: the oldest entries go first when the map is full. */
  private readonly entries = new Map<string, PartMatch>();

  /** Beyond this many, the oldest are forgotten; their receipts are looked up in the store instead. */
  constructor(private readonly capacity = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  /** Call once the submit is committed, with the message as it now stands. */
  add(message: Message, part: MessagePart): void {
    this.entries.set(keyOf(part.connectorId, part.upstreamKey), { message, part });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * The message an exact upstream key belongs to, forgotten as it is handed out. What it says may be
   * out of date (another node, an expiry): settling only ever moves a message on from 'submitted'.
   */
  take(connectorId: string, upstreamKey: string): PartMatch | undefined {
    const key = keyOf(connectorId, upstreamKey);
    const match = this.entries.get(key);
    if (match) this.entries.delete(key);
    return match;
  }
}

function keyOf(connectorId: string, upstreamKey: string): string {
  return `${connectorId}\u0000${upstreamKey}`;
}
