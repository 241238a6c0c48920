// Holds the fake ISMG's status reports until due and their SP has a connection with room.
import type { CmppBodyInputOf } from '../pdu-types.ts';
import type { CmppServer, CmppSession } from '../server.ts';
import type { CmppVersion } from '../version.ts';

/** Builds the DELIVER when it is sent: the report's layout follows the receiving connection's version. */
export type ReportBuilder = (version: CmppVersion) => CmppBodyInputOf<'deliver'>;

interface PendingReport {
  dueAt: number;
  spId: string;
  build: ReportBuilder;
}

/** Reports all wait the same delay, so a FIFO is in due order and one timer drives it. */
export class ReportScheduler {
  private readonly queue: PendingReport[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private sent = 0;
  private pumping = false;

  constructor(
    private readonly server: CmppServer,
    private readonly delayMs: number,
    private readonly versionOf: (session: CmppSession) => CmppVersion,
  ) {}

  schedule(spId: string, build: ReportBuilder): void {
    this.queue.push({ dueAt: Date.now() + this.delayMs, spId, build });
    if (this.delayMs <= 0) queueMicrotask(() => this.pump());
    else this.arm();
  }

  stats(): { reportsSent: number; reportsQueued: number } {
    return { reportsSent: this.sent, reportsQueued: this.queue.length - this.head };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends every due report whose SP has a connection with room; stops at the first that has none. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const now = Date.now();
      while (this.head < this.queue.length) {
        const next = this.queue[this.head]!;
        if (next.dueAt > now) break;
        const session = this.server.sessionsOf(next.spId).find((s) => !s.busy);
        if (!session) break;
        this.head++;
        session.request('deliver', next.build(this.versionOf(session))).then(
          () => this.sent++,
          // Refused or the connection went away: send it again once there is room.
          () => {
            this.queue.push({ ...next, dueAt: 0 });
            this.arm();
          },
        );
      }
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
    } finally {
      this.pumping = false;
    }
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => {
        this.pump();
        if (this.head >= this.queue.length) this.stop();
      },
      Math.max(5, Math.min(100, this.delayMs >> 2)),
    );
    this.timer.unref();
  }
}
