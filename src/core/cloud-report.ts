// Aliyun- and Tencent-style status reports: what a message sent through those APIs carries in its
// callback slot (shape, template code, OutId, optional URL), and the report items in each API's words.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { MoPayload } from './intake-port.ts';
import type { Message } from './message.ts';

export type CloudFormat = 'aliyun' | 'tencent';

/**
 * The shape of an account's status callbacks: 'auto' (default) reports each message in the shape of the
 * API it came through (Aliyun/Tencent-style sends in theirs, the rest in ours); the others force one shape.
 */
export const CALLBACK_FORMATS = ['auto', 'kuaixin', 'aliyun', 'tencent'] as const;
export type CallbackFormat = (typeof CALLBACK_FORMATS)[number];

/** The settings key holding an account's CallbackFormat. */
export const callbackFormatKey = (accountId: string) => `callback-format:${accountId}`;

export function parseCallbackFormat(raw: string | null): CallbackFormat {
  return (CALLBACK_FORMATS as readonly string[]).includes(raw ?? '') ? (raw as CallbackFormat) : 'auto';
}

export interface CloudCallback {
  format: CloudFormat;
  templateCode: string;
  /** Aliyun's OutId (null: none). */
  outId: string | null;
  /** Where reports go; null = the account's callback URL. */
  url: string | null;
}

/**
 * A message's callbackUrl holds "cloud:<format>:<template>:<outId>:<url>" when it came through an
 * Aliyun- or Tencent-style API (parts URI-encoded, the URL last and possibly empty). Like Kannel's
 * "kannel:" prefix it cannot be mistaken for a webhook, and needs no new column.
 */
const PREFIX = 'cloud:';

export function encodeCloudCallback(callback: CloudCallback): string {
  return `${PREFIX}${callback.format}:${encodeURIComponent(callback.templateCode)}:${encodeURIComponent(callback.outId ?? '')}:${callback.url ?? ''}`;
}

export function decodeCloudCallback(callbackUrl: string | null): CloudCallback | null {
  if (!callbackUrl?.startsWith(PREFIX)) return null;
  const parts = callbackUrl.slice(PREFIX.length).split(':');
  if (parts.length < 4 || (parts[0] !== 'aliyun' && parts[0] !== 'tencent')) return null;
  const url = parts.slice(3).join(':');
  return { format: parts[0], templateCode: decodeURIComponent(parts[1]), outId: parts[2] ? decodeURIComponent(parts[2]) : null, url: url || null };
}

/** "yyyy-MM-dd HH:mm:ss" in Beijing time (UTC+8, no daylight saving), as both clouds print times. */
export function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** One element of Aliyun's SmsReport array. */
export function aliyunReport(message: Message, callback: CloudCallback, at: number) {
  const success = message.state === 'delivered';
  return {
    phone_number: nationalOrE164(message.recipient),
    send_time: beijingTime(message.submittedAt ?? message.createdAt),
    report_time: beijingTime(message.doneAt ?? at),
    success,
    // Aliyun reports success as DELIVERED (domain.md 4.1); failures keep the carrier's raw code.
    err_code: success ? 'DELIVERED' : (message.errorCode ?? message.state.toUpperCase()),
    err_msg: success ? '用户接收成功' : (message.errorMessage ?? message.errorCode ?? message.state),
    sms_size: String(message.segments),
    biz_id: message.batchId ?? message.id,
    out_id: callback.outId ?? '',
  };
}

/** One element of Tencent's status callback array; sid is the SerialNo SendSms answered. */
export function tencentReport(message: Message, at: number) {
  const success = message.state === 'delivered';
  const number = parsePhoneNumberFromString(message.recipient);
  return {
    user_receive_time: beijingTime(message.doneAt ?? at),
    nationcode: number?.countryCallingCode ?? '86',
    mobile: number?.nationalNumber ?? message.recipient,
    report_status: success ? 'SUCCESS' : 'FAIL',
    errmsg: success ? 'DELIVRD' : (message.errorCode ?? message.state.toUpperCase()),
    description: success ? '用户短信送达成功' : (message.errorMessage ?? message.errorCode ?? message.state),
    sid: message.id,
  };
}

/** One element of Aliyun's SmsUp array; when the extension code is not known, the number the reply went to stands in for it. */
export function aliyunMo(mo: MoPayload, extension: string | null = null) {
  return { phone_number: nationalOrE164(mo.sender), send_time: beijingTime(mo.receivedAt), content: mo.text, sign_name: '', dest_code: extension ?? mo.recipient, sequence_id: mo.id };
}

/** Tencent's reply callback: one object per reply (not an array, unlike its status callback). */
export function tencentMo(mo: MoPayload, extension: string | null = null) {
  const number = parsePhoneNumberFromString(mo.sender);
  return { extend: extension ?? '', mobile: number?.nationalNumber ?? mo.sender, nationcode: number?.countryCallingCode ?? '86', sign: '', text: mo.text, time: Math.floor(mo.receivedAt / 1000) };
}

/** Aliyun speaks of mainland numbers without +86; others stay E.164. */
export function nationalOrE164(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164;
}
