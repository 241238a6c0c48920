// Streams one claimed run into intake a page at a time: progress saved per page, resumable after a crash.
import type { Store } from '../../store/types.ts';
import { AppError } from '../errors.ts';
import type { IntakePort, RecipientResult, SubmitRequest } from '../intake-port.ts';
import type { AudienceResolver } from './audience.ts';
import type { AudienceMember, Campaign, CampaignRun } from './campaign.ts';
import { CampaignControl } from './campaign-control.ts';
import { hasVariables } from '../templates/text-variables.ts';
import { windowWait } from './schedule.ts';

export interface RunnerOptions {
  store: Store;
  intake: IntakePort;
  /** E.164 as intake stores it, or null: finds what a crashed page already stored. */
  normalize: (number: string) => string | null;
  audience: AudienceResolver;
  /** This node's name on the runs it leases. */
  owner: string;
  leaseMs: number;
  pageSize: number;
  now: () => number;
  /** Waits (for a send window, or after a throttled page); resolves early when the runner stops. */
  wait: (ms: number) => Promise<void>;
}

/** Thrown out of a throttled wait when the runner stops: the page is left for the next start. */
class Stopped extends Error {}
/** Thrown mid-page when the run was paused, cancelled or taken over elsewhere: the page goes no further. */
class Released extends Error {}


export class CampaignRunner {
  private stopping = false;

  constructor(private readonly options: RunnerOptions) {}

  stop(): void {
    this.stopping = true;
  }

  /** Runs until the audience is done, the run is paused or cancelled elsewhere, or the runner stops. */
  async execute(initial: CampaignRun): Promise<void> {
    const { store, now } = this.options;
    const run = { ...initial };
    const campaign = await store.campaigns.get(run.campaignId);
    if (!campaign) {
      await store.campaigns.setRunStatus(run.id, 'cancelled', now(), ['running']);
      return;
    }
    const audience = this.options.audience(campaign, run);
    // A request larger than the account's TPS would never fit its token bucket.
    const tps = (await store.accounts.get(campaign.accountId))?.tps ?? 0;
    const chunk = tps > 0 ? Math.min(tps, this.options.pageSize) : this.options.pageSize;
    if (run.total === null) run.total = await audience.count();
    // A run taken over (crash, restart, resumed after a pause) may have stored part of its next page
    // already, even its first one: always look before sending that page.
    let resuming = true;

    while (!this.stopping) {
      const opensAt = campaign.sendWindow ? windowWait(campaign.sendWindow, now()) : null;
      if (opensAt !== null) {
        if (!(await this.save(run))) return;
        await this.options.wait(Math.min(opensAt - now(), this.options.leaseMs / 3));
        continue;
      }
      const page = await audience.page(run.cursor, this.options.pageSize);
      let members = page.members;
      if (resuming) {
        members = await this.skipStored(run, members);
        resuming = false;
      }
      const results = await this.submit(campaign, run, members, chunk);
      if (results === null) {
        if (this.stopping) break;
        await this.settleReleased(run);
        return;
      }
      for (const result of results) {
        run.processed += 1;
        if (result.ok) run.accepted += 1;
        else {
          run.rejected += 1;
          run.rejections[result.error.code] = (run.rejections[result.error.code] ?? 0) + 1;
        }
      }
      run.cursor = page.cursor;
      if (page.cursor === null) {
        await this.finish(campaign, run);
        return;
      }
      if (!(await this.save(run))) {
        await this.settleReleased(run);
        return;
      }
      // Store calls resolve at once (SQLite is synchronous), so without this the whole run would be one
      // chain of microtasks and starve HTTP, lanes and receipts until the last page.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Stopping (shutdown): hand the run back so the next start, or another node, carries on at once.
    await this.save(run);
    await store.campaigns.setRunStatus(run.id, 'pending', now(), ['running']);
  }

  private async save(run: CampaignRun): Promise<boolean> {
    run.leaseUntil = this.options.now() + this.options.leaseMs;
    run.updatedAt = this.options.now();
    return this.options.store.campaigns.saveProgress(run, this.options.owner);
  }

  private async finish(campaign: Campaign, run: CampaignRun): Promise<void> {
    const { store, now } = this.options;
    run.status = 'completed';
    run.finishedAt = now();
    if (!(await this.save(run))) {
      await this.settleReleased(run);
      return;
    }
    await store.campaigns.setRunStatus(run.id, 'completed', now(), ['running']);
    const latest = await store.campaigns.get(campaign.id);
    if (latest && latest.status === 'active' && latest.nextRunAt === null) {
      await store.campaigns.update({ ...latest, status: 'completed', updatedAt: now() });
    }
  }

  /** Whether the run is still running under this node's lease (a pause or cancel drops the lease). */
  private async stillOurs(run: CampaignRun): Promise<boolean> {
    const current = await this.options.store.campaigns.getRun(run.id);
    return current !== null && current.status === 'running' && current.leaseOwner === this.options.owner;
  }

  /**
   * The run was paused or cancelled while a page was going to intake: the messages that page stored
   * after the pause (or cancel) moved the run's messages are dealt with the same way now.
   */
  private async settleReleased(run: CampaignRun): Promise<void> {
    const current = await this.options.store.campaigns.getRun(run.id);
    const control = new CampaignControl(this.options.store, this.options.now);
    if (current?.status === 'paused') await control.holdRunMessages(run.id);
    else if (current?.status === 'cancelled') await control.cancelRunMessages(run.id);
  }

  /** Members already stored for this run count as accepted and are not sent again. */
  private async skipStored(run: CampaignRun, members: AudienceMember[]): Promise<AudienceMember[]> {
    const normalized = members.map((m) => this.options.normalize(m.number));
    const stored = await this.options.store.campaigns.numbersInRun(run.id, normalized.filter((n): n is string => n !== null));
    const rest = members.filter((_m, i) => normalized[i] === null || !stored.has(normalized[i]!));
    run.processed += members.length - rest.length;
    run.accepted += members.length - rest.length;
    return rest;
  }

  /**
   * One page through intake as one request: intake fills a personalised text's variables from each
   * member's values. Null when the run cannot go on (it is marked failed).
   */
  private async submit(campaign: Campaign, run: CampaignRun, members: AudienceMember[], chunk: number): Promise<RecipientResult[] | null> {
    const { content } = campaign;
    const base: Omit<SubmitRequest, 'recipients' | 'text'> = {
      accountId: campaign.accountId,
      source: 'campaign',
      sender: content.sender,
      priority: content.priority,
      category: content.category,
      validitySeconds: content.validitySeconds,
      batchId: run.id,
    };
    const personalised = hasVariables(content.text);
    try {
      const results: RecipientResult[] = [];
      // One request per chunk (the page, or a second's worth for an account with a TPS limit): smaller
      // ones would each wait for their own commit, and a campaign's speed is its commits' size.
      for (let start = 0; start < members.length; start += chunk) {
        // A pause or cancel stops the page here, not after it: at most one request runs on, and what it
        // stored is held with the rest (settleReleased).
        if (!(await this.stillOurs(run))) throw new Released();
        const slice = members.slice(start, start + chunk);
        const params = personalised ? { params: slice.map((m) => m.params) } : {};
        results.push(...(await this.throttled(() => this.options.intake.submit({ ...base, recipients: slice.map((m) => m.number), text: content.text, ...params }))));
      }
      return results;
    } catch (error) {
      if (error instanceof Stopped || error instanceof Released) return null;
      if (!(error instanceof AppError)) throw error;
      // The whole request was refused (account suspended, text too long): nothing more can go.
      run.status = 'failed';
      run.error = `${error.code}: ${error.message}`;
      run.finishedAt = this.options.now();
      await this.save(run);
      await this.options.store.campaigns.setRunStatus(run.id, 'failed', this.options.now(), ['running']);
      return null;
    }
  }

  /** The account's TPS limit answers rate_limited: wait a little and try the same request again. */
  private async throttled(send: () => ReturnType<IntakePort['submit']>): Promise<RecipientResult[]> {
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        return (await send()).results;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'rate_limited') throw error;
        if (this.stopping) throw new Stopped();
        await this.options.wait(delay);
      }
    }
  }
}
