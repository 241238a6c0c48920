// The compliance settings intake applies, cached in memory: frequency rules (platform defaults merged
// with account overrides), whitelists, sending hours, the consent switch; refreshed on edit and by poll.
import type { CompliancePolicy, ComplianceRepository, FrequencyRule } from '../../store/types.ts';
import type { MessageCategory } from '../message.ts';
import { DEFAULT_SENDING_HOURS, nextWindowOpening, windowCloses, type SendingHours } from './sending-hours.ts';

/** domain.md §2.7 (Aliyun's verification limits per signature and number): 1/min, 5/h, 10/day. */
export const DEFAULT_FREQUENCY_RULES: readonly FrequencyRule[] = [
  { category: 'verification', window: 'minute', limit: 1 },
  { category: 'verification', window: 'hour', limit: 5 },
  { category: 'verification', window: 'day', limit: 10 },
];

export const EMPTY_POLICY: CompliancePolicy = { frequencyRules: null, whitelist: [], sendingHours: null, requireMarketingConsent: false };

/** What one account's messages are checked against, resolved once per policy change. */
export interface EffectivePolicy {
  /** Rules per category (each includes the 'all' rules), limit > 0 only. */
  rules: Record<MessageCategory, readonly FrequencyRule[]>;
  /** Whether 'all' rules exist (then every category is counted under 'all' too). */
  countsAll: boolean;
  whitelist: ReadonlySet<string>;
  hours: SendingHours;
  requireMarketingConsent: boolean;
  /** Cached answer of the hours check: [from, until) → opening (or -1 inside the window). */
  hoursCache: { from: number; until: number; opening: number };
}

/** An account's rules replace the platform's for the same category and window; limit 0 removes one. */
export function mergeRules(platform: readonly FrequencyRule[], account: readonly FrequencyRule[] | null): FrequencyRule[] {
  if (account === null) return platform.filter((r) => r.limit > 0);
  const key = (r: FrequencyRule) => `${r.category}/${r.window}`;
  const own = new Set(account.map(key));
  return [...platform.filter((r) => !own.has(key(r))), ...account].filter((r) => r.limit > 0);
}

export class ComplianceBook {
  private platform: CompliancePolicy = EMPTY_POLICY;
  private readonly accounts = new Map<string, CompliancePolicy>();
  private readonly effective = new Map<string, EffectivePolicy>();
  private version: string | null = null;

  constructor(private readonly repository: ComplianceRepository) {}

  /** Re-reads the policies when their version moved (one small query otherwise). */
  async refresh(force = false): Promise<void> {
    const version = await this.repository.version();
    if (!force && version === this.version) return;
    const rows = await this.repository.policies();
    this.accounts.clear();
    this.platform = EMPTY_POLICY;
    for (const { owner, policy } of rows) {
      if (owner === '') this.platform = policy;
      else this.accounts.set(owner, policy);
    }
    this.effective.clear();
    this.version = version;
  }

  /** The stored policy of an account ('' = platform), or the empty one. */
  stored(owner: string): CompliancePolicy {
    return owner === '' ? this.platform : (this.accounts.get(owner) ?? EMPTY_POLICY);
  }

  platformRules(): readonly FrequencyRule[] {
    return this.platform.frequencyRules ?? DEFAULT_FREQUENCY_RULES;
  }

  platformHours(): SendingHours {
    return this.platform.sendingHours ?? DEFAULT_SENDING_HOURS;
  }

  /** O(1) after the first call per account and policy version. */
  policyOf(accountId: string): EffectivePolicy {
    let policy = this.effective.get(accountId);
    if (policy) return policy;
    const own = this.accounts.get(accountId) ?? EMPTY_POLICY;
    const rules = mergeRules(this.platformRules(), own.frequencyRules);
    const byCategory = (c: MessageCategory) => rules.filter((r) => r.category === c || r.category === 'all');
    policy = {
      rules: { verification: byCategory('verification'), notification: byCategory('notification'), marketing: byCategory('marketing') },
      countsAll: rules.some((r) => r.category === 'all'),
      whitelist: new Set(own.whitelist),
      hours: own.sendingHours ?? this.platformHours(),
      requireMarketingConsent: own.requireMarketingConsent,
      hoursCache: { from: 0, until: 0, opening: -1 },
    };
    this.effective.set(accountId, policy);
    return policy;
  }

  /** When a marketing message of the account due at `at` may go out: `at` inside the window. */
  marketingOpening(accountId: string, at: number): number {
    const policy = this.policyOf(accountId);
    const cache = policy.hoursCache;
    if (at >= cache.from && at < cache.until) return cache.opening < 0 ? at : cache.opening;
    const opening = nextWindowOpening(policy.hours, at);
    // The answer holds until the window closes (inside) or opens (outside).
    policy.hoursCache = opening === at ? { from: at, until: windowCloses(policy.hours, at), opening: -1 } : { from: at, until: opening, opening };
    return opening;
  }
}
