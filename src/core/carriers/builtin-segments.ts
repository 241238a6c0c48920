// The built-in number-segment table (号段), shipped as data; operators replace or extend it through the API.
// Source: domain.md §1.2 (VincentSit README-CN cross-checked with libphonenumber zh/86.txt).
import type { Carrier, CarrierSegment, SegmentKind } from './carrier.ts';

/** Bump when the data below changes, so operators can tell which built-in table a node runs. */
export const BUILTIN_SEGMENTS_DATE = '2024-05-01';

const rows = (carrier: Carrier, kind: SegmentKind, virtual: boolean, prefixes: string): CarrierSegment[] =>
  prefixes.split(/\s+/).filter(Boolean).map((prefix) => ({ prefix, carrier, virtual, kind }));

export const BUILTIN_SEGMENTS: readonly CarrierSegment[] = [
  // 134 is China Mobile except 1349, which is Telecom: the longer prefix wins.
  ...rows('cmcc', 'mobile', false, '134 135 136 137 138 139 150 151 152 157 158 159 172 178 182 183 184 187 188 195 197 198'),
  ...rows('cucc', 'mobile', false, '130 131 132 155 156 166 175 176 185 186 196'),
  // 174 only 17400–17405 is Telecom; 17406–17412 (emergency) and 1749 (Inmarsat) are left unmapped.
  ...rows('ctcc', 'mobile', false, '133 1349 153 173 17400 17401 17402 17403 17404 17405 177 180 181 189 190 191 193 199'),
  ...rows('cbn', 'mobile', false, '192'),
  // MVNO (虚拟运营商) numbers ride their host network, so routing uses the host carrier.
  ...rows('cmcc', 'mobile', true, '165 1703 1705 1706'),
  ...rows('cucc', 'mobile', true, '167 171 1704 1707 1708 1709'),
  ...rows('ctcc', 'mobile', true, '162 1700 1701 1702'),
  // Data cards (上网卡) receive SMS.
  ...rows('cmcc', 'data', false, '147'),
  ...rows('cucc', 'data', false, '145'),
  ...rows('ctcc', 'data', false, '149'),
  // IoT numbers have 13 digits: 1440X, 1441X, 148XX (Mobile), 146XX (Unicom), 1410X (Telecom).
  ...rows('cmcc', 'iot', false, '1440 1441 148'),
  ...rows('cucc', 'iot', false, '146'),
  ...rows('ctcc', 'iot', false, '1410'),
];
