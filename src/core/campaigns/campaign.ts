// A campaign (群发): what to send, to whom, when; and its runs, one per occurrence of its schedule.
import type { MessageCategory, PriorityName } from '../message.ts';

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed', 'cancelled'] as const;
/** draft: editable, not started; active: has a run going or due; completed: no occurrence left. */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** The text, with `${name}` variables filled per recipient from its params or contact fields. */
export interface CampaignContent {
  text: string;
  sender?: string;
  category: MessageCategory;
  /** bulk by default, so verification and notification traffic overtakes the campaign. */
  priority: PriorityName;
  validitySeconds?: number;
}

/**
 * Who receives it. `list`: numbers pasted or uploaded, staged in campaign_recipients; `contacts`: the
 * address book — several contact groups (static or dynamic) and contacts picked one by one, each
 * contact once per run however many of them it is in; `group`: one group (campaigns created before
 * several could be chosen). With `dateField`, only the contacts whose date falls on the run's day.
 */
export type CampaignAudience =
  | { kind: 'list' }
  | { kind: 'group'; groupId: string; dateField?: string }
  | { kind: 'contacts'; groupIds: string[]; contactIds: string[]; dateField?: string };

/** Contacts picked one by one that a campaign's audience may hold (they live in its JSON). */
export const MAX_SELECTED_CONTACTS = 10_000;
/** Contact groups one campaign may be sent to. */
export const MAX_AUDIENCE_GROUPS = 50;

/**
 * When it runs. `once`: at a time (now when absent); `cron`: recurring on a cron expression
 * (daily / weekly / monthly are cron presets); `date-field`: every day at `time`, to the contacts
 * whose `field` (e.g. birthday) falls on that day.
 */
export type CampaignSchedule =
  | { kind: 'once'; at?: number }
  | { kind: 'cron'; expression: string; timeZone: string; until?: number }
  | { kind: 'date-field'; field: string; time: string; timeZone: string };

/** Messages are handed to intake only inside this daily window (wall clock in its time zone). */
export interface SendWindow {
  start: string;
  end: string;
  timeZone: string;
}

export interface Campaign {
  id: string;
  accountId: string;
  name: string;
  status: CampaignStatus;
  content: CampaignContent;
  audience: CampaignAudience;
  schedule: CampaignSchedule;
  sendWindow: SendWindow | null;
  /** When the next run is due; null when no occurrence is left (or not started). */
  nextRunAt: number | null;
  /** Staged recipients of a `list` audience. */
  recipientCount: number;
  createdAt: number;
  updatedAt: number;
}

export const RUN_STATUSES = ['pending', 'running', 'paused', 'completed', 'cancelled', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One occurrence: streams its audience into intake page by page, resumable from `cursor`. */
export interface CampaignRun {
  id: string;
  campaignId: string;
  accountId: string;
  dueAt: number;
  status: RunStatus;
  /** Recipients in the audience when the run started (null until counted). */
  total: number | null;
  /** Recipients handed to intake so far (accepted + rejected). */
  processed: number;
  accepted: number;
  rejected: number;
  /** Rejections by error code (invalid_number, blacklisted, …). */
  rejections: Record<string, number>;
  /** Where the next page starts; null at the beginning. */
  cursor: string | null;
  /** Why a failed run stopped (e.g. the account was suspended). */
  error: string | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
}

/** One recipient as the audience yields it: a number and the values for the text's variables. */
export interface AudienceMember {
  number: string;
  params: Record<string, string>;
}
