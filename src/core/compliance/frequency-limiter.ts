// Frequency limits per recipient (domain.md §2.7): counts accepted messages per (account, number,
// category) and refuses one that would exceed a rule, naming the rule.
//
// The counters live in this process only. Several nodes on one PostgreSQL each count their own
// intake, so a number can get up to (nodes × limit) through the platform in a window; sticky
// routing of an account to one node, or a shared counter store, would close that gap.
import type { IntakeRow, FrequencyRule } from '../../store/types.ts';
import { AppError } from '../errors.ts';
import type { Message, MessageCategory } from '../message.ts';
import type { PolicyStage } from '../pipeline.ts';
import type { ComplianceBook } from './compliance-book.ts';
import { numberKey, SlidingCounter, WINDOW_SECONDS } from './sliding-counter.ts';

/** How far back counters are rebuilt at startup: the longest window. */
export const REBUILD_MS = WINDOW_SECONDS.day * 1000;

const WINDOW_TEXT = { minute: 'minute', hour: 'hour', day: '24 hours' } as const;
const WINDOW_UNIT = { minute: 'min', hour: 'h', day: 'day' } as const;

/** What a frequency refusal says, e.g. "+8613800138000 already got 5 verification messages in the last hour (limit 5/h)". */
export function limitText(recipient: string, rule: FrequencyRule, count: number): string {
  const kind = rule.category === 'all' ? '' : `${rule.category} `;
  return `${recipient} already got ${count} ${kind}message${count === 1 ? '' : 's'} in the last ${WINDOW_TEXT[rule.window]} (limit ${rule.limit}/${WINDOW_UNIT[rule.window]})`;
}

export class FrequencyLimiter {
  /** One counter table per "account\0category" ('all' for the cross-category rules). */
  private readonly tables = new Map<string, SlidingCounter>();

  constructor(private readonly book: ComplianceBook) {}

  /** Bytes held by all counters (for the benchmark and metrics). */
  get bytes(): number {
    let total = 0;
    for (const table of this.tables.values()) total += table.bytes;
    return total;
  }

  /** The refusal for `message`, or null after counting it. */
  check(message: Message): AppError | null {
    const policy = this.book.policyOf(message.accountId);
    const rules = policy.rules[message.category];
    if (rules.length === 0 || policy.whitelist.has(message.recipient)) return null;
    const key = numberKey(message.recipient);
    const at = message.createdAt;
    for (const rule of rules) {
      const table = this.tables.get(tableKey(message.accountId, rule.category));
      const count = table ? table.count(key, rule.window, at) : 0;
      if (count >= rule.limit) {
        return new AppError('frequency_limited', limitText(message.recipient, rule, count), undefined, [{ category: rule.category, window: rule.window, limit: rule.limit, count }]);
      }
    }
    this.count(message.accountId, message.category, key, at, rules, policy.countsAll);
    return null;
  }

  /** Counts the last day's stored messages again (startup), so a restart does not reset the limits. */
  rebuild(rows: Iterable<IntakeRow>): number {
    let counted = 0;
    for (const row of rows) {
      const policy = this.book.policyOf(row.accountId);
      const rules = policy.rules[row.category];
      if (rules.length === 0 || policy.whitelist.has(row.recipient)) continue;
      this.count(row.accountId, row.category, numberKey(row.recipient), row.createdAt, rules, policy.countsAll);
      counted++;
    }
    return counted;
  }

  stage(): PolicyStage {
    return { name: 'frequency', check: (message) => this.check(message) };
  }

  private count(accountId: string, category: MessageCategory, key: number, at: number, rules: readonly FrequencyRule[], countsAll: boolean): void {
    if (rules.some((r) => r.category === category)) this.table(accountId, category).add(key, at);
    if (countsAll) this.table(accountId, 'all').add(key, at);
  }

  private table(accountId: string, category: MessageCategory | 'all'): SlidingCounter {
    const k = tableKey(accountId, category);
    let table = this.tables.get(k);
    if (!table) {
      table = new SlidingCounter();
      this.tables.set(k, table);
    }
    return table;
  }
}

function tableKey(accountId: string, category: MessageCategory | 'all'): string {
  return `${accountId}\u0000${category}`;
}
