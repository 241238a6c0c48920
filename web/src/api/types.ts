// Shapes of the REST API's answers the console reads (docs/api.md).

export type Role = 'admin' | 'account';
export type MessageState =
  | 'scheduled'
  | 'accepted'
  | 'queued'
  | 'submitted'
  | 'delivered'
  | 'undelivered'
  | 'expired'
  | 'rejected'
  | 'failed'
  | 'cancelled';
export type Priority = 'urgent' | 'normal' | 'bulk';

export interface SessionUser {
  username: string;
  role: Role;
  accountId: string | null;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export interface StatsSummary {
  states: Partial<Record<MessageState, number>>;
  throughput: { acceptedPerSecond: number; submittedPerSecond: number; deliveredPerSecond: number };
  connectors: { id: string; state: string; queueDepth: number }[];
}

export interface ThroughputPoint {
  at: string;
  accepted: number;
  submitted: number;
  delivered: number;
  failed: number;
}

export interface Preview {
  encoding: string;
  segments: number;
  length: number;
  perSegment: number;
  remainingInSegment: number;
}

export interface SendResult {
  to: string;
  id?: string;
  normalized?: string;
  segments?: number;
  encoding?: string;
  status: 'accepted' | 'scheduled' | 'rejected';
  error?: { code: string; message: string; field?: string };
}

export interface SendResponse {
  duplicate: boolean;
  messages: SendResult[];
}

export interface MessageSummary {
  id: string;
  accountId: string;
  to: string;
  from: string | null;
  text: string;
  state: MessageState;
  segments: number;
  encoding: string;
  priority: Priority | string;
  connectorId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  clientRef: string | null;
  tag: string | null;
  createdAt: string;
  submittedAt: string | null;
  doneAt: string | null;
}

export interface MessageDetail extends MessageSummary {
  history: { at: string; state: MessageState; detail?: string | null }[];
  parts: { partNo: number; upstreamId: string | null; state: string; errorCode: string | null }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ConnectorState = 'up' | 'down' | 'starting' | 'stopped';

export interface Connector {
  id: string;
  type: string;
  name?: string | null;
  enabled: boolean;
  status: {
    state: ConnectorState;
    inFlight: number;
    window: number;
    sessionsUp: number;
    sessionsTotal: number;
    submitted: number;
    failed: number;
    queueDepth: number;
    tps: number;
  };
}

// Compliance (frequency limits, whitelist, sending hours, consent records).
export type RuleCategory = 'verification' | 'notification' | 'marketing' | 'all';
export type RuleWindow = 'minute' | 'hour' | 'day';

export interface FrequencyRule {
  category: RuleCategory;
  window: RuleWindow;
  limit: number;
}

export interface FrequencyRulesView {
  platform: FrequencyRule[];
  account: FrequencyRule[] | null;
  effective: FrequencyRule[];
}

export interface SendingHours {
  start: string;
  end: string;
  timeZone: string;
  days: number[] | null;
}

export interface SendingHoursView {
  platform: SendingHours;
  account: SendingHours | null;
  effective: SendingHours;
}

export interface ConsentRecord {
  id: string;
  number: string;
  status: 'granted' | 'revoked';
  source: string;
  evidence: string | null;
  at: string;
  expiresAt: string | null;
  createdAt: string;
}

export interface ConsentHistory {
  number: string;
  current: 'granted' | 'revoked' | 'expired' | 'none';
  history: ConsentRecord[];
}
