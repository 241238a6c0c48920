// Starting, pausing, resuming and cancelling campaigns: statuses, and their queued messages held or freed.
import type { MessageUpdate, Store } from '../../store/types.ts';
import { AppError } from '../errors.ts';
import type { MessageState } from '../message.ts';
import type { Campaign, CampaignRun, RunStatus } from './campaign.ts';
import { firstOccurrence } from './schedule.ts';

/**
 * A paused campaign's queued messages wait as 'scheduled' at this instant (9999-12-31), which no
 * schedule reaches; resuming sets it to now and the scheduled-message release queues them again.
 */
export const HELD_UNTIL = 253_402_300_799_000;

const CHUNK = 1000;
const OPEN_RUNS: RunStatus[] = ['pending', 'running'];
/** Runs whose messages pause, resume and cancel act on (a recurring campaign's older runs are done). */
const RECENT_RUNS = 20;

export class CampaignControl {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async start(campaign: Campaign): Promise<Campaign> {
    if (campaign.status !== 'draft') throw new AppError('conflict', `campaign is ${campaign.status}; only a draft can be started`, 'id');
    if (campaign.audience.kind === 'list' && campaign.recipientCount === 0) throw new AppError('validation_failed', 'the campaign has no recipients yet', 'recipients');
    const now = this.now();
    const started = { ...campaign, status: 'active' as const, nextRunAt: firstOccurrence(campaign.schedule, now), updatedAt: now };
    await this.store.campaigns.update(started);
    return started;
  }

  /**
   * Stops handing messages to intake and holds the queued messages of its runs until resumed. A
   * completed campaign (every recipient handed to intake) can be paused too: its messages may still wait.
   */
  async pause(campaign: Campaign): Promise<Campaign> {
    if (campaign.status !== 'active' && campaign.status !== 'completed') throw new AppError('conflict', `campaign is ${campaign.status}; only an active or completed campaign can be paused`, 'id');
    const paused = await this.setStatus(campaign, 'paused');
    for (const run of await this.runs(campaign)) {
      if (OPEN_RUNS.includes(run.status)) await this.store.campaigns.setRunStatus(run.id, 'paused', this.now(), OPEN_RUNS);
      await this.holdRunMessages(run.id);
    }
    return paused;
  }

  async resume(campaign: Campaign): Promise<Campaign> {
    if (campaign.status !== 'paused') throw new AppError('conflict', `campaign is ${campaign.status}; only a paused campaign can be resumed`, 'id');
    let unfinished = campaign.nextRunAt !== null;
    for (const run of await this.runs(campaign)) {
      if (run.status === 'paused') {
        await this.store.campaigns.setRunStatus(run.id, 'pending', this.now(), ['paused']);
        unfinished = true;
      }
      await this.moveMessages(run.id, { states: ['scheduled'], scheduledAt: HELD_UNTIL }, 'scheduled', 'campaign resumed', { scheduledAt: this.now() });
    }
    return this.setStatus(campaign, unfinished ? 'active' : 'completed');
  }

  /** No further runs; an open run stops, and the messages of its runs not yet sent are cancelled. */
  async cancel(campaign: Campaign): Promise<Campaign> {
    if (campaign.status === 'cancelled') throw new AppError('conflict', 'campaign is already cancelled', 'id');
    const cancelled = { ...campaign, status: 'cancelled' as const, nextRunAt: null, updatedAt: this.now() };
    await this.store.campaigns.update(cancelled);
    for (const run of await this.runs(campaign)) {
      await this.store.campaigns.setRunStatus(run.id, 'cancelled', this.now(), [...OPEN_RUNS, 'paused']);
      await this.cancelRunMessages(run.id);
    }
    return cancelled;
  }

  /** Holds a paused run's queued messages (also what its runner stored after the pause: see the runner). */
  holdRunMessages(runId: string): Promise<void> {
    return this.moveMessages(runId, { states: ['queued'] }, 'scheduled', 'campaign paused', { scheduledAt: HELD_UNTIL });
  }

  /** Cancels a cancelled run's messages not yet sent. */
  cancelRunMessages(runId: string): Promise<void> {
    return this.moveMessages(runId, { states: ['queued', 'scheduled'] }, 'cancelled', 'campaign cancelled', { doneAt: this.now() });
  }

  private async setStatus(campaign: Campaign, status: Campaign['status']): Promise<Campaign> {
    const next = { ...campaign, status, updatedAt: this.now() };
    await this.store.campaigns.update(next);
    return next;
  }

  /** The latest runs: the ones whose messages may still be waiting. */
  private runs(campaign: Campaign): Promise<CampaignRun[]> {
    return this.store.campaigns.listRuns(campaign.id, RECENT_RUNS);
  }

  /**
   * Moves the run's idle messages in chunks; each change is conditional (state and no lane holding
   * it), so a message a lane took meanwhile is left to its lane.
   */
  private async moveMessages(batchId: string, which: { states: MessageState[]; scheduledAt?: number }, to: MessageState, detail: string, set: MessageUpdate['set']): Promise<void> {
    for (;;) {
      const messages = await this.store.campaigns.idleRunMessages(batchId, which, CHUNK);
      if (messages.length === 0) return;
      const at = this.now();
      const skipped = await this.store.messages.applyUpdates(messages.map((m) => ({ id: m.id, state: to, at, detail, set, onlyFrom: [m.state], onlyIdle: true })));
      // Whatever could not move has changed hands (a lane took it): it is not idle next time round.
      if (skipped.length === messages.length) return;
    }
  }
}
