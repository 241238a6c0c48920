// Store types of the statistics rollup and its reports.
import type { MessageState } from '../core/message.ts';

/** One row of the hourly rollup: final messages of one UTC hour sharing every dimension. */
export interface StatsRow {
  /** Start of the UTC hour (epoch ms) the messages became final in (done_at). */
  hour: number;
  accountId: string;
  /** '' when the message never reached a connector (e.g. cancelled while scheduled). */
  connectorId: string;
  /** cmcc / cucc / ctcc / cbn as routing resolved it (a ported number under its new carrier), or '' when unknown. */
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
  /** The carrier routing resolved at intake ('' unknown); null for messages stored before it was recorded. */
  carrier: string | null;
  /** With carrier null, the recipient's first 10 characters ("+86" and 7 digits): enough for the segment table; else ''. */
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
