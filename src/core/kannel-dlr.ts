// Kannel-style delivery reports: the dlr-mask/dlr-url a message asked for (carried in its callback URL,
// so no new column is needed), which report value a state gives, and the URL with its escapes filled.
import type { Message, MessageState } from './message.ts';

/** Kannel's dlr-mask bits. */
export const DLR = { delivered: 1, failed: 2, buffered: 4, smscSubmit: 8, smscReject: 16 } as const;

/**
 * A message's callbackUrl holds "kannel:<mask>:<url template>" when it came through /cgi-bin/sendsms
 * with a dlr-url. The prefix cannot be mistaken for a webhook: webhooks must be http(s) URLs.
 */
const PREFIX = 'kannel:';

export interface KannelDlrRequest {
  mask: number;
  url: string;
}

export function encodeKannelDlr(request: KannelDlrRequest): string {
  return `${PREFIX}${request.mask}:${request.url}`;
}

export function decodeKannelDlr(callbackUrl: string | null): KannelDlrRequest | null {
  if (!callbackUrl?.startsWith(PREFIX)) return null;
  const colon = callbackUrl.indexOf(':', PREFIX.length);
  if (colon < 0) return null;
  const mask = Number(callbackUrl.slice(PREFIX.length, colon));
  return Number.isInteger(mask) ? { mask, url: callbackUrl.slice(colon + 1) } : null;
}

/**
 * The report value for a state, if the mask asks for it. Notifications are made for final states only,
 * so 4 (buffered) and 8 (SMSC submit) are never sent; a carrier's refusal ('rejected') is reported as
 * 16 when asked for, else as a failure (2).
 */
export function dlrValueFor(state: MessageState, mask: number): number | null {
  let value: number | null;
  if (state === 'delivered') value = DLR.delivered;
  else if (state === 'rejected') value = mask & DLR.smscReject ? DLR.smscReject : DLR.failed;
  else if (state === 'undelivered' || state === 'expired' || state === 'failed') value = DLR.failed;
  else value = null;
  return value !== null && mask & value ? value : null;
}

/** Kannel's data coding numbers for our encodings (%c). */
const CODING: Record<Message['encoding'], string> = { gsm7: '0', ia5: '0', latin1: '1', ucs2: '2' };

/** Every escape letter Kannel knows in URLs; those we have no data for expand to nothing. */
const KANNEL_ESCAPES = 'ksSrabtTpPqQiIdAFncmMCuBoOfxDR';

function kannelTime(ms: number): string {
  // Kannel's %t is "YYYY-MM-DD HH:MM:SS"; we give it in UTC.
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The dlr-url with Kannel's escapes filled (values URL-encoded, as Kannel does). Escapes with no
 * counterpart in our data (%k keyword, %s/%S/%r/%a words, %n service, %D meta-data, %B billing,
 * %o account, %f originating SMSC, %x smsbox id, %u UDH, %m/%M/%O/%C) become empty.
 */
export function expandDlrUrl(template: string, message: Message, value: number, at: number): string {
  const failed = value !== DLR.delivered;
  const values: Record<string, string> = {
    d: String(value),
    p: message.recipient,
    P: message.sender ?? '',
    q: message.recipient,
    Q: message.sender ?? '',
    t: kannelTime(at),
    T: String(Math.floor(at / 1000)),
    A: message.errorMessage ?? message.errorCode ?? message.state,
    F: failed ? (message.errorCode ?? '') : '',
    i: message.connectorId ?? '',
    I: message.id,
    b: message.text,
    c: CODING[message.encoding] ?? '',
  };
  return template.replace(/%(.)/g, (whole, letter: string) => {
    if (letter === '%') return '%';
    // Anything that is not one of Kannel's escapes (e.g. "%20" already in the URL) stays as it is.
    if (!KANNEL_ESCAPES.includes(letter)) return whole;
    return encodeURIComponent(values[letter] ?? '');
  });
}
