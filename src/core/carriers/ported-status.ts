// Receipt statuses that say the recipient was ported to another carrier (携号转网, domain.md §1.3).
import type { Carrier } from './carrier.ts';

/** What a ported-number status tells: the number left its carrier, and where to, when the code says. */
export interface PortedHint {
  carrier: Carrier | null;
}

/**
 * Codes whose text names the new carrier. Only NP:1243 (用户转网至联通) is documented in domain.md;
 * other NP:* codes and CMCC's LT:0036 say "ported" without saying where.
 */
export const PORTED_TO: Readonly<Record<string, Carrier>> = { 'NP:1243': 'cucc' };

const PORTED = /^(?:LT:0036|NP:\d{4})$/;

/**
 * Looks for a ported-number status in a receipt. CMPP/SMGP carry it as the 7-character stat itself
 * ("LT:0036"); other paths put it in the error code; both are checked.
 */
export function portedHint(rawStatus: string, errorCode: string | null): PortedHint | null {
  for (const code of [rawStatus, errorCode]) {
    const c = code?.trim().toUpperCase();
    if (c && PORTED.test(c)) return { carrier: PORTED_TO[c] ?? null };
  }
  return null;
}
