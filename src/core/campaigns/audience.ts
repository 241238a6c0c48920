// Where a run's recipients come from, a page at a time from a resumable cursor (constant memory).
import type { Store } from '../../store/types.ts';
import type { AudienceMember, Campaign, CampaignRun } from './campaign.ts';

export interface AudiencePage {
  members: AudienceMember[];
  /** Where the following page starts; null when this was the last one. */
  cursor: string | null;
}

export interface Audience {
  /** How many recipients the run will go through (null when it cannot be known cheaply). */
  count(): Promise<number | null>;
  page(cursor: string | null, limit: number): Promise<AudiencePage>;
}

/** Builds the audience of a run; each audience kind the platform offers has one. */
export type AudienceResolver = (campaign: Campaign, run: CampaignRun) => Audience;

/** Numbers pasted or uploaded into the campaign (campaign_recipients); the cursor is the last seq. */
export function listAudience(store: Store, campaign: Campaign): Audience {
  return {
    count: async () => campaign.recipientCount,
    page: async (cursor, limit) => {
      const rows = await store.campaigns.recipients(campaign.id, cursor === null ? 0 : Number(cursor), limit);
      const last = rows[rows.length - 1];
      return { members: rows.map((r) => r.member), cursor: rows.length < limit || !last ? null : String(last.seq) };
    },
  };
}
