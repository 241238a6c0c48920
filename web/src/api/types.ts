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

export type Access = 'read' | 'send' | 'manage';
export type UserRole = 'admin' | 'owner' | 'operator' | 'viewer';

export interface SessionUser {
  username: string;
  role: Role;
  accountId: string | null;
  /** The console role; absent in a session saved before roles existed. */
  userRole?: UserRole;
  access?: Access;
}

export interface ConsoleUser {
  username: string;
  accountId: string | null;
  role: UserRole;
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export type ApiKeyScope = 'read' | 'send' | 'manage';

export interface ApiKeyItem {
  id: string;
  accountId: string;
  name: string | null;
  scope: ApiKeyScope | 'admin';
  createdAt: string;
}

/** A cloud key for the Aliyun/Tencent-style APIs (the secret is only in the create answer). */
export interface CloudKeyItem {
  id: string;
  accountId: string;
  accessKeyId: string;
  name: string | null;
  createdAt: string;
}

export type CallbackFormat = 'auto' | 'kuaixin' | 'aliyun' | 'tencent';

export interface AuditItem {
  id: string;
  at: string;
  actor: string;
  accountId: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export interface StatsSummary {
  /** Queued, scheduled and submitted now; final states of the messages that ended since endedSince (today). */
  states: Partial<Record<MessageState, number>>;
  endedSince: string;
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
  /** The campaign run or cloud-API request the message belongs to. */
  batchId?: string | null;
  /** The template code it was sent with (null: a plain text). */
  templateCode?: string | null;
  /** The signature (签名) its text carries, without 【】. */
  signature?: string | null;
  createdAt: string;
  submittedAt: string | null;
  doneAt: string | null;
}

export interface MessageDetail extends MessageSummary {
  history: { at: string; state: MessageState; detail?: string | null }[];
  parts: { partNo: number; upstreamId: string | null; state: string; errorCode: string | null; rawStatus?: string | null }[];
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

// Templates, signatures and phrases (issue 5 item 4).
export type ReviewStatus = 'pending' | 'approved' | 'rejected';
export type MessageCategory = 'verification' | 'notification' | 'marketing';

export interface Signature {
  id: string;
  accountId: string;
  name: string;
  display: string;
  status: ReviewStatus;
  reason: string | null;
  isDefault: boolean;
  remark: string | null;
  createdAt: string;
}

export interface Template {
  id: string;
  code: string;
  accountId: string;
  name: string;
  category: MessageCategory;
  body: string;
  variables: string[];
  status: ReviewStatus;
  reason: string | null;
  remark: string | null;
  createdAt: string;
}

export interface Phrase {
  id: string;
  title: string | null;
  text: string;
  createdAt: string;
}

export interface RuleViolation {
  rule: string;
  message: string;
}

export interface TemplatePreview {
  text: string;
  variables: string[];
  missing: string[];
  signature: string | null;
  encoding: string;
  segments: number;
  billableLength: number;
  billableSegments: number;
}

// Address book (/v1/contacts, /v1/contact-groups, /v1/contacts/imports).
export interface Contact {
  id: string;
  number: string;
  name: string;
  fields: Record<string, string>;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface FilterCondition {
  field: string;
  op: string;
  value?: string | number;
}

export interface ContactGroup {
  id: string;
  name: string;
  kind: 'static' | 'dynamic';
  filter: { match: 'all' | 'any'; conditions: FilterCondition[] } | null;
  members: number | null;
}

export interface ContactImportJob {
  id: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  phase: string;
  progress: number;
  total: number;
  inserted: number;
  updated: number;
  skipped: number;
  errors: number;
  message: string | null;
}

// Billing (money in li, 1/10000 yuan).
export interface BillingBalance {
  accountId: string;
  balance: number;
  billed: boolean;
  lowBalance: boolean;
  lowBalanceThreshold: number;
  policy: 'delivery' | 'submit';
  currency: string;
}

export interface LedgerItem {
  id: string;
  at: string;
  kind: 'topup' | 'adjustment' | 'reserve' | 'refund';
  amount: number;
  messages: number;
  note: string | null;
  balanceAfter: number;
}

export interface PriceItem {
  id: string;
  match: 'prefix' | 'carrier' | 'country' | 'default';
  value: string;
  category: 'verification' | 'notification' | 'marketing' | null;
  unitPrice: number;
}

export interface QuoteResult {
  billed: boolean;
  total: number;
  balance: number;
  sufficient: boolean;
  items: Array<{ to: string; ok: boolean; segments?: number | null; unitPrice?: number; cost?: number; error?: { code: string } }>;
}

// ── statistics and records (issue 5 item 8) ──

export type StatsPeriod = 'day' | 'week' | 'month';
export type StatsGroupBy = 'account' | 'connector' | 'carrier' | 'category' | 'failure';

export interface StatsFigures {
  submitted: number;
  delivered: number;
  failed: number;
  cancelled: number;
  segments: number;
  deliveryRate: number | null;
}

export interface StatsReport {
  period: StatsPeriod;
  timeZone: string;
  from: string;
  to: string;
  groupBy: StatsGroupBy | null;
  buckets: string[];
  series: { key: string; totals: StatsFigures; points: (StatsFigures & { bucket: string })[] }[];
  totals: StatsFigures;
  failures: { category: string; messages: number }[];
}

export interface ReceivedMessage {
  id: string;
  accountId: string | null;
  from: string;
  to: string;
  text: string;
  receivedAt: string;
  connectorId: string;
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
