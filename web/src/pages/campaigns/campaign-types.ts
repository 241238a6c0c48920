// Shapes of /v1/campaigns answers the campaign pages read.

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'completed' | 'cancelled';
export type RunStatus = 'pending' | 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

export interface CampaignRun {
  id: string;
  status: RunStatus;
  dueAt: string;
  total: number | null;
  processed: number;
  accepted: number;
  rejected: number;
  rejections: Record<string, number>;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Campaign {
  id: string;
  accountId: string;
  name: string;
  status: CampaignStatus;
  text: string;
  from: string | null;
  category: 'verification' | 'notification' | 'marketing';
  schedule: { kind: 'once'; at?: number } | { kind: 'cron'; expression: string; timeZone: string } | { kind: 'date-field'; field: string; time: string };
  sendWindow: { start: string; end: string; timeZone: string } | null;
  recipients: number;
  nextRunAt: string | null;
  createdAt: string;
  runs: CampaignRun[];
}

export interface StagingReport {
  added: number;
  duplicates: number;
  invalid: number;
  errors: Array<{ line: number; value: string; reason: string }>;
}

export interface RunReport {
  messages: number;
  segments: number;
  pending: number;
  submitted: number;
  delivered: number;
  failed: number;
  cancelled: number;
  failures: Record<string, number>;
  failureCodes: Record<string, number>;
  cost: number;
  deliveryRate: number | null;
}
