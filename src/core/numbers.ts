// Recipient numbers: normalised to E.164, with a reason when a number is not usable.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type NumberCheck = { ok: true; e164: string } | { ok: false; reason: string };

// Chinese mobile numbers are most of the traffic: 11 digits starting 13–19, optionally behind
// +86, 0086 or 86 (domain.md §1.1). They skip the general parser, which costs microseconds each.
const CN_MOBILE = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;
const SEPARATORS = /[\s\-().]/g;

export class NumberNormalizer {
  constructor(private readonly defaultCountry: CountryCode = 'CN') {}

  normalize(input: string): NumberCheck {
    const compact = input.replace(SEPARATORS, '');
    if (compact.length === 0) return { ok: false, reason: 'empty number' };
    const cn = CN_MOBILE.exec(compact);
    if (cn && (this.defaultCountry === 'CN' || compact.length > 11)) return { ok: true, e164: `+86${cn[1]}` };
    if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: `'${input}' contains characters other than digits and a leading +` };
    const parsed = parsePhoneNumberFromString(compact.startsWith('00') ? `+${compact.slice(2)}` : compact, this.defaultCountry);
    if (!parsed) return { ok: false, reason: `'${input}' is not a phone number` };
    if (!parsed.isValid()) return { ok: false, reason: `'${input}' is not a valid number for ${parsed.country ?? `+${parsed.countryCallingCode}`}` };
    const type = parsed.getType();
    if (type === 'FIXED_LINE') return { ok: false, reason: `'${input}' is a fixed-line number and cannot receive SMS` };
    return { ok: true, e164: parsed.number };
  }

  /** ISO 3166 country of an E.164 number (billing's country prices); null when unknown. */
  countryOf(e164: string): string | null {
    return countryOfNumber(e164);
  }
}

/** ISO 3166 country of an E.164 number; null when unknown. Chinese numbers skip the parser (most of the traffic). */
export function countryOfNumber(e164: string): string | null {
  if (e164.startsWith('+86')) return 'CN';
  return parsePhoneNumberFromString(e164)?.country ?? null;
}
