// Delivery receipts: tolerant parser and canonical formatter for receipt text, and the TLV merge.
import { dateFromFields, expandYear } from './smpp-time.ts';
import {
  isMessageState,
  messageStateName,
  stateFromStat,
  statFromState,
  type MessageStateValue,
  type ReceiptStat,
} from './message-state.ts';

/** A receipt date as sent, and the instant it denotes when it could be read. */
export interface ReceiptDate {
  raw: string;
  date: Date | undefined;
}

/** The fields of receipt text. Only id and stat are required for text to count as a receipt. */
export interface ReceiptText {
  id: string;
  sub: number | undefined;
  dlvrd: number | undefined;
  submitDate: ReceiptDate | undefined;
  doneDate: ReceiptDate | undefined;
  /** Upper-cased `stat:` word as sent (may be outside the known set, e.g. NOROUTE). */
  stat: string;
  /** message_state for `stat`, undefined when the word is not a known one. */
  state: MessageStateValue | undefined;
  /** Kept as text: SMSCs put vendor codes here, not always digits. */
  err: string | undefined;
  text: string | undefined;
}

export type ReceiptFailure = 'empty' | 'not-receipt' | 'missing-id' | 'missing-stat';

export type ReceiptTextResult = { ok: true; receipt: ReceiptText } | { ok: false; reason: ReceiptFailure };

export interface ReceiptTextOptions {
  /** UTC offset of the SMSC clock that wrote the dates (receipt dates carry none); default 0. */
  utcOffsetMinutes?: number;
  /** Two-digit-year pivot, as for SMPP times (default 38). */
  pivotYear?: number;
}

type Label = 'id' | 'sub' | 'dlvrd' | 'submitDate' | 'doneDate' | 'stat' | 'err' | 'text';

// smpp34.md 15.2: labels are found case-insensitively wherever they start a word; a value runs to
// the next label. Labels contain spaces and text can contain anything, so never split on blanks.
const LABELS = /(?<![a-z0-9])(id|sub|dlvrd|submit[ _]*date|done[ _]*date|stat|err|text)[ \t]*:/gi;

function labelOf(word: string): Label {
  const w = word.toLowerCase();
  if (w.startsWith('submit')) return 'submitDate';
  if (w.startsWith('done')) return 'doneDate';
  return w as Label;
}

/** Finds each label's value; the first occurrence of a label wins. */
function scanLabels(s: string): Map<Label, string> {
  const marks: { label: Label; start: number; valueStart: number }[] = [];
  for (const m of s.matchAll(LABELS)) {
    const label = labelOf(m[1]!);
    marks.push({ label, start: m.index, valueStart: m.index + m[0].length });
    // `text:` is free-form (the first characters of the user's message) and every variant puts
    // it last, so nothing after it is read as a label: "text:err: 5" is text, not an error code.
    if (label === 'text') break;
  }
  const values = new Map<Label, string>();
  marks.forEach((mark, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.start : s.length;
    if (!values.has(mark.label)) values.set(mark.label, s.slice(mark.valueStart, end).trim());
  });
  return values;
}

function countOf(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/** Receipt dates: YYMMDDhhmm (spec), YYMMDDhhmmss or YYYYMMDDhhmmss (seen in the wild). */
function dateOf(raw: string | undefined, options: ReceiptTextOptions): ReceiptDate | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^(\d{10}|\d{12}|\d{14})$/.test(raw)) return { raw, date: undefined };
  const long = raw.length === 14;
  const year = long ? Number(raw.slice(0, 4)) : expandYear(Number(raw.slice(0, 2)), options.pivotYear);
  const rest = raw.slice(long ? 4 : 2);
  const r = dateFromFields(
    {
      year,
      month: Number(rest.slice(0, 2)),
      day: Number(rest.slice(2, 4)),
      hour: Number(rest.slice(4, 6)),
      minute: Number(rest.slice(6, 8)),
      second: rest.length >= 10 ? Number(rest.slice(8, 10)) : 0,
    },
    options.utcOffsetMinutes ?? 0,
  );
  return { raw, date: r.ok ? r.date : undefined };
}

/** Drops trailing NULs and blanks; a loop, because `/[\0\s]+$/` is quadratic on long blank runs. */
function trimEndNul(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '\0' || /\s/.test(s[end - 1]!))) end--;
  return s.slice(0, end);
}

/** Every field that could be read, without deciding whether the text is a receipt. */
function scanReceiptText(input: string, options: ReceiptTextOptions): Partial<ReceiptText> & { labels: number } {
  const s = trimEndNul(input);
  const v = scanLabels(s);
  const id = v.get('id');
  const stat = v.get('stat')?.toUpperCase();
  return {
    labels: v.size,
    id: id === '' ? undefined : id,
    sub: countOf(v.get('sub')),
    dlvrd: countOf(v.get('dlvrd')),
    submitDate: dateOf(v.get('submitDate'), options),
    doneDate: dateOf(v.get('doneDate'), options),
    stat: stat === '' ? undefined : stat,
    state: stat ? stateFromStat(stat) : undefined,
    err: v.get('err') || undefined,
    text: v.get('text'),
  };
}

/**
 * Parses receipt text (smpp34.md 15.2). Tolerates label case, `Text:`, missing or reordered
 * fields, extra blanks, 10/12/14-digit dates, any id form and a trailing NUL. Text without an
 * `id:` and a `stat:` is not a receipt. Never throws.
 */
export function parseReceiptText(text: string, options: ReceiptTextOptions = {}): ReceiptTextResult {
  if (text.replace(/\0/g, '').trim() === '') return { ok: false, reason: 'empty' };
  const f = scanReceiptText(text, options);
  if (f.labels === 0) return { ok: false, reason: 'not-receipt' };
  if (f.id === undefined) return { ok: false, reason: 'missing-id' };
  if (f.stat === undefined) return { ok: false, reason: 'missing-stat' };
  return {
    ok: true,
    receipt: {
      id: f.id,
      sub: f.sub,
      dlvrd: f.dlvrd,
      submitDate: f.submitDate,
      doneDate: f.doneDate,
      stat: f.stat,
      state: f.state,
      err: f.err,
      text: f.text,
    },
  };
}

/** What a receipt generator (our SMSC side, the simulator) supplies. */
export interface ReceiptTextInput {
  id: string;
  /** Messages submitted, default 1. */
  sub?: number;
  /** Messages delivered, default 1 for DELIVRD and 0 otherwise. */
  dlvrd?: number;
  submitDate: Date;
  doneDate: Date;
  stat: ReceiptStat;
  /** Network/SMSC error, 0–999; default 0. */
  err?: number | string;
  /** The message text; only its first 20 characters are written. */
  text?: string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function count3(name: string, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`receipt ${name} ${n} is not 0–999`);
  return pad(n, 3);
}

/** YYMMDDhhmm in the SMSC's clock (Appendix B: 10 digits). */
function date10(name: string, d: Date, utcOffsetMinutes: number): string {
  if (Number.isNaN(d.getTime())) throw new RangeError(`receipt ${name} is not a valid date`);
  const l = new Date(d.getTime() + utcOffsetMinutes * 60_000);
  return (
    pad(l.getUTCFullYear() % 100, 2) +
    pad(l.getUTCMonth() + 1, 2) +
    pad(l.getUTCDate(), 2) +
    pad(l.getUTCHours(), 2) +
    pad(l.getUTCMinutes(), 2)
  );
}

/**
 * Canonical receipt text as an SMSC should emit it (smpp34.md 15.2): lower-case labels in spec
 * order, 3-digit sub/dlvrd/err, 10-digit dates, 7-character stat, first 20 characters of text.
 * Throws RangeError for values that cannot be written in that form.
 */
/** The first 20 characters, counted as code points so a surrogate pair is never cut in half. */
function receiptText(text: string): string {
  // Twenty UTF-16 units hold at most twenty code points: most texts need no walk at all.
  if (text.length <= 20) return text;
  let end = 0;
  for (let points = 0; points < 20 && end < text.length; points++) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  return text.slice(0, end);
}

export function formatReceiptText(r: ReceiptTextInput, options: { utcOffsetMinutes?: number } = {}): string {
  // Blanks or a colon in an id would make it unreadable to label-scanning parsers, ours included.
  if (!/^[^\s:\0]+$/.test(r.id)) throw new RangeError(`receipt id ${JSON.stringify(r.id)} is empty or has blanks/colons`);
  if (!/^[A-Z]{7}$/.test(r.stat)) throw new RangeError(`receipt stat ${JSON.stringify(r.stat)} is not 7 letters`);
  const errText = typeof r.err === 'string' ? r.err : String(r.err ?? 0);
  if (!/^\d{1,3}$/.test(errText)) throw new RangeError(`receipt err ${JSON.stringify(r.err)} is not 0–999`);
  const offset = options.utcOffsetMinutes ?? 0;
  const sub = count3('sub', r.sub ?? 1);
  const dlvrd = count3('dlvrd', r.dlvrd ?? (r.stat === 'DELIVRD' ? 1 : 0));
  const text = receiptText(r.text ?? '');
  return (
    `id:${r.id} sub:${sub} dlvrd:${dlvrd} submit date:${date10('submit date', r.submitDate, offset)}` +
    ` done date:${date10('done date', r.doneDate, offset)} stat:${r.stat} err:${errText.padStart(3, '0')}` +
    ` text:${text}`
  );
}

/** The parts of a receipt deliver_sm/data_sm this module needs, independent of the PDU codec. */
export interface ReceiptSource {
  /** short_message (or message_payload) decoded as text. */
  shortMessageText?: string;
  /** TLV 0x001E, without or with its terminating NUL. */
  receipted_message_id?: string;
  /** TLV 0x0427. */
  message_state?: number;
  /** TLV 0x0423: octet 1 network type, octets 2–3 error code. */
  network_error_code?: Buffer;
}

export interface NetworkErrorCode {
  networkType: number;
  errorCode: number;
}

export interface DeliveryReceipt extends ReceiptText {
  /** Where the id came from: the receipted_message_id TLV or the text. */
  idSource: 'tlv' | 'text';
  networkError: NetworkErrorCode | undefined;
}

export type DeliveryReceiptResult = { ok: true; receipt: DeliveryReceipt } | { ok: false; reason: ReceiptFailure };

function networkErrorOf(buf: Buffer | undefined): NetworkErrorCode | undefined {
  // smpp34.md section 7, network_error_code: exactly 3 octets; any other length is ignored, not guessed at.
  if (buf === undefined || buf.length !== 3) return undefined;
  return { networkType: buf[0]!, errorCode: buf.readUInt16BE(1) };
}

/**
 * Combines receipt text with the receipt TLVs. Where both carry a value the TLV wins
 * (smpp34.md 15.2): receipted_message_id over `id:`, a known message_state over `stat:`, and
 * network_error_code over `err:`. Either source alone is enough if it yields an id and a state.
 */
export function receiptFromTlvs(src: ReceiptSource, options: ReceiptTextOptions = {}): DeliveryReceiptResult {
  const f = src.shortMessageText !== undefined ? scanReceiptText(src.shortMessageText, options) : undefined;
  const tlvId = src.receipted_message_id?.replace(/\0/g, '').trim();
  const tlvState = src.message_state !== undefined && isMessageState(src.message_state) ? src.message_state : undefined;
  const networkError = networkErrorOf(src.network_error_code);

  if (!tlvId && tlvState === undefined && (f === undefined || f.labels === 0)) {
    const blank = (src.shortMessageText ?? '').replace(/\0/g, '').trim() === '';
    return { ok: false, reason: blank ? 'empty' : 'not-receipt' };
  }
  const id = tlvId || f?.id;
  if (!id) return { ok: false, reason: 'missing-id' };

  let stat = f?.stat;
  let state = f?.state;
  if (tlvState !== undefined) {
    state = tlvState;
    // SCHEDULED/SKIPPED have no receipt word; keep the text's word, or name the state.
    stat = statFromState(tlvState) ?? stat ?? messageStateName(tlvState);
  }
  if (stat === undefined) return { ok: false, reason: 'missing-stat' };

  return {
    ok: true,
    receipt: {
      id,
      idSource: tlvId ? 'tlv' : 'text',
      sub: f?.sub,
      dlvrd: f?.dlvrd,
      submitDate: f?.submitDate,
      doneDate: f?.doneDate,
      stat,
      state,
      err: networkError !== undefined ? pad(networkError.errorCode, 3) : f?.err,
      text: f?.text,
      networkError,
    },
  };
}
