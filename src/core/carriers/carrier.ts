// The carriers a Chinese mobile number can belong to, and the shape of one number-segment (号段) row.

/** China Mobile, China Unicom, China Telecom, China Broadnet (domain.md §1.2). */
export const CARRIERS = ['cmcc', 'cucc', 'ctcc', 'cbn'] as const;
export type Carrier = (typeof CARRIERS)[number];

/** mobile and data-card (上网卡) numbers have 11 digits; IoT (物联网) numbers have 13 (domain.md §1.1). */
export const SEGMENT_KINDS = ['mobile', 'data', 'iot'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export interface CarrierSegment {
  /** National digits without +86: 3 to 5 of them, e.g. "138", "1349", "17400". */
  prefix: string;
  /** The network that carries the number; for an MVNO (虚拟运营商) number, its host network. */
  carrier: Carrier;
  /** true for MVNO segments (162/165/167/170x/171). */
  virtual: boolean;
  kind: SegmentKind;
}

export const isCarrier = (value: unknown): value is Carrier => (CARRIERS as readonly unknown[]).includes(value);

/** National digits of a mobile segment prefix: starts with 1, 3 to 5 digits. */
export const PREFIX_PATTERN = /^1\d{2,4}$/;

/** The national number of a Chinese E.164 mobile/IoT number (11 or 13 digits starting with 1), else null. */
export function chineseNational(e164: string): string | null {
  const m = /^\+86(1\d{10}(?:\d{2})?)$/.exec(e164);
  return m ? m[1] : null;
}

/** Digits a number of this kind has after +86. */
export const digitsOf = (kind: SegmentKind): number => (kind === 'iot' ? 13 : 11);
