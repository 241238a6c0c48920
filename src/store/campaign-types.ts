// Store types of campaigns: their runs and the tally of a run's messages.
import type { AudienceMember, Campaign, CampaignRun, RunStatus } from '../core/campaigns/campaign.ts';
import type { Message, MessageState } from '../core/message.ts';
import type { Page } from './types.ts';

/** How a campaign run's messages stand: one row per (state, error code). */
export interface RunTally {
  state: MessageState;
  errorCode: string | null;
  count: number;
  segments: number;
  /** What these messages were charged, in li (refunds not subtracted); 0 when the account is not billed. */
  cost: number;
}

export interface CampaignRepository {
  insert(campaign: Campaign): Promise<void>;
  /** Writes every field but id, account and createdAt. */
  update(campaign: Campaign): Promise<void>;
  /** With accountId, only that account's campaign. */
  get(id: string, accountId?: string): Promise<Campaign | null>;
  list(filter: { accountId?: string; cursor?: string; limit: number }): Promise<Page<Campaign>>;
  /** Removes a campaign with its staged recipients and runs (its messages stay). */
  delete(id: string): Promise<void>;
  /** Appends staged recipients starting at seq `firstSeq`. */
  addRecipients(campaignId: string, firstSeq: number, members: AudienceMember[]): Promise<void>;
  /** Drops staged recipients from seq `fromSeq` on (an upload that failed half way). */
  truncateRecipients(campaignId: string, fromSeq: number): Promise<void>;
  /** Staged recipients after `afterSeq`, in order. */
  recipients(campaignId: string, afterSeq: number, limit: number): Promise<Array<{ seq: number; member: AudienceMember }>>;
  /** Active campaigns whose next run is due. */
  due(now: number, limit: number): Promise<Campaign[]>;
  /** Creates the run unless its occurrence (campaign, dueAt) exists; true when created. */
  insertRun(run: CampaignRun): Promise<boolean>;
  getRun(id: string): Promise<CampaignRun | null>;
  listRuns(campaignId: string, limit: number): Promise<CampaignRun[]>;
  /** Takes pending or running runs whose lease is free or expired: they become running, leased to `owner`. */
  claimRuns(now: number, owner: string, leaseUntil: number, limit: number): Promise<CampaignRun[]>;
  /** Saves a run's progress if `owner` still holds it and it is still running; false otherwise (paused, cancelled, lost). */
  saveProgress(run: CampaignRun, owner: string): Promise<boolean>;
  /** Sets a run's status (pause, resume, cancel, complete); `from` limits which statuses it may leave. */
  setRunStatus(id: string, status: RunStatus, at: number, from: RunStatus[]): Promise<boolean>;
  /** A run's messages in `states` (and, if given, scheduled for exactly `scheduledAt`) that no lane holds: pause, resume and cancel work in chunks. */
  idleRunMessages(batchId: string, which: { states: MessageState[]; scheduledAt?: number }, limit: number): Promise<Message[]>;
  /** Which of `numbers` already have a message in the run (resuming a page after a crash). */
  numbersInRun(batchId: string, numbers: string[]): Promise<Set<string>>;
  tally(batchId: string): Promise<RunTally[]>;
}
