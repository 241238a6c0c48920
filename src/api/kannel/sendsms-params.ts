// Turns Kannel sendsms parameters into a submit request, or into the reply Kannel gives for bad input
// (its "<Field> field misformed, rejected" texts; where Kannel's text does not name the parameter,
// the parameter is added in parentheses at the end, so the Kannel text stays a prefix).
import iconv from 'iconv-lite';
import type { SubmitRequest } from '../../core/intake-port.ts';
import type { PriorityName } from '../../core/message.ts';
import { encodeKannelDlr } from '../../core/kannel-dlr.ts';
import { formString, type Form } from './form.ts';

export interface KannelReply {
  status: number;
  text: string;
}

export type SendsmsInput = Omit<SubmitRequest, 'accountId' | 'source'>;

const rejected = (text: string): { ok: false; reply: KannelReply } => ({ ok: false, reply: { status: 400, text } });

/** Kannel's 0 (lowest) … 3 (highest) onto our three classes. */
const PRIORITY: PriorityName[] = ['bulk', 'normal', 'urgent', 'urgent'];

/** Default charset per coding: text as UTF-8 for 7-bit, raw octets for 8-bit, UCS-2 big-endian for coding 2. */
const DEFAULT_CHARSET = ['UTF-8', 'ISO-8859-1', 'UTF-16BE'];

/** An optional whole number within [min, max]; NaN when present but not one. -1 is Kannel's "not set". */
function intParam(form: Form, name: string, min: number, max: number): number | undefined {
  const raw = formString(form, name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) return NaN;
  const value = Number(raw.trim());
  if (value === -1) return undefined;
  return value >= min && value <= max ? value : NaN;
}

/** Receivers: separated by spaces (a '+' in a query string is a space; an encoded %2B stays a '+' prefix). */
export function splitReceivers(to: string): string[] {
  return [...new Set(to.split(/\s+/).filter((r) => r.length > 0))];
}

/** The UDH must be its own length octet plus that many octets (3GPP TS 23.040 §9.2.3.24). */
function udhWellFormed(udh: Buffer): boolean {
  return udh.length >= 1 && udh.length === udh[0] + 1;
}

export function parseSendsms(form: Form, now: number): { ok: true; input: SendsmsInput } | { ok: false; reply: KannelReply } {
  const to = formString(form, 'to');
  if (to === undefined) return rejected('Missing receiver number, rejected (to)');
  const recipients = splitReceivers(to);
  if (recipients.length === 0) return rejected('Empty receiver number not allowed, rejected (to)');
  if (recipients.length > 1000) return rejected('Too many receivers, rejected (to)');

  const coding = intParam(form, 'coding', 0, 2);
  if (Number.isNaN(coding)) return rejected('Coding field misformed, rejected');
  const mclass = intParam(form, 'mclass', 0, 3);
  if (Number.isNaN(mclass)) return rejected('MClass field misformed, rejected');
  const altDcs = intParam(form, 'alt-dcs', 0, 1);
  if (Number.isNaN(altDcs)) return rejected('Alt-DCS field misformed, rejected');
  const pid = intParam(form, 'pid', 0, 255);
  if (Number.isNaN(pid)) return rejected('PID field misformed, rejected');
  const validity = intParam(form, 'validity', 1, 7 * 24 * 60);
  if (Number.isNaN(validity)) return rejected('Validity field misformed, rejected');
  const deferred = intParam(form, 'deferred', 0, 366 * 24 * 60);
  if (Number.isNaN(deferred)) return rejected('Deferred field misformed, rejected');
  const priority = intParam(form, 'priority', 0, 3);
  if (Number.isNaN(priority)) return rejected('Priority field misformed, rejected');
  const dlrMask = intParam(form, 'dlr-mask', 0, 63);
  if (Number.isNaN(dlrMask)) return rejected('DLR-Mask field misformed, rejected');

  const dlrUrl = formString(form, 'dlr-url');
  if (dlrUrl !== undefined && dlrUrl !== '' && !/^https?:\/\/[^\s]+$/i.test(dlrUrl)) return rejected('DLR-URL field misformed, rejected');
  if (dlrUrl !== undefined && dlrUrl.length > 1900) return rejected('DLR-URL field misformed, rejected');

  const udh = form.get('udh');
  if (udh !== undefined && udh.length > 0) {
    if (!udhWellFormed(udh)) return rejected('UDH field misformed, rejected');
    // We carry text and split it ourselves; a customer's own UDH (concatenation, ports) is not kept.
    return rejected('UDH field not supported, rejected');
  }

  const rawText = form.get('text');
  if (rawText === undefined || rawText.length === 0) return rejected('Empty text not allowed, rejected.');
  const charset = formString(form, 'charset') || DEFAULT_CHARSET[coding ?? 0];
  if (!iconv.encodingExists(charset)) return rejected('Charset or body misformed, rejected (charset)');
  const text = iconv.decode(rawText, charset);
  // U+FFFD means octets that are not valid in the charset given.
  if (text.includes('\uFFFD') || text.length === 0) return rejected('Charset or body misformed, rejected (text)');

  const from = formString(form, 'from');
  const smsc = formString(form, 'smsc');
  return {
    ok: true,
    input: {
      recipients,
      text,
      sender: from === '' ? undefined : from,
      priority: priority === undefined ? undefined : PRIORITY[priority],
      validitySeconds: validity === undefined ? undefined : validity * 60,
      scheduleAt: deferred ? now + deferred * 60_000 : undefined,
      // smsc names a route tag: routing rules that filter on tags send it where the customer asked.
      tag: smsc ? smsc : undefined,
      callbackUrl: dlrUrl && dlrMask ? encodeKannelDlr({ mask: dlrMask, url: dlrUrl }) : undefined,
    },
  };
}
