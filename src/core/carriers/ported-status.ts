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

/** At the end of the code, alone or after a stat: a message's error code joins them ("UNDELIV:LT:0036"). */
const PORTED = /(?:^|:)(LT:0036|NP:\d{4})$/;

/**
 * Looks for a ported-number status among a receipt's codes. CMPP/SMGP carry it as the 7-character
 * stat itself ("LT:0036"); other paths put it in the error code; each is checked.
 */
export function portedHint(...codes: Array<string | null | undefined>): PortedHint | null {
  for (const code of codes) {
    const m = code ? PORTED.exec(code.trim().toUpperCase()) : null;
    if (m) return { carrier: PORTED_TO[m[1]] ?? null };
  }
  return null;
}
