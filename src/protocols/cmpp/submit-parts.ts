// Text → the SUBMIT bodies of its segments (TP_udhi + UDH, Pk_total/Pk_number), and recipient batches.
import type { UnencodablePolicy } from '../encoding/encoding-error.ts';
import { splitGbk } from '../encoding/gbk-split.ts';
import { splitText, type Segment, type SegmentLimits } from '../encoding/split.ts';
import { chooseCmppEncoding, msgFmtOf, type CmppTextEncoding } from './msg-fmt.ts';
import { CMPP_MAX_RECIPIENTS } from './pdu-table.ts';
import type { CmppBodyInputOf } from './pdu-types.ts';

export type CmppSubmitBody = CmppBodyInputOf<'submit'>;

/** Msg_Fmt 0 allows fewer than 160 octets alone (cmpp.md 5, Msg_Length); parts stay within 140. */
const ASCII_LIMITS: Readonly<SegmentLimits> = Object.freeze({ single: 159, udh8: 134, udh16: 133 });

export interface CmppSubmitPartsOptions {
  /** Default: ASCII when the text is ASCII, else UCS2 (see chooseCmppEncoding). */
  encoding?: CmppTextEncoding;
  /** Concatenation UDH with an 8- or 16-bit reference. Default 'udh8'. */
  concat?: 'udh8' | 'udh16';
  /** Shared by every part; required when the text needs several. Use a fresh one per message. */
  reference?: number;
  /** Per-part capacity in the encoding's unit (octets; UCS2: characters). */
  limits?: Partial<SegmentLimits>;
  unencodable?: UnencodablePolicy;
}

function segmentsOf(text: string, encoding: CmppTextEncoding, options: CmppSubmitPartsOptions): Segment[] {
  const concat = options.concat ?? 'udh8';
  const common = { concat, reference: options.reference, unencodable: options.unencodable };
  switch (encoding) {
    case 'gbk':
      return splitGbk(text, { ...common, limits: options.limits });
    case 'ucs2':
      return splitText(text, { ...common, encoding: 'ucs2', limits: options.limits });
    case 'ascii':
      return splitText(text, { ...common, encoding: 'ia5', limits: options.limits ? { ...ASCII_LIMITS, ...options.limits } : ASCII_LIMITS });
  }
}

/** What differs between the SUBMITs of one text's parts (cmpp.md 5, 10). */
export interface CmppSegmentFields {
  Pk_total: number;
  Pk_number: number;
  TP_udhi: 0 | 1;
  Msg_Fmt: number;
  Msg_Content: Buffer;
}

/**
 * The per-part fields of `text`'s SUBMITs, in order: a multi-part text gets TP_udhi = 1 and the UDH
 * at the start of Msg_Content, whose length counts it (cmpp.md 10). For a caller that builds each
 * body as one object literal (the connector's hot path); cmppSubmitParts merges them into a base.
 * Throws EncodingError.
 */
export function cmppSegments(text: string, options: CmppSubmitPartsOptions = {}): CmppSegmentFields[] {
  const encoding = options.encoding ?? chooseCmppEncoding(text);
  const Msg_Fmt = msgFmtOf(encoding);
  const segments = segmentsOf(text, encoding, options);
  const out: CmppSegmentFields[] = new Array(segments.length);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    out[i] = {
      Pk_total: segment.total,
      Pk_number: segment.seq,
      TP_udhi: segment.udh ? 1 : 0,
      Msg_Fmt,
      Msg_Content: segment.udh ? Buffer.concat([segment.udh, segment.payload]) : segment.payload,
    };
  }
  return out;
}

/**
 * One SUBMIT body per segment, in order: `base` (addresses, Service_Id, fees, …) with Pk_total,
 * Pk_number, TP_udhi, Msg_Fmt and Msg_Content set. A multi-part text gets TP_udhi = 1 and the UDH
 * at the start of Msg_Content, whose length counts it (cmpp.md 10). Throws EncodingError.
 */
export function cmppSubmitParts(text: string, base: CmppSubmitBody = {}, options: CmppSubmitPartsOptions = {}): CmppSubmitBody[] {
  return cmppSegments(text, options).map((segment) => ({ ...base, ...segment }));
}

/** Recipients in batches of at most `max` (default the DestUsr_tl limit), one group SUBMIT each. */
export function recipientBatches(recipients: readonly string[], max = CMPP_MAX_RECIPIENTS): string[][] {
  if (!Number.isInteger(max) || max < 1 || max > CMPP_MAX_RECIPIENTS) throw new RangeError(`batch size ${max} not in 1..${CMPP_MAX_RECIPIENTS}`);
  const batches: string[][] = [];
  for (let i = 0; i < recipients.length; i += max) batches.push(recipients.slice(i, i + max));
  return batches;
}
