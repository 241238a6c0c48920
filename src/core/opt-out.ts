// Opt-out by reply: an MO whose whole text is an unsubscribe keyword puts its sender on the account's
// unsubscribe list (before the MO is stored and forwarded) and earns a confirmation SMS.
import type { Store } from '../store/types.ts';
import type { IntakePort } from './intake-port.ts';
import type { NumberNormalizer } from './numbers.ts';

/** domain.md: the keywords carriers and regulators expect, compared whole, case- and width-insensitively. */
export const OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set(['R', 'T', 'TD', 'N', '退订', 'STOP', 'UNSUBSCRIBE']);

/** NFKC turns full-width Ｔ Ｄ and ideographic spaces into ASCII, so "ｔｄ " counts as "TD". */
export function isOptOutText(text: string): boolean {
  return OPT_OUT_KEYWORDS.has(text.normalize('NFKC').trim().toUpperCase());
}

export interface OptOutOptions {
  store: Store;
  numbers: NumberNormalizer;
  /** Called after an entry is added, so this node's blacklist book sees it before the next message. */
  onChange: () => Promise<void>;
  /** Empty: no confirmation is sent. */
  confirmation: string;
  now?: () => number;
}

export class OptOut {
  private intake: IntakePort | null = null;

  constructor(private readonly options: OptOutOptions) {}

  /** The intake is built after this (the gateway owns both), so it is handed over late. */
  useIntake(intake: IntakePort): void {
    this.intake = intake;
  }

  /** Records the opt-out when `text` is a keyword; resolves true when it did. */
  async record(accountId: string, sender: string, text: string): Promise<boolean> {
    if (!isOptOutText(text)) return false;
    const number = this.options.numbers.normalize(sender);
    if (!number.ok) return false;
    const now = (this.options.now ?? Date.now)();
    await this.options.store.blacklist.add({ scope: 'unsubscribe', accountId, signature: null, number: number.e164, reason: `replied ${text.trim()}` }, now);
    // The reply is also the consent record's evidence of refusal (kept with the grants, domain.md 2.1).
    await this.options.store.compliance.addConsent({ accountId, number: number.e164, status: 'revoked', source: 'sms_reply', evidence: `replied ${text.trim()}`, at: now, expiresAt: null }, now);
    await this.options.onChange();
    return true;
  }

  /**
   * Queues the confirmation through the normal intake (routing, billing, sensitive words all apply),
   * exempt only from the unsubscribe list it would otherwise hit. Resolves with the recipient's result.
   */
  async confirm(accountId: string, sender: string, from: string): Promise<boolean> {
    if (!this.intake || this.options.confirmation === '') return false;
    const response = await this.intake.submit({
      accountId,
      source: 'api',
      recipients: [sender],
      text: this.options.confirmation,
      sender: /^[\p{L}\p{N} +_.-]{1,20}$/u.test(from) ? from : null,
      tag: 'opt-out-confirmation',
      skipUnsubscribe: true,
    });
    return response.results.every((r) => r.ok);
  }
}
