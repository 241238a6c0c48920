// Splitting long text into SMS segments (UDH, SAR or message_payload) and counting segments for a UI.
import { EncodingError, unencodable, type UnencodablePolicy } from './encoding-error.ts';
import { chooseEncoding, dataCodingFor, encodeAs, type TextEncoding } from './data-coding.ts';
import { gsm7Cost } from './gsm7.ts';
import { charWidthAt } from './ucs2.ts';
import { buildUdh } from './udh.ts';

/**
 * How a long text is carried: a concatenation UDH with an 8- or 16-bit reference, SAR TLVs (the
 * SMPP layer adds them; segment sizes as for udh8), one message_payload TLV, or not at all.
 */
export type ConcatMode = 'udh8' | 'udh16' | 'sar' | 'payload' | 'none';

/** Capacities in the encoding's unit: septets (GSM), octets (IA5, Latin-1), 16-bit units (UCS-2). */
export interface SegmentLimits {
  single: number;
  udh8: number;
  udh16: number;
}

/**
 * TP-UD is 140 octets (SMPP 3.4 ref. §17.4): 160/140/70 alone; after a 6-octet UDH 153/134/67;
 * after a 7-octet UDH 152/133/66. Override per connection, e.g. an SMSC that budgets Latin-1 as GSM.
 */
export const DEFAULT_SEGMENT_LIMITS: Readonly<Record<TextEncoding, Readonly<SegmentLimits>>> = {
  gsm7: { single: 160, udh8: 153, udh16: 152 },
  ia5: { single: 140, udh8: 134, udh16: 133 },
  latin1: { single: 140, udh8: 134, udh16: 133 },
  ucs2: { single: 70, udh8: 67, udh16: 66 },
};

/** The concatenation count is one octet (GSM 03.40 §9.2.3.24.1; sar_total_segments is Int1). */
export const MAX_SEGMENTS = 255;
/** message_payload is a TLV whose length field is Int2 (SMPP 3.4 §5.3.2.32). */
export const MAX_PAYLOAD_OCTETS = 0xffff;

export interface SplitOptions {
  encoding: TextEncoding;
  concat: ConcatMode;
  /** Shared by all parts; use a fresh one per message. Required when the text needs several parts. */
  reference?: number;
  limits?: Partial<SegmentLimits>;
  unencodable?: UnencodablePolicy;
}

export interface Segment {
  seq: number;
  total: number;
  /** The slice of the original text this segment carries. */
  text: string;
  /** `text` encoded; short_message is `udh` followed by this. */
  payload: Buffer;
  /** Present for multi-part udh8/udh16 only. */
  udh?: Buffer;
  /** The concatenation reference, for multi-part udh8/udh16/sar (sar_msg_ref_num). */
  reference?: number;
}

/** Limits already checked, per overrides object and encoding: connectors pass the same object for every message. */
const resolved = new WeakMap<Partial<SegmentLimits>, Map<TextEncoding, Readonly<SegmentLimits>>>();

function resolveLimits(encoding: TextEncoding, overrides?: Partial<SegmentLimits>): Readonly<SegmentLimits> {
  if (overrides === undefined) return DEFAULT_SEGMENT_LIMITS[encoding];
  let byEncoding = resolved.get(overrides);
  const known = byEncoding?.get(encoding);
  if (known) return known;
  const limits = checkLimits({ ...DEFAULT_SEGMENT_LIMITS[encoding], ...overrides });
  // Only a frozen object is remembered: a mutable one could hold other limits next time.
  if (Object.isFrozen(overrides)) {
    if (!byEncoding) resolved.set(overrides, (byEncoding = new Map()));
    byEncoding.set(encoding, Object.freeze(limits));
  }
  return limits;
}

function checkLimits(limits: SegmentLimits): SegmentLimits {
  for (const [name, value] of Object.entries(limits)) {
    // At least 2, so a GSM extension character or a surrogate pair always fits in a segment.
    if (!Number.isInteger(value) || value < 2) {
      throw new EncodingError('invalid_option', `segment limit ${name} must be an integer ≥ 2, got ${value}`, {
        [name]: value,
      });
    }
  }
  return limits;
}

/** Units one character at `index` costs, or 0 when the encoding cannot carry it. */
function costAt(text: string, index: number, encoding: TextEncoding, width: number): number {
  const unit = text.charCodeAt(index);
  switch (encoding) {
    case 'gsm7':
      return gsm7Cost(unit);
    case 'ia5':
      return unit < 0x80 ? 1 : 0;
    case 'latin1':
      return unit <= 0xff ? 1 : 0;
    case 'ucs2':
      return width;
  }
}

interface Layout {
  /** End index (exclusive) of each part in the text. */
  ends: number[];
  totalUnits: number;
  unitsInLast: number;
}

/**
 * Cut points for parts of at most `perPart` units, never inside a GSM escape pair or a UTF-16
 * surrogate pair (both are one character here). Stops with `too_many_segments` past `maxParts`.
 */
function layout(text: string, encoding: TextEncoding, perPart: number, replace: boolean, maxParts: number): Layout {
  const ends: number[] = [];
  let used = 0;
  let totalUnits = 0;
  for (let i = 0; i < text.length; ) {
    const width = charWidthAt(text, i);
    let cost = costAt(text, i, encoding, width);
    if (cost === 0) {
      if (!replace) throw unencodable(encoding, text, i);
      cost = 1; // written as '?'
    }
    if (used + cost > perPart) {
      ends.push(i);
      if (ends.length >= maxParts) {
        throw new EncodingError('too_many_segments', `text needs more than ${maxParts} segments`, {
          maxSegments: maxParts,
          perSegment: perPart,
        });
      }
      used = 0;
    }
    used += cost;
    totalUnits += cost;
    i += width;
  }
  ends.push(text.length);
  return { ends, totalUnits, unitsInLast: used };
}

function checkReference(concat: ConcatMode, reference: number | undefined): number {
  const max = concat === 'udh8' ? 0xff : 0xffff; // sar_msg_ref_num is Int2, like the 16-bit IE
  if (reference === undefined || !Number.isInteger(reference) || reference < 0 || reference > max) {
    throw new EncodingError('invalid_reference', `${concat} needs a reference in 0..${max}, got ${reference}`, {
      concat,
      reference: String(reference),
    });
  }
  return reference;
}

/** Characters that may cost other than one unit: GSM escapes (two septets) and halves of UTF-16 surrogate pairs. */
const NOT_ONE_UNIT = /[\f^{}\\[~\]|€\uD800-\uDFFF]/;

/** countSegments for a text of `units` one-unit characters. */
function countUniform(units: number, encoding: TextEncoding, single: number, perPart: number): SegmentCount {
  const dataCoding = dataCodingFor(encoding);
  if (units <= single) return { encoding, dataCoding, unitsUsed: units, segments: 1, unitsPerSegment: single, charsRemainingInSegment: single - units };
  const segments = Math.ceil(units / perPart);
  return { encoding, dataCoding, unitsUsed: units, segments, unitsPerSegment: perPart, charsRemainingInSegment: perPart - (units - (segments - 1) * perPart) };
}

/** Split `text` into encoded segments ready for short_message (or message_payload). */
export function splitText(text: string, options: SplitOptions): Segment[] {
  const { encoding, concat } = options;
  const replace = options.unencodable === 'replace';
  const limits = resolveLimits(encoding, options.limits);
  // A plain call rather than a closure: tsx names every closure it creates (Object.defineProperty), per message.
  const encodeOptions = { unencodable: options.unencodable };

  if (concat === 'payload') {
    const payload = encodeAs(text, encoding, encodeOptions);
    if (payload.length > MAX_PAYLOAD_OCTETS) {
      throw new EncodingError('too_long', `message_payload of ${payload.length} octets exceeds ${MAX_PAYLOAD_OCTETS}`, {
        octets: payload.length,
        limit: MAX_PAYLOAD_OCTETS,
      });
    }
    return [{ seq: 1, total: 1, text, payload }];
  }

  const whole = layout(text, encoding, limits.single, replace, Number.POSITIVE_INFINITY);
  if (whole.totalUnits <= limits.single) return [{ seq: 1, total: 1, text, payload: encodeAs(text, encoding, encodeOptions) }];
  if (concat === 'none') {
    throw new EncodingError('too_long', `text of ${whole.totalUnits} units exceeds one ${encoding} message`, {
      units: whole.totalUnits,
      limit: limits.single,
    });
  }

  const perPart = concat === 'udh16' ? limits.udh16 : limits.udh8;
  const reference = checkReference(concat, options.reference);
  const { ends } = layout(text, encoding, perPart, replace, MAX_SEGMENTS);
  const total = ends.length;
  const segments: Segment[] = [];
  let start = 0;
  for (let i = 0; i < total; i++) {
    const slice = text.slice(start, ends[i]);
    const segment: Segment = { seq: i + 1, total, text: slice, payload: encodeAs(slice, encoding, encodeOptions), reference };
    if (concat !== 'sar') {
      const refBits = concat === 'udh16' ? 16 : 8;
      segment.udh = buildUdh({ concat: { ref: reference, total, seq: i + 1, refBits } });
    }
    segments.push(segment);
    start = ends[i];
  }
  return segments;
}

export interface CountOptions {
  /** Which header the parts would carry; 'sar' sizes like 'udh8'. Default 'udh8'. */
  concat?: 'udh8' | 'udh16' | 'sar';
  limits?: Partial<SegmentLimits>;
  /** When no encoding is given, the alphabets `chooseEncoding` may pick from. */
  allowed?: readonly TextEncoding[];
}

export interface SegmentCount {
  encoding: TextEncoding;
  dataCoding: number;
  segments: number;
  /** Units the whole text takes (septets, octets or 16-bit units). */
  unitsUsed: number;
  /** Capacity of each segment at this length: the single limit, or the per-part limit. */
  unitsPerSegment: number;
  /** Units still free in the last segment before another one is needed. */
  charsRemainingInSegment: number;
}

/**
 * Count segments as `splitText` would cut them, for a live counter. Never fails for length: a text
 * over 255 segments reports its true count and the caller shows it as too long.
 */
export function countSegments(text: string, encoding?: TextEncoding, options: CountOptions = {}): SegmentCount {
  const chosen = encoding ?? chooseEncoding(text, { allowed: options.allowed }).encoding;
  const limits = resolveLimits(chosen, options.limits);
  const perPart = options.concat === 'udh16' ? limits.udh16 : limits.udh8;
  // Intake counts every message: when the encoding was chosen for the text (so every character fits)
  // and each character is one unit, the count is arithmetic, without walking the text per character.
  if (encoding === undefined && !NOT_ONE_UNIT.test(text)) return countUniform(text.length, chosen, limits.single, perPart);
  const whole = layout(text, chosen, limits.single, false, Number.POSITIVE_INFINITY);
  const base = { encoding: chosen, dataCoding: dataCodingFor(chosen), unitsUsed: whole.totalUnits };
  if (whole.totalUnits <= limits.single) {
    return {
      ...base,
      segments: 1,
      unitsPerSegment: limits.single,
      charsRemainingInSegment: limits.single - whole.totalUnits,
    };
  }
  const parts = layout(text, chosen, perPart, false, Number.POSITIVE_INFINITY);
  return {
    ...base,
    segments: parts.ends.length,
    unitsPerSegment: perPart,
    charsRemainingInSegment: perPart - parts.unitsInLast,
  };
}
