// A connector's 'state', 'busy' and 'drain' events, emitted only when they change. The lane waits
// on 'drain', so a connector held back by its TPS bucket must also say when the bucket refills.
import type { EventEmitter } from 'node:events';
import type { ConnectorState } from '../../core/connector.ts';

export class ConnectorSignals {
  state: ConnectorState = 'stopped';
  private wasBusy = true;
  private tpsTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly connector: EventEmitter,
    private readonly isBusy: () => boolean,
    /** Milliseconds until the TPS bucket has a token again (0 when it has one now). */
    private readonly tpsWaitMs: () => number,
  ) {}

  setState(state: ConnectorState): void {
    if (state === this.state) return;
    this.state = state;
    this.connector.emit('state', state);
  }

  /** Emits 'busy' or 'drain' if that changed, and looks again when the TPS bucket refills. */
  refreshBusy(): void {
    const busy = this.isBusy();
    const wait = this.tpsWaitMs();
    if (busy && this.state === 'up' && !this.tpsTimer && wait > 0) {
      this.tpsTimer = setTimeout(() => {
        this.tpsTimer = null;
        this.refreshBusy();
      }, wait);
      this.tpsTimer.unref();
    }
    if (busy === this.wasBusy) return;
    this.wasBusy = busy;
    this.connector.emit(busy ? 'busy' : 'drain');
  }

  /** Forgets the pending TPS look (on stop). */
  stop(): void {
    if (this.tpsTimer) clearTimeout(this.tpsTimer);
    this.tpsTimer = null;
  }
}
