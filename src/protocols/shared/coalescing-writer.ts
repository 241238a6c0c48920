// Writes a session's PDUs to its socket: everything written in one tick goes out as one socket
// write (cork/uncork), and a peer that stops reading for too long is reported as dead.
import type { Socket } from 'node:net';

export class CoalescingWriter {
  /** True while the socket refuses more writes (its buffer is full): the session reports busy. */
  blocked = false;
  private corked = false;
  private drainTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly drainTimeoutMs: number,
    /** Told when `blocked` changes. */
    private readonly onBlockedChange: () => void,
    /** Told when the socket stayed blocked for drainTimeoutMs. */
    private readonly onDrainTimeout: () => void,
  ) {
    socket.on('drain', () => this.onDrain());
  }

  write(buf: Buffer): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => this.flush());
    }
    if (!this.socket.write(buf) && !this.blocked) {
      this.blocked = true;
      this.drainTimer = setTimeout(this.onDrainTimeout, this.drainTimeoutMs);
      this.drainTimer.unref();
      this.onBlockedChange();
    }
  }

  /** Sends what this tick wrote now (before closing). */
  flush(): void {
    if (!this.corked) return;
    this.corked = false;
    this.socket.uncork();
  }

  /** Stops watching for a drain (the session is closing). */
  stop(): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
  }

  private onDrain(): void {
    this.blocked = false;
    this.stop();
    this.onBlockedChange();
  }
}
