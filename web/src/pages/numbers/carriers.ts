// Carrier codes of the API and their translated names, shared by the number pages.
import type { MessageKey } from '../../i18n/en.ts';

export const CARRIERS = ['cmcc', 'cucc', 'ctcc', 'cbn'] as const;
export type Carrier = (typeof CARRIERS)[number];

/** null is "unknown" (a foreign number, or ported to a carrier nobody knows). */
export function carrierKey(carrier: Carrier | null): MessageKey {
  return carrier === null ? 'numbers.carrier.unknown' : `stats.carrier.${carrier}`;
}
