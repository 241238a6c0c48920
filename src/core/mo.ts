// Mobile-originated messages: find the owning account by destination number, store, notify.
import type { Store } from '../store/types.ts';
import type { MoEvent } from './connector.ts';
import { newId } from './ids.ts';
import type { Notifier } from './notifier.ts';
import type { OptOut } from './opt-out.ts';
import type { MoRouter } from './router.ts';

export class MoProcessor {
  constructor(
    private readonly store: Store,
    private readonly router: MoRouter,
    private readonly notifier: Notifier,
    private readonly smppSystemIdOf: (accountId: string) => string | null,
    private readonly now: () => number = Date.now,
    private readonly cmppSpIdOf: (accountId: string) => string | null = () => null,
    private readonly optOut: OptOut | null = null,
    private readonly onConfirmFailed: (error: Error) => void = () => {},
  ) {}

  /** Resolves once the MO and its notifications are stored: only then may the carrier be answered. */
  async handle(event: MoEvent): Promise<void> {
    const route = this.router.match(event.recipient);
    const accountId = route?.accountId ?? null;
    const mo = {
      id: newId(this.now()),
      accountId,
      connectorId: event.connectorId,
      sender: withoutNul(event.sender),
      recipient: withoutNul(event.recipient),
      text: withoutNul(event.text),
      receivedAt: event.receivedAt,
    };
    // The opt-out is recorded first: once the account sees the reply, it must already be unable to send to that number.
    const optedOut = accountId && this.optOut ? await this.optOut.record(accountId, mo.sender, mo.text) : false;
    if (!accountId) return this.store.mo.insert(mo); // kept for the operator: no MO route matched
    const payload = { id: mo.id, sender: mo.sender, recipient: mo.recipient, text: mo.text, receivedAt: mo.receivedAt, ...(optedOut ? { optOut: true as const } : {}) };
    // The digits after the account's number are the extension code its message went out with (cloud MO shapes carry it).
    const notifications = await this.notifier.moItems(accountId, payload, this.smppSystemIdOf(accountId), this.cmppSpIdOf(accountId), route!.extension);
    await this.store.mo.insert(mo, notifications);
    // A confirmation that cannot be queued (no route, no balance) must not make the carrier resend the MO.
    if (optedOut) await this.optOut!.confirm(accountId, mo.sender, mo.recipient).catch(this.onConfirmFailed);
  }
}

/**
 * A carrier may hand over U+0000 (a stray NUL octet in the short message). It means nothing on a
 * handset, and PostgreSQL cannot store it, so it becomes U+FFFD on every store alike.
 */
function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}
