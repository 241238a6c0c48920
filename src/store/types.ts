// Repository interfaces the core depends on; sqlite/ and pg/ implement them (one contract test suite).
import type { Carrier, CarrierSegment } from '../core/carriers/carrier.ts';
import type { AudienceMember, Campaign, CampaignRun, RunStatus } from '../core/campaigns/campaign.ts';
import type { Message, MessageCategory, MessageEvent, MessagePart, MessageState, MoMessage } from '../core/message.ts';

export interface Account {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  /** Webhook for status changes and MO; null = none. */
  callbackUrl: string | null;
  /** HMAC-SHA256 key for the X-Kuaixin-Signature header. */
  callbackSecret: string;
  /** Messages per second accepted from this account (0 = unlimited). */
  tps: number;
  createdAt: number;
  /** The account this one is a department (sub-account) of; null or absent = a top-level account. */
  parentId?: string | null;
}

/** Roles of console users: 'admin' runs the platform (no account); the others work inside one account. */
export const USER_ROLES = ['admin', 'owner', 'operator', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A console login. accountId null = platform administrator. */
export interface User {
  username: string;
  passwordHash: string;
  accountId: string | null;
  role: UserRole;
  createdAt: number;
  /** A disabled user cannot sign in (absent = false). */
  disabled?: boolean;
  /** Read-only here: kept by users.loginFailed / loginSucceeded, never written by upsert. */
  failedLogins?: number;
  /** Sign-in refused until this time (epoch ms); null = not locked. */
  lockedUntil?: number | null;
  /** Session tokens issued before this time (epoch ms) are refused: set when the password changes (absent = 0). */
  sessionsValidFrom?: number;
}

/** What an API key may do: 'read' only GET/HEAD, 'send' also send, 'manage' also users and keys. */
export const API_KEY_SCOPES = ['read', 'send', 'manage'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** One thing someone did, as the audit log keeps it. */
export interface AuditEntry {
  id: string;
  at: number;
  /** A username, "key:<credential id>", or "anonymous" for a failed login of an unknown name. */
  actor: string;
  /** The account acted on; null = the platform. */
  accountId: string | null;
  /** "auth.login", "user.create", or for generic entries "<METHOD> <route>". */
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export interface AuditFilter {
  /** undefined = every account (admins). */
  accountId?: string;
  action?: string;
  actor?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit: number;
}

export type CredentialKind = 'api_key' | 'smpp' | 'cmpp' | 'cloud_key';

export interface Credential {
  id: string;
  accountId: string;
  kind: CredentialKind;
  /**
   * api_key: SHA-256 hex of the key (keys are random, so a fast hash suffices); smpp: the system_id;
   * cmpp: the SP_Id; cloud_key: the AccessKeyId / SecretId of the Aliyun- and Tencent-style APIs.
   */
  identifier: string;
  /**
   * smpp: scrypt hash of the password ("scrypt$salt$hash"); api_key: empty; cmpp: the shared secret
   * itself, since the CONNECT authenticator is an MD5 over it and cannot be checked against a hash;
   * cloud_key: the AccessKeySecret itself, for the same reason (request signatures are HMACs keyed with it).
   */
  secretHash: string;
  /**
   * 'admin' keys may manage connectors, routes and accounts; API keys of an account have an
   * ApiKeyScope ('account', from before scopes existed, means 'manage'); SMPP/CMPP logins use 'account'.
   */
  scope: 'account' | 'admin' | ApiKeyScope;
  /** A label for API keys ("billing system"); absent = none. */
  name?: string | null;
  maxBinds: number;
  /** CIDRs or addresses allowed to bind (smpp) or connect (cmpp); empty = any. */
  ipAllowlist: string[];
  createdAt: number;
}

/** Every kind of upstream connector (one folder each in src/connectors/). */
export const CONNECTOR_TYPES = ['smpp', 'cmpp', 'smgp', 'sgip', 'simulator'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export interface ConnectorRecord {
  id: string;
  type: ConnectorType;
  name: string;
  enabled: boolean;
  /** Type-specific settings (host, port, system_id, window, tps, …), validated by config/. */
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface RouteFilters {
  accounts?: string[];
  /** E.164 prefixes including '+', e.g. "+86138". */
  prefixes?: string[];
  /** A regular expression the E.164 recipient must match. */
  regex?: string;
  senders?: string[];
  carriers?: string[];
  tags?: string[];
  priorities?: number[];
  /** Local time window "HH:MM-HH:MM" (may wrap midnight). */
  timeWindow?: string;
}

export interface RouteRecord {
  id: string;
  /** Evaluation order, lowest first. */
  position: number;
  name: string;
  filters: RouteFilters;
  strategy: 'static' | 'round_robin' | 'failover';
  connectors: Array<{ id: string; weight: number }>;
  /** The default route matches everything and is evaluated last; exactly one must exist. */
  isDefault: boolean;
  enabled: boolean;
}

export interface MoRouteRecord {
  id: string;
  /** Destination number or prefix (service number + extension code), longest match wins. */
  pattern: string;
  accountId: string;
}

/** One state change of one message, written with its history row in the same transaction. */
export interface MessageUpdate {
  id: string;
  state: MessageState;
  detail: string | null;
  at: number;
  /** Fields to set along with the state; those left out keep their value. */
  set?: Partial<Pick<Message, 'connectorId' | 'routeId' | 'attempts' | 'nextAttemptAt' | 'inflightSince' | 'errorCode' | 'errorMessage' | 'submittedAt' | 'doneAt' | 'scheduledAt'>>;
  /** Upstream parts to record (on submit). */
  parts?: MessagePart[];
  /**
   * Apply only if the message is in one of these states now (checked in the transaction). A receipt
   * settled on two nodes at once, or an expiry racing a late receipt, then changes the message once.
   */
  onlyFrom?: MessageState[];
  /** Apply only if no lane holds or sends the message (inflightSince is null), e.g. a cancel. */
  onlyIdle?: boolean;
  /** Notifications about this change, stored in the same transaction and only if the change applies. */
  outbox?: OutboxItem[];
}

export interface PartLookup {
  connectorId: string;
  upstreamKeys: string[];
}

export interface PartMatch {
  part: MessagePart;
  message: Message;
}

export interface MessageFilter {
  accountId?: string;
  state?: MessageState;
  recipient?: string;
  clientRef?: string;
  connectorId?: string;
  /** Messages of one batch (campaign run, or one Aliyun-style send's BizId). */
  batchId?: string;
  createdFrom?: number;
  createdTo?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  limit: number;
}

/** Received-message search (发送/接收记录): all optional but the page size. */
export interface MoFilter {
  accountId?: string;
  /** E.164 sender (the phone). */
  sender?: string;
  /** Part of the text (case-insensitive on ASCII). */
  keyword?: string;
  receivedFrom?: number;
  receivedTo?: number;
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UnmatchedReceipt {
  id: string;
  connectorId: string;
  upstreamKeys: string[];
  state: MessagePart['state'];
  rawStatus: string;
  errorCode: string | null;
  doneAt: number;
  receivedAt: number;
  attempts: number;
}

/** Customers connected right now, per session protocol: their system_ids (SMPP) and SP_Ids (CMPP). */
export interface SessionTargets {
  smpp: string[];
  cmpp: string[];
}

/** A pending callback delivery: HTTP webhook, SMPP deliver_sm to a customer's bind, or CMPP DELIVER to its connection. */
export interface OutboxItem {
  id: string;
  accountId: string;
  kind: 'http' | 'smpp' | 'cmpp' | 'kannel' | 'aliyun' | 'tencent';
  /** http: the URL; smpp: the customer's system_id; cmpp: its SP_Id; kannel: the dlr-url with its escapes filled (fetched with GET); aliyun / tencent: the URL reports in that cloud's shape are POSTed to. */
  target: string;
  /** 'status', 'mo' or 'low_balance' (billing; http only) and what to send (JSON-serialisable). */
  event: 'status' | 'mo' | 'low_balance';
  payload: Record<string, unknown>;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
}

export interface MessageRepository {
  /**
   * Inserts messages and their first history rows in one transaction (group commit calls this),
   * with the ledger entries reserving their cost (billing): a crash keeps both or neither.
   */
  insertMany(messages: Message[], events: MessageEvent[], ledger?: NewLedgerEntry[]): Promise<LedgerEntry[]>;
  get(id: string, accountId?: string): Promise<Message | null>;
  /** Messages the account sent with this client reference since `since` (idempotency). */
  findByClientRef(accountId: string, clientRef: string, since: number): Promise<Message[]>;
  list(filter: MessageFilter): Promise<Page<Message>>;
  events(messageId: string): Promise<MessageEvent[]>;
  parts(messageId: string): Promise<MessagePart[]>;
  /**
   * Takes up to `limit` queued messages of a connector that are due and not in flight, most urgent
   * first (priority, then nextAttemptAt, then id), and marks them in flight (inflightSince = now).
   * With several nodes on PostgreSQL the claim is exclusive (FOR UPDATE SKIP LOCKED).
   */
  claimDue(connectorId: string, limit: number, now: number): Promise<Message[]>;
  /**
   * Applies state changes (and their history rows, parts and outbox items) in one transaction: a
   * crash can never keep a change without the notifications about it. Resolves with the ids of
   * the conditional updates (`onlyFrom`) that did not apply.
   */
  applyUpdates(updates: MessageUpdate[]): Promise<string[]>;
  /** The message part an upstream id belongs to, trying the keys in order. */
  findPart(connectorId: string, upstreamKeys: string[]): Promise<PartMatch | null>;
  /** findPart for many receipts in one call (one round trip), answers in the same order. */
  findParts(lookups: PartLookup[]): Promise<Array<PartMatch | null>>;
  /** Sets a part's final state; returns all parts of its message afterwards. */
  updatePart(messageId: string, partNo: number, state: MessagePart['state'], errorCode: string | null): Promise<MessagePart[]>;
  /** Crash recovery: messages left in flight by a previous run. */
  listInflight(limit: number): Promise<Message[]>;
  /** Scheduled messages whose time has come. */
  dueScheduled(now: number, limit: number): Promise<Message[]>;
  /** Submitted messages with no receipt since before `submittedBefore`, or past validity. */
  listStaleSubmitted(submittedBefore: number, limit: number): Promise<Message[]>;
  /** Queued messages whose validity has passed. */
  listExpiredQueued(now: number, limit: number): Promise<Message[]>;
  /** Deletes up to `limit` final messages (with events and parts) done before `before`; returns how many. */
  purgeFinal(before: number, limit: number): Promise<number>;
  /** Number of messages per state, optionally for one account. */
  countByState(accountId?: string): Promise<Partial<Record<MessageState, number>>>;
  /** Queued messages per connector (queue depth). */
  queueDepth(): Promise<Record<string, number>>;
}

/** The operator's number-segment table: `base` says whether its rows extend the built-in table or replace it. */
export interface StoredSegments {
  /** 0 until the operator first changes the table; +1 on every change. */
  version: number;
  base: 'builtin' | 'empty';
  segments: CarrierSegment[];
  updatedAt: number | null;
}

/** A number that left its segment's carrier (携号转网). carrier null = ported, destination unknown. */
export interface CarrierOverride {
  /** E.164. */
  number: string;
  carrier: Carrier | null;
  /** 'manual' entries come from the admin API; learning from receipts never overwrites them. */
  origin: 'manual' | 'receipt';
  note: string | null;
  updatedAt: number;
}

export interface CarrierRepository {
  segments(): Promise<StoredSegments>;
  /** Replaces the operator's table in one transaction; resolves with the new version. */
  replaceSegments(base: StoredSegments['base'], segments: CarrierSegment[], at: number): Promise<number>;
  getOverride(number: string): Promise<CarrierOverride | null>;
  /** Overrides ordered by number, those after `after` (a number) when given. */
  listOverrides(after: string | null, limit: number): Promise<CarrierOverride[]>;
  upsertOverride(override: CarrierOverride): Promise<void>;
  deleteOverride(number: string): Promise<boolean>;
  /** Overrides changed at or after `at` (ms), for a node catching up with others' edits. */
  overridesSince(at: number): Promise<CarrierOverride[]>;
  /** A cheap summary of both tables: when it is unchanged a node need not re-read them. */
  stamp(): Promise<CarrierStamp>;
}

export interface CarrierStamp {
  /** The segment table's version. */
  version: number;
  /** How many overrides exist, and the latest updatedAt among them (0 when none). */
  overrides: number;
  latest: number;
}

/** Whose sensitive-word list: the platform's (admin) or one account's. */
export type WordListOwner = { kind: 'platform' } | { kind: 'account'; accountId: string };

export interface StoredWordList {
  /** 0 until the list is first saved; +1 on every save. */
  version: number;
  words: string[];
  updatedAt: number | null;
}

/** The version of every saved list: a node compares it with what it built its matchers from. */
export interface WordListVersion {
  /** null = the platform list. */
  accountId: string | null;
  version: number;
}

export interface SensitiveWordRepository {
  get(owner: WordListOwner): Promise<StoredWordList>;
  /** Replaces the list in one statement; resolves with its new version. */
  replace(owner: WordListOwner, words: string[], at: number): Promise<number>;
  /** One cheap query: the versions of all saved lists. */
  versions(): Promise<WordListVersion[]>;
}

/** Which list a blacklist entry is on: the platform's, an account's own, its unsubscribes, or the carriers'. */
export type BlacklistScope = 'platform' | 'account' | 'unsubscribe' | 'carrier';

export interface BlacklistEntry {
  /** Stable id (the row's sequence number as text). */
  id: string;
  scope: BlacklistScope;
  /** Set for 'account' and 'unsubscribe', null for 'platform' and 'carrier'. */
  accountId: string | null;
  /** For 'unsubscribe': the signature the number unsubscribed from, when known (null = the whole account). */
  signature: string | null;
  /** E.164, e.g. +8613800138000. */
  number: string;
  reason: string | null;
  createdAt: number;
}

export type NewBlacklistEntry = Omit<BlacklistEntry, 'id' | 'createdAt'>;

export interface BlacklistRepository {
  /** Adds the entry, or answers the one already there (same scope, account, signature, number). */
  add(entry: NewBlacklistEntry, at: number): Promise<BlacklistEntry>;
  /** Removes the entries of `scope` (and account) for `number`; resolves with how many went. */
  remove(scope: BlacklistScope, accountId: string | null, number: string): Promise<number>;
  /** Every entry for one number, on any list (indexed). */
  find(number: string): Promise<BlacklistEntry[]>;
  /** Newest first; accountId null lists platform and carrier entries, else that account's own and unsubscribe entries. */
  list(filter: { accountId: string | null; scope?: BlacklistScope; cursor?: string; limit: number }): Promise<Page<BlacklistEntry>>;
  /** Every entry (for a node's in-memory book). */
  all(): Promise<BlacklistEntry[]>;
  /** Moves on every add or remove that changes the lists: "max seq:count" (seqs are never reused). */
  version(): Promise<string>;
}

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

/** Where a signature or template stands in the operator's review. */
export type ReviewStatus = 'pending' | 'approved' | 'rejected';

/** A signature (签名) an account sends under; the name is stored without 【】. */
export interface Signature {
  id: string;
  accountId: string;
  name: string;
  status: ReviewStatus;
  /** Why the operator rejected it (null otherwise). */
  reason: string | null;
  /** Prefixed to texts sent without one (one per account at most). */
  isDefault: boolean;
  /** What the submitter tells the reviewer (company, app, authorisation). */
  remark: string | null;
  createdAt: number;
  updatedAt: number;
  reviewedAt: number | null;
}

/** A message template; `code` (SMS_000123) is its stable public id, as Aliyun's TemplateCode. */
export interface Template {
  code: string;
  accountId: string;
  name: string;
  category: MessageCategory;
  /** Text with ${name} variables, without the signature. */
  body: string;
  status: ReviewStatus;
  reason: string | null;
  remark: string | null;
  createdAt: number;
  updatedAt: number;
  reviewedAt: number | null;
}

/** A saved short text (常用语) for quick insertion. */
export interface Phrase {
  id: string;
  accountId: string;
  title: string | null;
  text: string;
  createdAt: number;
  updatedAt: number;
}

/** accountId omitted = every account (operator review queues). Newest first. */
export interface ReviewListFilter {
  accountId?: string;
  status?: ReviewStatus;
  cursor?: string;
  limit: number;
}

export interface TemplateRepository {
  addSignature(signature: Signature): Promise<Signature>;
  getSignature(id: string): Promise<Signature | null>;
  listSignatures(filter: ReviewListFilter): Promise<Page<Signature>>;
  /** Writes every field of the signature with this id; false when there is none. */
  saveSignature(signature: Signature): Promise<boolean>;
  removeSignature(id: string): Promise<boolean>;
  /** Makes `id` the account's only default signature (null: none). */
  setDefaultSignature(accountId: string, id: string | null): Promise<void>;
  /** Stores a new template, giving it the next code. */
  addTemplate(template: Omit<Template, 'code'>): Promise<Template>;
  getTemplate(code: string): Promise<Template | null>;
  listTemplates(filter: ReviewListFilter & { category?: MessageCategory }): Promise<Page<Template>>;
  saveTemplate(template: Template): Promise<boolean>;
  removeTemplate(code: string): Promise<boolean>;
  addPhrase(phrase: Phrase): Promise<Phrase>;
  getPhrase(id: string): Promise<Phrase | null>;
  listPhrases(filter: { accountId: string; cursor?: string; limit: number }): Promise<Page<Phrase>>;
  savePhrase(phrase: Phrase): Promise<boolean>;
  removePhrase(id: string): Promise<boolean>;
  /** An account's approved signatures and templates (what intake may use; cached per account). */
  approved(accountId: string): Promise<{ signatures: Signature[]; templates: Template[] }>;
}

/** One entry of an account's address book. Numbers are E.164 and unique per account. */
export interface Contact {
  /** The row's sequence number as text. */
  id: string;
  accountId: string;
  number: string;
  /** '' when unknown. */
  name: string;
  /** Custom fields (birthday, level, …), as imported or edited. */
  fields: Record<string, string>;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export type NewContact = Pick<Contact, 'accountId' | 'number' | 'name' | 'fields' | 'tags'>;

export interface ContactGroup {
  id: string;
  accountId: string;
  name: string;
  kind: 'static' | 'dynamic';
  /** The JSON ContactFilter of a dynamic group (core/contacts/contact-filter.ts); null for a static one. */
  filter: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Newest first. `search` is a name prefix or any of `numberPrefixes`; `groupId` a static group's members. */
export interface ContactListFilter {
  accountId: string;
  namePrefix?: string;
  numberPrefixes?: string[];
  groupId?: string;
  tag?: string;
  cursor?: string;
  limit: number;
}

export type ImportMode = 'skip' | 'update';
export type ImportStatus = 'running' | 'done' | 'failed' | 'cancelled';
export type ImportPhase = 'uploading' | 'parsing' | 'committing' | 'finished';

export interface ContactImport {
  id: string;
  accountId: string;
  status: ImportStatus;
  phase: ImportPhase;
  format: 'csv' | 'txt' | 'xlsx';
  mode: ImportMode;
  groupId: string | null;
  fileName: string | null;
  /** Size of the uploaded file and how far parsing has read it: the progress while the row count is unknown. */
  bytes: number;
  bytesRead: number;
  /** Rows read (data rows, header excluded); final once parsing ends. */
  total: number;
  /** Rows handled: parsed while parsing, committed once done. */
  done: number;
  inserted: number;
  updated: number;
  skipped: number;
  errors: number;
  /** JSON of the column mapping used (core/contacts/column-map.ts). */
  columns: string | null;
  message: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** A parsed row waiting in the staging table. */
export interface StagedContact {
  rowNo: number;
  number: string;
  name: string;
  fields: Record<string, string>;
  tags: string[];
}

export type ImportErrorReason = 'missing_number' | 'invalid_number' | 'duplicate_in_file' | 'exists' | 'bad_row';

export interface ImportRowError {
  rowNo: number;
  /** The number as written in the file. */
  number: string;
  reason: ImportErrorReason;
}

export interface ContactRepository {
  /** Adds the contact; null when the account already has that number. */
  insert(contact: NewContact, at: number): Promise<Contact | null>;
  get(accountId: string, id: string): Promise<Contact | null>;
  getByNumber(accountId: string, number: string): Promise<Contact | null>;
  /** Several contacts of one account by id (unknown or foreign ids are left out), in id order. */
  getMany(accountId: string, ids: string[]): Promise<Contact[]>;
  /** Replaces name, fields, tags (and number); null when there is no such contact, 'conflict' when the number is taken. */
  update(accountId: string, id: string, change: Pick<Contact, 'number' | 'name' | 'fields' | 'tags'>, at: number): Promise<Contact | null | 'conflict'>;
  /** Deletes contacts (and their memberships); resolves with how many went. */
  delete(accountId: string, ids: string[]): Promise<number>;
  list(filter: ContactListFilter): Promise<Page<Contact>>;
  /** Oldest first after `afterId` ('0' = from the start): the constant-memory walk campaigns and exports use. */
  scan(accountId: string, afterId: string, limit: number, groupId?: string): Promise<Contact[]>;
  count(accountId: string, groupId?: string): Promise<number>;

  createGroup(group: Pick<ContactGroup, 'accountId' | 'name' | 'kind' | 'filter'>, at: number): Promise<ContactGroup | null>;
  getGroup(accountId: string, id: string): Promise<ContactGroup | null>;
  listGroups(accountId: string): Promise<ContactGroup[]>;
  updateGroup(accountId: string, id: string, change: Pick<ContactGroup, 'name' | 'filter'>, at: number): Promise<ContactGroup | null | 'conflict'>;
  deleteGroup(accountId: string, id: string): Promise<boolean>;
  /** Adds the account's own contacts among `contactIds` to the group; resolves with how many were new members. */
  addMembers(accountId: string, groupId: string, contactIds: string[]): Promise<number>;
  removeMembers(accountId: string, groupId: string, contactIds: string[]): Promise<number>;

  createImport(job: ContactImport): Promise<void>;
  getImport(accountId: string, id: string): Promise<ContactImport | null>;
  listImports(accountId: string, limit: number): Promise<ContactImport[]>;
  /** Progress and outcome fields of a running job. */
  updateImport(id: string, change: Partial<Pick<ContactImport, 'status' | 'phase' | 'bytes' | 'bytesRead' | 'total' | 'done' | 'errors' | 'columns' | 'message' | 'finishedAt'>>): Promise<void>;
  stageRows(jobId: string, rows: StagedContact[]): Promise<void>;
  addImportErrors(jobId: string, errors: ImportRowError[]): Promise<void>;
  /** Row errors in row order after `afterRow`, for the error download. */
  importErrors(jobId: string, afterRow: number, limit: number): Promise<ImportRowError[]>;
  /**
   * In one transaction: the staged rows become contacts (numbers the account has are skipped and
   * reported as 'exists', or updated, per mode), join the job's group, the staging rows go and the
   * job is marked done. Either all of it happens or none.
   */
  commitImport(jobId: string, at: number): Promise<ContactImport>;
  /** Drops a failed or cancelled job's staged rows and records its final status. */
  abandonImport(jobId: string, status: 'failed' | 'cancelled', message: string, at: number): Promise<void>;
}

/** Ledger entry kinds: operator top-ups and adjustments, reservations at intake, refunds of failures. */
export type LedgerKind = 'topup' | 'adjustment' | 'reserve' | 'refund';

/** One append-only ledger row; amounts in li (1/10000 yuan), negative = money taken. */
export interface LedgerEntry {
  /** The row's sequence number as text. */
  id: string;
  accountId: string;
  at: number;
  kind: LedgerKind;
  amount: number;
  /** How many messages a reserve or refund entry covers (0 for top-ups). */
  messages: number;
  note: string | null;
  /** The account's balance right after this entry. */
  balanceAfter: number;
}

export type NewLedgerEntry = Omit<LedgerEntry, 'id' | 'balanceAfter'>;

/** When the reserved cost becomes final: on delivery (failures refunded) or on submit (only never-submitted refunded). */
export type CapturePolicy = 'delivery' | 'submit';

export interface BillingAccount {
  accountId: string;
  balance: number;
  policy: CapturePolicy;
  lowBalanceThreshold: number;
  /** Set when the low-balance alert went out; cleared when the balance is back above the threshold. */
  lowBalanceAlerted: boolean;
  updatedAt: number;
  /** Sequence number of the account's latest ledger entry (0 = none), read with the balance. */
  lastSeq: number;
}

export type PriceMatch = 'prefix' | 'carrier' | 'country' | 'default';

/** A price of one message segment for an account, by destination and (optionally) category. */
export interface PriceRecord {
  id: string;
  accountId: string;
  match: PriceMatch;
  /** prefix: E.164 prefix with '+'; carrier: a carrier id; country: ISO 3166 code; default: ''. */
  value: string;
  /** null = every category. */
  category: MessageCategory | null;
  unitPrice: number;
  createdAt: number;
}

/** One line of a CDR (话单) export: the message and what it was charged. */
export interface CdrRecord {
  message: Message;
  refundedAt: number | null;
}

/** Ledger totals of one period. */
export interface StatementTotals {
  opening: number;
  closing: number;
  byKind: Array<{ kind: LedgerKind; amount: number; messages: number; entries: number }>;
}

export interface BillingRepository {
  account(accountId: string): Promise<BillingAccount | null>;
  accounts(): Promise<BillingAccount[]>;
  configure(accountId: string, settings: { policy: CapturePolicy; lowBalanceThreshold: number }, at: number): Promise<BillingAccount>;
  setAlerted(accountId: string, alerted: boolean): Promise<void>;
  /** Appends entries and moves the balances in one transaction; answers them with balanceAfter. */
  post(entries: NewLedgerEntry[]): Promise<LedgerEntry[]>;
  /** Newest first. */
  ledger(filter: { accountId: string; cursor?: string; limit: number }): Promise<Page<LedgerEntry>>;
  /** All prices, or one account's. */
  prices(accountId?: string): Promise<PriceRecord[]>;
  /** Inserts, or replaces the price with the same account, match, value and category. */
  upsertPrice(price: PriceRecord): Promise<PriceRecord>;
  deletePrice(accountId: string, id: string): Promise<boolean>;
  /**
   * Marks the billed, not yet refunded messages among `ids` refunded and credits their cost (one
   * refund entry per account) in one transaction. A message is refunded once, whichever node asks.
   */
  refund(ids: string[], at: number): Promise<LedgerEntry[]>;
  /** Billed messages in a failed final state, done in [from, before), not refunded (oldest first): the crash sweep. */
  unrefunded(from: number, before: number, limit: number): Promise<Message[]>;
  statement(accountId: string, from: number, to: number): Promise<StatementTotals>;
  /** The account's messages created in [from, to), oldest first, for the CDR export. */
  cdr(filter: { accountId: string; from: number; to: number; cursor?: string; limit: number }): Promise<Page<CdrRecord>>;
}

/** One row of the hourly rollup: final messages of one UTC hour sharing every dimension. */
export interface StatsRow {
  /** Start of the UTC hour (epoch ms) the messages became final in (done_at). */
  hour: number;
  accountId: string;
  /** '' when the message never reached a connector (e.g. cancelled while scheduled). */
  connectorId: string;
  /** cmcc / cucc / ctcc / cbn, or '' when the number is not in the segment table. */
  carrier: string;
  /** The message category (verification / notification / marketing). */
  category: string;
  state: MessageState;
  /** The failure category (core/stats/failure-category.ts), '' when not failed. */
  failure: string;
  messages: number;
  segments: number;
  // Extension point: a `cost` sum goes here once billing (007) stores a per-message cost.
}

/** Final messages of a time range grouped the way the rollup needs them, before carrier and failure category are known. */
export interface FinalMessageGroup {
  hour: number;
  accountId: string;
  connectorId: string | null;
  /** The recipient's first 10 characters ("+86" and 7 digits): enough for the segment table. */
  prefix: string;
  category: string;
  state: MessageState;
  errorCode: string | null;
  messages: number;
  segments: number;
}

/** What a report groups the rollup by; null = one series. */
export type StatsDimension = 'account' | 'connector' | 'carrier' | 'category' | 'failure';

/** Rollup rows summed per hour, per value of the chosen dimension and per state. */
export interface StatsAggregate {
  hour: number;
  /** The dimension's value ('' when none or not grouped). */
  key: string;
  state: MessageState;
  messages: number;
  segments: number;
}

export interface StatsRepository {
  /** Final messages with done_at in [from, to), grouped by hour and every dimension (uses the done_at index). */
  groupFinal(from: number, to: number): Promise<FinalMessageGroup[]>;
  /** The earliest done_at of any final message, or null when there is none. */
  firstDoneAt(): Promise<number | null>;
  /** Replaces every rollup row of the hours in [from, to) with `rows` in one transaction (re-running a range never double counts). */
  replaceHours(from: number, to: number, rows: StatsRow[]): Promise<void>;
  /** Rollup rows of the hours in [from, to), optionally of one account, summed per hour, dimension value and state. */
  aggregate(filter: { from: number; to: number; accountId?: string; groupBy: StatsDimension | null }): Promise<StatsAggregate[]>;
  /**
   * Takes or renews the lease on job `name` until `until` if it is free (expired at `now`) or already
   * `holder`'s; true if `holder` holds it now. Atomic: of several nodes asking at once, one wins.
   */
  lease(name: string, holder: string, now: number, until: number): Promise<boolean>;
  /** Gives the lease up (only if `holder` holds it). */
  releaseLease(name: string, holder: string): Promise<void>;
  /** The job's watermark (epoch ms), null before its first run. */
  watermark(name: string): Promise<number | null>;
  setWatermark(name: string, at: number): Promise<void>;
}

/** A per-recipient limit: at most `limit` messages of `category` ('all' = any) to one number per window. */
export interface FrequencyRule {
  category: MessageCategory | 'all';
  window: 'minute' | 'hour' | 'day';
  /** 0 in an account's rules removes the platform's rule for the same category and window. */
  limit: number;
}

/** Marketing hours window (see core/compliance/sending-hours). */
export interface SendingHoursRecord {
  start: string;
  end: string;
  timeZone: string;
  days: number[] | null;
}

/** The compliance settings of the platform (owner '') or of one account; null fields fall back to the platform's. */
export interface CompliancePolicy {
  frequencyRules: FrequencyRule[] | null;
  /** Numbers (E.164) exempt from frequency limits; accounts only. */
  whitelist: string[];
  sendingHours: SendingHoursRecord | null;
  /** Marketing only to numbers with a current consent grant. */
  requireMarketingConsent: boolean;
}

export type ConsentStatus = 'granted' | 'revoked';

/** One consent event; rows are never changed or deleted, the latest per number is its status. */
export interface ConsentRecord {
  id: string;
  accountId: string;
  number: string;
  status: ConsentStatus;
  /** How it was obtained or withdrawn, e.g. web_form, sms_reply, import. */
  source: string;
  evidence: string | null;
  /** When the person consented or refused (may precede createdAt for imported records). */
  at: number;
  /** A grant may lapse; null = until revoked. */
  expiresAt: number | null;
  createdAt: number;
}

export type NewConsent = Omit<ConsentRecord, 'id' | 'createdAt'>;

/** What the frequency counters are rebuilt from on startup. */
export interface IntakeRow {
  id: string;
  accountId: string;
  recipient: string;
  category: MessageCategory;
  createdAt: number;
}

export interface ComplianceRepository {
  getPolicy(owner: string): Promise<CompliancePolicy | null>;
  putPolicy(owner: string, policy: CompliancePolicy, at: number): Promise<void>;
  /** Every stored policy ('' = the platform's). */
  policies(): Promise<Array<{ owner: string; policy: CompliancePolicy }>>;
  /** Changes whenever a policy changes (cheap; polled by every node). */
  version(): Promise<string>;
  addConsent(consent: NewConsent, at: number): Promise<ConsentRecord>;
  /** The number's latest record (its current status), or null. */
  currentConsent(accountId: string, number: string): Promise<ConsentRecord | null>;
  /** All records of a number, newest first. */
  consentHistory(accountId: string, number: string): Promise<ConsentRecord[]>;
  /** An account's records, newest first, optionally of one number. */
  listConsents(filter: { accountId: string; number?: string; cursor?: string; limit: number }): Promise<Page<ConsentRecord>>;
  /** Messages created at or after `since`, in (createdAt, id) order after `after` (keyset pages). */
  recentIntake(since: number, after: { at: number; id: string } | null, limit: number): Promise<IntakeRow[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
  accounts: {
    get(id: string): Promise<Account | null>;
    list(): Promise<Account[]>;
    upsert(account: Account): Promise<void>;
    /** Direct sub-accounts of an account, in creation order. */
    children(parentId: string): Promise<Account[]>;
  };
  users: {
    get(username: string): Promise<User | null>;
    /** Inserts or updates; failedLogins and lockedUntil of an existing user are left as they are. */
    upsert(user: User): Promise<void>;
    count(): Promise<number>;
    /** Users of one account (null = every user), by username. */
    list(accountId: string | null): Promise<User[]>;
    /**
     * Counts a failed sign-in; at `maxFailures` consecutive failures the user is locked until
     * `at + lockMs` and the counter starts again. Resolves with the user afterwards (null = unknown).
     */
    loginFailed(username: string, at: number, maxFailures: number, lockMs: number): Promise<User | null>;
    /** Clears the failure counter and any lock (a good sign-in, a password reset). */
    clearFailures(username: string): Promise<void>;
  };
  credentials: {
    findApiKey(keyHash: string): Promise<Credential | null>;
    findSmpp(systemId: string): Promise<Credential | null>;
    findCmpp(spId: string): Promise<Credential | null>;
    /** A cloud_key credential by its AccessKeyId (Aliyun) / SecretId (Tencent). */
    findCloudKey(accessKeyId: string): Promise<Credential | null>;
    listForAccount(accountId: string): Promise<Credential[]>;
    upsert(credential: Credential): Promise<void>;
    delete(id: string): Promise<void>;
  };
  connectors: {
    list(): Promise<ConnectorRecord[]>;
    get(id: string): Promise<ConnectorRecord | null>;
    upsert(connector: ConnectorRecord): Promise<void>;
    delete(id: string): Promise<boolean>;
  };
  routes: {
    list(): Promise<RouteRecord[]>;
    upsert(route: RouteRecord): Promise<void>;
    delete(id: string): Promise<boolean>;
    listMo(): Promise<MoRouteRecord[]>;
    upsertMo(route: MoRouteRecord): Promise<void>;
    deleteMo(id: string): Promise<boolean>;
  };
  messages: MessageRepository;
  mo: {
    insert(mo: MoMessage): Promise<void>;
    list(filter: MoFilter): Promise<Page<MoMessage>>;
  };
  receipts: {
    insertUnmatched(receipt: UnmatchedReceipt): Promise<void>;
    listUnmatched(limit: number): Promise<UnmatchedReceipt[]>;
    deleteUnmatched(id: string): Promise<void>;
    touchUnmatched(id: string, attempts: number): Promise<void>;
    /** Drops unmatched receipts older than `before`; returns how many. */
    purgeUnmatched(before: number): Promise<number>;
  };
  outbox: {
    enqueue(items: OutboxItem[]): Promise<void>;
    /**
     * Due items, oldest first. With `targets`, items for customers' sessions (kinds 'smpp', 'cmpp')
     * only when their target is connected; a plain list names SMPP targets (no CMPP one connected).
     */
    due(now: number, limit: number, targets?: string[] | SessionTargets): Promise<OutboxItem[]>;
    /**
     * Like `due`, but takes the items: their next attempt moves to `leaseUntil`, so another pass or
     * another node does not send them too while they are being delivered (SKIP LOCKED on PostgreSQL).
     * `complete` or `retry` settles them; a crashed sender's items come due again when the lease ends.
     */
    claim(now: number, limit: number, leaseUntil: number, targets?: string[] | SessionTargets): Promise<OutboxItem[]>;
    complete(ids: string[]): Promise<void>;
    retry(ids: string[], nextAttemptAt: number): Promise<void>;
  };
  settings: {
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<void>;
  };
  carriers: CarrierRepository;
  sensitiveWords: SensitiveWordRepository;
  blacklist: BlacklistRepository;
  campaigns: CampaignRepository;
  audit: AuditRepository;
  templates: TemplateRepository;
  contacts: ContactRepository;
  billing: BillingRepository;
  stats: StatsRepository;
  compliance: ComplianceRepository;
}

export interface AuditRepository {
  /** Stores entries in one transaction (the API batches them). */
  append(entries: AuditEntry[]): Promise<void>;
  /** Newest first, keyset pages on (at, id). */
  list(filter: AuditFilter): Promise<Page<AuditEntry>>;
}
