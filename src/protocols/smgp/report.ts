// The status report an SMGW puts in Deliver's MsgContent when IsReport = 1 (smgp.md 8): 122 octets
// of labelled fixed-width fields, with the original MsgID as 10 raw octets after "id:".
import { msgIdFromOctets, msgIdToOctets } from './msg-id.ts';

export const REPORT_LENGTH = 122;

export interface SmgpReport {
  /** MsgID of the Submit this report is about (20 hex digits). */
  id: string;
  sub: string;
  dlvrd: string;
  /** YYMMDDhhmm as written; see parseReportDate. */
  submitDate: string;
  doneDate: string;
  /** Final state as written, e.g. "DELIVRD", "UNDELIV", "MK:0005": kept raw. */
  stat: string;
  /** Three ASCII digits as written, e.g. "000". */
  err: string;
  /** The 20-octet text field: original length (3 ASCII digits) then the start of the content. */
  text: Buffer;
}

export type ReportFailure = 'too_short' | 'bad_label';

export type ReportParseResult = { ok: true; report: SmgpReport } | { ok: false; reason: ReportFailure; detail: string };

interface Field {
  label: string;
  name: keyof SmgpReport | null;
  width: number;
}

// smgp.md 8: label, then value width. Labels are compared case-insensitively (peers write
// "Submit date:" / "submit date:" and "Text:" / "text:", smgp.md 13.1); offsets never change.
const LAYOUT: readonly Field[] = [
  { label: 'id:', name: 'id', width: 10 },
  { label: ' sub:', name: 'sub', width: 3 },
  { label: ' dlvrd:', name: 'dlvrd', width: 3 },
  { label: ' submit date:', name: 'submitDate', width: 10 },
  { label: ' done date:', name: 'doneDate', width: 10 },
  { label: ' stat:', name: 'stat', width: 7 },
  { label: ' err:', name: 'err', width: 3 },
  { label: ' text:', name: 'text', width: 20 },
];

/** Offset where the err value ends: everything a report must carry for us to use it. */
const REQUIRED_LENGTH = 96;

/** ASCII text of a fixed field without the NUL or blank padding some peers leave. */
function ascii(content: Uint8Array, start: number, width: number): string {
  return Buffer.from(content.buffer, content.byteOffset + start, width).toString('latin1').replace(/[\0 ]+$/, '');
}

/**
 * Reads a report by fixed offsets. A text field cut short is accepted (peers trim trailing zeros);
 * a missing or misplaced label before it is not. Never throws.
 */
export function parseReport(content: Uint8Array): ReportParseResult {
  if (content.length < REQUIRED_LENGTH) return { ok: false, reason: 'too_short', detail: `${content.length} octets, a report needs ${REQUIRED_LENGTH}` };
  const values: Record<string, string | Buffer> = {};
  let offset = 0;
  for (const field of LAYOUT) {
    if (field.name === 'text' && content.length < offset + field.label.length) {
      values.text = Buffer.alloc(0); // trimmed away entirely
      break;
    }
    const labelText = Buffer.from(content.buffer, content.byteOffset + offset, field.label.length).toString('latin1');
    if (labelText.toLowerCase() !== field.label) return { ok: false, reason: 'bad_label', detail: `expected '${field.label.trim()}' at offset ${offset}` };
    offset += field.label.length;
    const width = Math.min(field.width, content.length - offset);
    if (field.name === 'id') values.id = msgIdFromOctets(content.subarray(offset, offset + width));
    else if (field.name === 'text') values.text = Buffer.from(content.subarray(offset, offset + width));
    else if (field.name) values[field.name] = ascii(content, offset, width);
    offset += field.width;
  }
  return { ok: true, report: values as unknown as SmgpReport };
}

/** Writes the 122-octet report, lower-case labels as most SMGWs do; values are cut or NUL-padded to width. */
export function formatReport(report: SmgpReport): Buffer {
  const out = Buffer.alloc(REPORT_LENGTH);
  let offset = 0;
  for (const field of LAYOUT) {
    offset += out.write(field.label, offset, 'latin1');
    if (field.name === 'id') msgIdToOctets(report.id).copy(out, offset);
    else if (field.name === 'text') report.text.copy(out, offset, 0, Math.min(report.text.length, field.width));
    else if (field.name) out.write(String(report[field.name]).slice(0, field.width), offset, 'latin1');
    offset += field.width;
  }
  return out;
}

/** The report's text field for a message: its length in 3 ASCII digits, then its first 17 octets. */
export function reportText(content: Uint8Array): Buffer {
  const out = Buffer.alloc(20);
  out.write(String(Math.min(content.length, 999)).padStart(3, '0'), 0, 'latin1');
  Buffer.from(content.buffer, content.byteOffset, Math.min(content.length, 17)).copy(out, 3);
  return out;
}
