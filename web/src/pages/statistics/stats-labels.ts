// Display names of report keys: carriers, message categories, failure categories, accounts and connectors as they are.
import type { StatsGroupBy } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { Translate } from '../../i18n/language.ts';

const KNOWN: Partial<Record<StatsGroupBy, readonly string[]>> = {
  carrier: ['cmcc', 'cucc', 'ctcc', 'cbn'],
  category: ['verification', 'notification', 'marketing'],
  failure: ['invalid_number', 'powered_off', 'handset_error', 'blacklist', 'rate_limited', 'keyword_blocked', 'expired', 'ported', 'no_route', 'carrier_rejected', 'carrier_error', 'unknown'],
};

/** The label of one series key under a grouping ('' = the total, or "none" for an empty dimension value). */
export function keyLabel(t: Translate, groupBy: StatsGroupBy | null, key: string): string {
  if (groupBy === null) return t('stats.total');
  if (key === '') return t('stats.none');
  if (KNOWN[groupBy]?.includes(key)) return t(`stats.${groupBy}.${key}` as MessageKey);
  return key;
}

export const failureLabel = (t: Translate, category: string): string => keyLabel(t, 'failure', category);

/** "98.50%", or a dash when nothing was submitted. */
export const formatRate = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);
