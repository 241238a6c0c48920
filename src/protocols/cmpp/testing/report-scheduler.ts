// Holds the fake ISMG's status reports until due and their SP has a connection with room.
import { DueQueue } from '../../shared/due-queue.ts';
import type { CmppBodyInputOf } from '../pdu-types.ts';
import type { CmppServer, CmppSession } from '../server.ts';
import type { CmppVersion } from '../version.ts';

/** Builds the DELIVER when it is sent: the report's layout follows the receiving connection's version. */
export type ReportBuilder = (version: CmppVersion) => CmppBodyInputOf<'deliver'>;

export class ReportScheduler {
  private readonly queue: DueQueue<{ spId: string; build: ReportBuilder }>;

  constructor(server: CmppServer, delayMs: number, versionOf: (session: CmppSession) => CmppVersion) {
    this.queue = new DueQueue(delayMs, ({ spId, build }) => {
      const session = server.sessionsOf(spId).find((s) => !s.busy);
      // Refused or the connection went away: the queue sends it again once there is room.
      return session ? session.request('deliver', build(versionOf(session))) : null;
    });
  }

  schedule(spId: string, build: ReportBuilder): void {
    this.queue.add({ spId, build });
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
