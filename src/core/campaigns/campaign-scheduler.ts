// Every second: turns due campaign occurrences into runs and runs the ones this node can lease.
import type { Store } from '../../store/types.ts';
import { newId } from '../ids.ts';
import type { IntakePort } from '../intake-port.ts';
import type { AudienceResolver } from './audience.ts';
import type { Campaign, CampaignRun } from './campaign.ts';
import { CampaignRunner } from './campaign-runner.ts';
import { nextOccurrence } from './schedule.ts';

export interface SchedulerOptions {
  store: Store;
  intake: IntakePort;
  normalize: (number: string) => string | null;
  audience: AudienceResolver;
  /** This node's name on leased runs (unique per process). */
  owner: string;
  /** Runs one node works on at once. */
  maxRunning?: number;
  pageSize?: number;
  leaseMs?: number;
  tickMs?: number;
  now?: () => number;
  onError?: (error: Error) => void;
}

export class CampaignScheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private readonly running = new Map<string, { runner: CampaignRunner; done: Promise<void> }>();
  /** Wakes runners waiting for a send window or a throttled retry when the scheduler stops. */
  private readonly wakers = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  /** Stops taking runs; running ones save their page and are handed back (pending) for the next start. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const { runner } of this.running.values()) runner.stop();
    for (const wake of this.wakers) wake();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** One pass (also called by tests and right after a campaign starts, so it does not wait a tick). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.createDueRuns();
      await this.claimRuns();
    } catch (error) {
      this.options.onError?.(error as Error);
    } finally {
      this.ticking = false;
    }
  }

  /** Ids of the runs this node is working on now. */
  activeRuns(): string[] {
    return [...this.running.keys()];
  }

  private async createDueRuns(): Promise<void> {
    const { store } = this.options;
    const now = this.now();
    for (const campaign of await store.campaigns.due(now, 50)) {
      const dueAt = campaign.nextRunAt!;
      // The unique (campaign, due_at) key makes this safe when two nodes see the same occurrence.
      await store.campaigns.insertRun(newRun(campaign, dueAt, now));
      await store.campaigns.update({ ...campaign, nextRunAt: nextOccurrence(campaign.schedule, Math.max(dueAt, now)), updatedAt: now });
    }
  }

  private async claimRuns(): Promise<void> {
    const room = (this.options.maxRunning ?? 2) - this.running.size;
    if (room <= 0) return;
    const now = this.now();
    const leaseMs = this.options.leaseMs ?? 30_000;
    for (const run of await this.options.store.campaigns.claimRuns(now, this.options.owner, now + leaseMs, room)) {
      const runner = new CampaignRunner({
        store: this.options.store,
        intake: this.options.intake,
        normalize: this.options.normalize,
        audience: this.options.audience,
        owner: this.options.owner,
        leaseMs,
        pageSize: this.options.pageSize ?? 500,
        now: this.now,
        wait: (ms) => this.wait(ms),
      });
      const done = runner
        .execute(run)
        .catch((error: Error) => this.options.onError?.(error))
        .finally(() => this.running.delete(run.id));
      this.running.set(run.id, { runner, done });
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.wakers.add(wake);
    });
  }
}

function newRun(campaign: Campaign, dueAt: number, now: number): CampaignRun {
  return {
    id: newId(now),
    campaignId: campaign.id,
    accountId: campaign.accountId,
    dueAt,
    status: 'pending',
    total: null,
    processed: 0,
    accepted: 0,
    rejected: 0,
    rejections: {},
    cursor: null,
    error: null,
    leaseOwner: null,
    leaseUntil: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
  };
}
