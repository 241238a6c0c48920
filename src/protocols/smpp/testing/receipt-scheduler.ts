// Holds receipts until they are due and their receiver has room, so none is dropped on a busy bind.
import { DueQueue } from '../../shared/due-queue.ts';
import type { SmppBody } from '../pdu-types.ts';
import type { SmppServer } from '../server.ts';

export class ReceiptScheduler {
  private readonly queue: DueQueue<{ systemId: string; body: SmppBody<'deliver_sm'> }>;

  constructor(server: SmppServer, delayMs: number) {
    this.queue = new DueQueue(delayMs, ({ systemId, body }) => {
      const receivers = server.receivers(systemId);
      if (receivers.length === 0 || receivers.every((s) => s.busy)) return null;
      // The receiver may go away before answering: the queue tries again once another binds.
      return server.deliver(systemId, body);
    });
  }

  schedule(systemId: string, body: SmppBody<'deliver_sm'>): void {
    this.queue.add({ systemId, body });
  }

  stats(): { receiptsSent: number; receiptsQueued: number } {
    return { receiptsSent: this.queue.sent, receiptsQueued: this.queue.queued };
  }

  stop(): void {
    this.queue.stop();
  }

  pump(): void {
    this.queue.pump();
  }
}
