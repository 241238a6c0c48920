// Store types of compliance: frequency rules, sending hours, consent records.
import type { MessageCategory } from '../core/message.ts';
import type { Page } from './types.ts';

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
  /** The latest record of each of `numbers` that has one (one query for a whole intake request). */
  currentConsents(accountId: string, numbers: string[]): Promise<Map<string, ConsentRecord>>;
  /** All records of a number, newest first. */
  consentHistory(accountId: string, number: string): Promise<ConsentRecord[]>;
  /** An account's records, newest first, optionally of one number. */
  listConsents(filter: { accountId: string; number?: string; cursor?: string; limit: number }): Promise<Page<ConsentRecord>>;
  /** Messages created at or after `since`, in (createdAt, id) order after `after` (keyset pages). */
  recentIntake(since: number, after: { at: number; id: string } | null, limit: number): Promise<IntakeRow[]>;
}
