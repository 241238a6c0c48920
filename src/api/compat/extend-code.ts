// Extension codes (扩展码) of the cloud APIs — Aliyun SmsUpExtendCode, Tencent ExtendCode — and Tencent's
// SenderId, turned into the message's sender the way SMPP/CMPP customers give theirs: the account's
// own number (its MO route) followed by the extension, so a reply to that number routes back to it.
import type { MoRouter } from '../../core/router.ts';

/** Digits only; at most 12 of them, and the whole number at most 20 digits (the longest port carriers display). */
const EXTEND_CODE = /^\d{1,12}$/;
const MAX_SOURCE_DIGITS = 20;

export type SenderChoice = { ok: true; sender: string | undefined } | { ok: false; message: string };

/**
 * The sender for an extension code (and an explicit base such as Tencent's SenderId). Without a base the
 * account's shortest MO route pattern is its number; an account with none sends the bare digits, which
 * the connector appends to its own access number, as it does for SMPP and CMPP senders. `field` names
 * the parameter in the refusal.
 */
export function senderFor(moRouter: Pick<MoRouter, 'patternsOf' | 'accountFor'>, accountId: string, extendCode: string | undefined, base: string | undefined, field: string): SenderChoice {
  if (extendCode === undefined || extendCode === '') return { ok: true, sender: base || undefined };
  if (!EXTEND_CODE.test(extendCode)) return { ok: false, message: `${field} must be 1 to 12 digits` };
  if (base && !/^\d+$/.test(base)) return { ok: false, message: `${field} extends a numeric sender only; SenderId ${base} is not one` };
  const number = base || moRouter.patternsOf(accountId)[0];
  if (number === undefined) return { ok: true, sender: extendCode };
  const sender = number + extendCode;
  if (sender.length > MAX_SOURCE_DIGITS) return { ok: false, message: `${field} makes the sending number ${sender} longer than ${MAX_SOURCE_DIGITS} digits` };
  // A longer MO route of another account would take the replies: refused rather than sent unanswerable.
  if (!base && moRouter.accountFor(sender) !== accountId) return { ok: false, message: `replies to ${sender} are routed to another account; choose another ${field}` };
  return { ok: true, sender };
}
