// Holds status reports until they are due and their SP has a receiving session with room, so none
// is dropped on a busy or reconnecting SP.
import { DueQueue } from '../../shared/due-queue.ts';
import type { SmgpBody } from '../pdu-types.ts';
import type { SmgpServer } from '../server.ts';

export class ReportScheduler {
  private readonly queue: DueQueue<{ clientId: string; body: SmgpBody<'Deliver'> }>;

  constructor(server: SmgpServer, delayMs: number) {
    this.queue = new DueQueue(delayMs, ({ clientId, body }) => {
      const receivers = server.receivers(clientId);
      if (receivers.length === 0 || receivers.every((s) => s.busy)) return null;
      return server.deliver(clientId, body);
    });
  }

  schedule(clientId: string, body: SmgpBody<'Deliver'>): void {
    this.queue.add({ clientId, body });
  }

  stats(): { reportsSent: number; reportsQueued: number } {
    return { reportsSent: this.queue.sent, reportsQueued: this.queue.queued };
  }

  stop(): void {
    this.queue.stop();
  }

  pump(): void {
    this.queue.pump();
  }
}
