// Repository interfaces the core depends on; sqlite/ and pg/ implement them (one contract test suite).
import type { Message, MessageEvent, MessagePart, MessageState, MoMessage, PendingState } from '../core/message.ts';
import type { BillingRepository, LedgerEntry, NewLedgerEntry } from './billing-types.ts';
import type { CampaignRepository } from './campaign-types.ts';
import type { CarrierRepository } from './carrier-types.ts';
import type { ComplianceRepository } from './compliance-types.ts';
import type { ContactRepository } from './contact-types.ts';
import type { StatsRepository } from './stats-types.ts';
import type { TemplateRepository } from './template-types.ts';
import type { AuditRepository } from './audit-types.ts';

// Each business area's store types live in their own file; re-exported so callers import from here.
export type * from './audit-types.ts';
export type * from './billing-types.ts';
export type * from './campaign-types.ts';
export type * from './carrier-types.ts';
export type * from './compliance-types.ts';
export type * from './contact-types.ts';
export type * from './stats-types.ts';
export type * from './template-types.ts';

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
  /** false: a routine step the message row itself records (see core/message-history), so no history row. */
  historyRow?: false;
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
export interface CreatedCountFilter {
  accountId: string;
  from: number;
  to: number;
  tag?: string;
}

export interface CreatedCounts {
  rows: Array<{ state: MessageState; forwarded: boolean; messages: number }>;
  recipients: number;
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

/** An account's MO received in a time range, and how many of them still wait in the outbox to be handed over. */
export interface MoCounts {
  received: number;
  waiting: number;
}

/** Where a listing of submitted messages goes on: the last message it gave. */
export interface SubmittedCursor {
  submittedAt: number;
  id: string;
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
  /** When it is next looked up. */
  nextTryAt: number;
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
  /** The parts of several messages (one page of an export) in one query, by message id then part number. */
  partsOf(messageIds: string[]): Promise<MessagePart[]>;
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
  /** Messages last submitted through a connector and awaiting their receipt, by (submittedAt, id) after `after`. */
  listSubmittedOn(connectorId: string, limit: number, after?: SubmittedCursor): Promise<Message[]>;
  /** Deletes up to `limit` final messages (with events and parts) done before `before`; returns how many. */
  purgeFinal(before: number, limit: number): Promise<number>;
  /**
   * Messages still on their way (queued, scheduled, submitted), optionally of one account. Counted
   * from the partial indexes of those states: the cost follows the backlog, never the table's size.
   */
  countPending(accountId?: string): Promise<Partial<Record<PendingState, number>>>;
  /**
   * Messages of one account created in [from, to), optionally only those with one tag: how many per
   * state, split by whether they reached an upstream (submitted_at set), and how many distinct
   * recipients they went to (CMPP QUERY statistics).
   */
  countCreated(filter: CreatedCountFilter): Promise<CreatedCounts>;
  /** Queued messages per connector (queue depth). */
  queueDepth(): Promise<Record<string, number>>;
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
    /** Inserts the user unless the username is taken; false when it was (one statement, atomic across nodes). */
    create(user: User): Promise<boolean>;
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
    /**
     * Records a cloud API nonce (key: AccessKeyId and nonce) until `expiresAt`; false when it is
     * already recorded and not yet expired at `now`. One statement, atomic across nodes.
     */
    claimNonce(key: string, expiresAt: number, now: number): Promise<boolean>;
    /** Drops nonces expired at `now`; returns how many. */
    purgeNonces(now: number): Promise<number>;
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
    /** Stores the MO and the notifications about it in one transaction: neither without the other. */
    insert(mo: MoMessage, notifications?: OutboxItem[]): Promise<void>;
    list(filter: MoFilter): Promise<Page<MoMessage>>;
    countReceived(accountId: string, from: number, to: number): Promise<MoCounts>;
  };
  receipts: {
    insertUnmatched(receipt: UnmatchedReceipt): Promise<void>;
    /** Those due by `now`, the longest due first. */
    listUnmatched(now: number, limit: number): Promise<UnmatchedReceipt[]>;
    deleteUnmatched(id: string): Promise<void>;
    /** Records a lookup that found nothing, and when to look again. */
    touchUnmatched(id: string, attempts: number, nextTryAt: number): Promise<void>;
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

