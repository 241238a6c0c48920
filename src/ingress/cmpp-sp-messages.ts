// What CMPP QUERY and CANCEL need from the store: an SP's message found by the Msg_Id it was
// given, its cancellation through the core's path, and the counts of one day's messages and MO.
import type { Message } from '../core/message.ts';
import { cancelMessage, type CancelDeps } from '../core/message-cancel.ts';
import { BEIJING_UTC_OFFSET_MINUTES } from '../protocols/cmpp/authenticator.ts';
import { isMsgId, parseMsgId } from '../protocols/cmpp/msg-id.ts';
import type { CreatedCounts, MessageRepository, MoCounts, Store } from '../store/types.ts';
import { cmppMsgIdOf } from './cmpp-msg-id.ts';

export interface CmppSpMessages {
  /** The account's message behind `msgId` (one it was given in a SUBMIT_RESP), or null. */
  findByMsgId(accountId: string, msgId: string, now: number): Promise<Message | null>;
  /** True when the message was cancelled: it had not been submitted and nothing moved it meanwhile. */
  cancel(message: Message, now: number): Promise<boolean>;
  /** The account's messages created in [from, to), optionally only those sent under one Service_Id (kept as tag). */
  counts(accountId: string, from: number, to: number, serviceId?: string): Promise<CreatedCounts>;
  /** The account's MO received in [from, to), and how many still wait to be handed to it. */
  moCounts(accountId: string, from: number, to: number): Promise<MoCounts>;
}

const BEIJING_MS = BEIJING_UTC_OFFSET_MINUTES * 60_000;
/** A group SUBMIT's Msg_Id is made just before its messages are stored. */
const GROUP_SLACK_MS = 60_000;

/**
 * Epoch ms of the second a Msg_Id names (Beijing time, no year: the latest such second not more
 * than a day ahead of `now`), or undefined when its fields are not a date.
 */
export function msgIdSecond(msgId: string, now: number): number | undefined {
  const { month, day, hour, minute, second } = parseMsgId(msgId);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const year = new Date(now + BEIJING_MS).getUTCFullYear();
  for (const y of [year, year - 1]) {
    const at = Date.UTC(y, month - 1, day, hour, minute, second) - BEIJING_MS;
    if (at <= now + 86_400_000) return at;
  }
  return undefined;
}

export function cmppSpMessagesFromStore(store: { messages: MessageRepository; mo: Pick<Store['mo'], 'countReceived'> }, billing?: CancelDeps['billing']): CmppSpMessages {
  const messages = store.messages;
  return {
    async findByMsgId(accountId, msgId, now) {
      if (!isMsgId(msgId)) return null;
      const second = msgIdSecond(msgId, now);
      if (second === undefined) return null;
      // A destination of a group SUBMIT keeps its Msg_Id as clientRef (cmpp-server commitGroup).
      const [grouped] = await messages.findByClientRef(accountId, msgId, second - GROUP_SLACK_MS);
      if (grouped) return grouped;
      // Otherwise the Msg_Id was derived from our id (cmpp-msg-id.ts): its gateway field starts with the millisecond.
      const millisecond = parseMsgId(msgId).gatewayId >>> 12;
      if (millisecond > 999) return null;
      const createdAt = second + millisecond;
      const page = await messages.list({ accountId, createdFrom: createdAt, createdTo: createdAt + 1, limit: 1000 });
      return page.items.find((m) => cmppMsgIdOf(m.id) === msgId) ?? null;
    },
    async cancel(message, now) {
      return (await cancelMessage({ messages, billing }, message, now, 'cancelled by the SP (CMPP CANCEL)')).ok;
    },
    counts(accountId, from, to, serviceId) {
      return messages.countCreated({ accountId, from, to, tag: serviceId });
    },
    moCounts(accountId, from, to) {
      return store.mo.countReceived(accountId, from, to);
    },
  };
}
