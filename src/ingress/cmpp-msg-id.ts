// Our message id → the 8-octet CMPP Msg_Id an SP customer is given, computed again for its report:
// nothing is stored, so the same id comes out after a restart or on another node.
import { createHash } from 'node:crypto';
import { BEIJING_UTC_OFFSET_MINUTES } from '../protocols/cmpp/authenticator.ts';
import { formatMsgId } from '../protocols/cmpp/msg-id.ts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // core/ids.ts: Crockford base32, lower case

function base32(text: string): number | undefined {
  let value = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 32 + digit;
  }
  return value;
}

/**
 * Msg_Id for one of our ids (core/ids.ts: 10 characters of milliseconds, 4 of a per-millisecond
 * counter, 12 random). The Msg_Id keeps the spec's layout (cmpp.md 6): the time fields are the
 * id's second in Beijing time; the 22-bit gateway field carries the millisecond (10 bits) and the
 * counter's low 12 bits; the 16-bit sequence carries 16 random bits of the id. Two ids made by one
 * process never share a Msg_Id within a year (unless it made 4096 ids in one millisecond); ids of
 * two nodes share one only if made in the same millisecond with the same counter and the same 16
 * random bits. Other id forms are hashed.
 */
export function cmppMsgIdOf(messageId: string): string {
  const ms = messageId.length === 26 ? base32(messageId.slice(0, 10)) : undefined;
  const counter = ms === undefined ? undefined : base32(messageId.slice(10, 14));
  const random = counter === undefined ? undefined : base32(messageId.slice(14, 18));
  if (ms === undefined || counter === undefined || random === undefined) return createHash('sha256').update(messageId).digest('hex').slice(0, 16);
  const beijing = new Date(ms + BEIJING_UTC_OFFSET_MINUTES * 60_000);
  return formatMsgId({
    month: beijing.getUTCMonth() + 1,
    day: beijing.getUTCDate(),
    hour: beijing.getUTCHours(),
    minute: beijing.getUTCMinutes(),
    second: beijing.getUTCSeconds(),
    gatewayId: ((ms % 1000) << 12) | (counter & 0xfff),
    sequence: random & 0xffff,
  });
}

const MSG_ID_FORM = /^[0-9a-f]{16}$/;

/**
 * The Msg_Id an SP was given for one of its messages, which its report must carry: for a group
 * SUBMIT the Msg_Id M + i of its destination, kept as the message's clientRef (cmpp.md 5: the
 * destinations of a group send are M, M+1, …); otherwise the one derived from our id.
 */
export function spMsgIdOf(message: { messageId: string; clientRef: string | null }): string {
  return message.clientRef !== null && MSG_ID_FORM.test(message.clientRef) ? message.clientRef : cmppMsgIdOf(message.messageId);
}
