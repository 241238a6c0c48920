// Turns state changes and MO into outbox items: the account's (or message's) webhook, and
// deliver_sm / DELIVER for messages that came in over SMPP / CMPP and asked for a receipt.
import type { Account, OutboxItem, Store } from '../store/types.ts';
import { newId } from './ids.ts';
import { aliyunMo, aliyunReport, callbackFormatKey, decodeCloudCallback, parseCallbackFormat, tencentMo, tencentReport, type CallbackFormat } from './cloud-report.ts';
import { decodeKannelDlr, dlrValueFor, expandDlrUrl } from './kannel-dlr.ts';
import { OUTBOX_LEASE_MS } from './outbox-dispatcher.ts';
import type { MoPayload, StatusPayload } from './intake-port.ts';
import { isFinal, type Message } from './message.ts';

/** The notifications about one message's new state, to store in the same transaction as the change. */
export type Notify = (message: Message) => Promise<OutboxItem[]>;
/** Told about messages that reached a final state, with their notifications, once both are committed. */
export type OnFinal = (messages: Message[], notifications: OutboxItem[]) => void;

export class Notifier {
  private readonly accounts = new Map<string, { account: Account | null; format: CallbackFormat; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Outbox items for a message's current state; the lookups map account → SMPP system_id / CMPP SP_Id.
   * They are created leased: whoever commits them hands them to the dispatcher in memory, and only
   * if that never happens (a crash) do they fall due from the store once the lease runs out.
   */
  async statusItems(message: Message, smppSystemIdOf: (accountId: string) => string | null, cmppSpIdOf: (accountId: string) => string | null = () => null): Promise<OutboxItem[]> {
    const items: OutboxItem[] = [];
    const now = this.now();
    const payload = statusPayload(message, now);
    const { account, format } = await this.account(message.accountId);
    // A Kannel dlr-url takes the message's callback slot; the account's webhook still hears about it.
    const kannel = decodeKannelDlr(message.callbackUrl);
    // Sent through an Aliyun/Tencent-style API: the slot names that API (and maybe its own URL).
    const cloud = decodeCloudCallback(message.callbackUrl);
    const url = (cloud ? cloud.url : kannel ? null : message.callbackUrl) ?? account?.callbackUrl ?? null;
    const shape = format === 'auto' ? (cloud?.format ?? 'kuaixin') : format;
    if (url && shape === 'kuaixin') items.push(this.item(message.accountId, 'http', url, 'status', payload, now, now + OUTBOX_LEASE_MS));
    // The clouds report final outcomes only.
    if (url && shape !== 'kuaixin' && isFinal(message.state)) {
      const slot = cloud ?? { format: shape, templateCode: '', outId: message.clientRef, url: null };
      const report = shape === 'aliyun' ? aliyunReport(message, slot, now) : tencentReport(message, now);
      items.push(this.item(message.accountId, shape, url, 'status', report, now, now + OUTBOX_LEASE_MS));
    }
    const dlrValue = kannel ? dlrValueFor(message.state, kannel.mask) : null;
    if (kannel && dlrValue !== null) items.push(this.item(message.accountId, 'kannel', expandDlrUrl(kannel.url, message, dlrValue, now), 'status', payload, now, now + OUTBOX_LEASE_MS));
    const systemId = message.source === 'smpp' && message.wantReceipt ? smppSystemIdOf(message.accountId) : null;
    if (systemId) items.push(this.item(message.accountId, 'smpp', systemId, 'status', payload, now, now + OUTBOX_LEASE_MS));
    const spId = message.source === 'cmpp' && message.wantReceipt ? cmppSpIdOf(message.accountId) : null;
    if (spId) items.push(this.item(message.accountId, 'cmpp', spId, 'status', payload, now, now + OUTBOX_LEASE_MS));
    return items;
  }

  /** `extension`: the digits the reply went to after the account's number (扩展码); null when not known. */
  async moItems(accountId: string, payload: MoPayload, smppSystemId: string | null, cmppSpId: string | null = null, extension: string | null = null): Promise<OutboxItem[]> {
    const now = this.now();
    const { account, format } = await this.account(accountId);
    const items: OutboxItem[] = [];
    // An account that chose a cloud's shape gets replies as that cloud pushes them (SmsUp / reply callback).
    if (account?.callbackUrl && format === 'aliyun') items.push(this.item(accountId, 'aliyun', account.callbackUrl, 'mo', aliyunMo(payload, extension), now, now));
    else if (account?.callbackUrl && format === 'tencent') items.push(this.item(accountId, 'tencent', account.callbackUrl, 'mo', tencentMo(payload, extension), now, now));
    else if (account?.callbackUrl) items.push(this.item(accountId, 'http', account.callbackUrl, 'mo', payload, now, now));
    if (smppSystemId) items.push(this.item(accountId, 'smpp', smppSystemId, 'mo', payload, now, now));
    if (cmppSpId) items.push(this.item(accountId, 'cmpp', cmppSpId, 'mo', payload, now, now));
    return items;
  }

  private item(accountId: string, kind: OutboxItem['kind'], target: string, event: OutboxItem['event'], payload: object, now: number, dueAt: number): OutboxItem {
    return { id: newId(now), accountId, kind, target, event, payload: payload as Record<string, unknown>, attempts: 0, nextAttemptAt: dueAt, createdAt: now };
  }

  /** Accounts and their callback shape change rarely; a few seconds of caching spares queries per receipt. */
  private async account(id: string): Promise<{ account: Account | null; format: CallbackFormat }> {
    const cached = this.accounts.get(id);
    const now = this.now();
    if (cached && now - cached.at < 5000) return cached;
    const [account, raw] = await Promise.all([this.store.accounts.get(id), this.store.settings.get(callbackFormatKey(id))]);
    const entry = { account, format: parseCallbackFormat(raw), at: now };
    this.accounts.set(id, entry);
    return entry;
  }
}

export function statusPayload(message: Message, at: number): StatusPayload {
  return {
    messageId: message.id,
    clientRef: message.clientRef,
    recipient: message.recipient,
    sender: message.sender,
    state: message.state,
    errorCode: message.errorCode,
    errorMessage: message.errorMessage,
    segments: message.segments,
    createdAt: message.createdAt,
    submittedAt: message.submittedAt,
    doneAt: message.doneAt,
    at,
  };
}
