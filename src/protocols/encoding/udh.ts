// User Data Header (GSM 03.40 §9.2.3.24): parse and build, with concatenation and port addressing IEs.
import { EncodingError } from './encoding-error.ts';

/** Information Element Identifiers we interpret (GSM 03.40 §9.2.3.24). */
export const Iei = {
  CONCAT_8BIT: 0x00,
  PORTS_8BIT: 0x04,
  PORTS_16BIT: 0x05,
  CONCAT_16BIT: 0x08,
} as const;

/** TP-UD holds 140 octets, so UDHL can never exceed 139. */
const MAX_UDHL = 139;

export interface InformationElement {
  iei: number;
  data: Buffer;
}

export interface ConcatInfo {
  /** Reference shared by all parts of one message: 0–255 (8-bit) or 0–65535 (16-bit). */
  ref: number;
  total: number;
  /** This part's number, 1-based. */
  seq: number;
  refBits: 8 | 16;
}

export interface PortInfo {
  destination: number;
  source: number;
  bits: 8 | 16;
}

export interface Udh {
  /** Every IE in order, the interpreted ones included, so unknown IEs can be forwarded untouched. */
  ies: InformationElement[];
  concat?: ConcatInfo;
  ports?: PortInfo;
  /** Octets the UDH occupies at the start of the user data, the UDHL octet included. */
  headerLength: number;
}

function malformed(message: string, offset: number): EncodingError {
  return new EncodingError('malformed_udh', `malformed UDH: ${message}`, { offset });
}

/**
 * Parse the UDH at the start of `data` (user data with UDHI set). Structural damage — UDHL past
 * the data, an IE running past UDHL — raises `malformed_udh`; every read is bounds-checked first.
 * A concatenation or port IE with impossible values is kept raw but not interpreted, as
 * GSM 03.40 §9.2.3.24.1 tells the receiver to ignore it.
 */
export function parseUdh(data: Uint8Array): Udh {
  if (data.length === 0) throw malformed('no UDHL octet', 0);
  const udhl = data[0];
  if (1 + udhl > data.length) throw malformed(`UDHL ${udhl} exceeds the ${data.length - 1} octets that follow`, 0);
  const end = 1 + udhl;
  const ies: InformationElement[] = [];
  const udh: Udh = { ies, headerLength: end };
  let offset = 1;
  while (offset < end) {
    if (offset + 2 > end) throw malformed('IE header cut off by UDHL', offset);
    const iei = data[offset];
    const length = data[offset + 1];
    const start = offset + 2;
    if (start + length > end) throw malformed(`IE 0x${iei.toString(16)} length ${length} overflows UDHL`, offset);
    const ieData = Buffer.from(data.subarray(start, start + length)); // copy: detached from the PDU
    ies.push({ iei, data: ieData });
    // A repeated IE: the last occurrence wins (GSM 03.40 §9.2.3.24).
    const concat = interpretConcat(iei, ieData);
    if (concat) udh.concat = concat;
    const ports = interpretPorts(iei, ieData);
    if (ports) udh.ports = ports;
    offset = start + length;
  }
  return udh;
}

function interpretConcat(iei: number, data: Buffer): ConcatInfo | undefined {
  let info: ConcatInfo;
  if (iei === Iei.CONCAT_8BIT && data.length === 3) {
    info = { ref: data[0], total: data[1], seq: data[2], refBits: 8 };
  } else if (iei === Iei.CONCAT_16BIT && data.length === 4) {
    info = { ref: data.readUInt16BE(0), total: data[2], seq: data[3], refBits: 16 };
  } else {
    return undefined;
  }
  // GSM 03.40 §9.2.3.24.1: a zero count, zero sequence or sequence past the count voids the IE.
  if (info.total === 0 || info.seq === 0 || info.seq > info.total) return undefined;
  return info;
}

function interpretPorts(iei: number, data: Buffer): PortInfo | undefined {
  if (iei === Iei.PORTS_8BIT && data.length === 2) return { destination: data[0], source: data[1], bits: 8 };
  if (iei === Iei.PORTS_16BIT && data.length === 4) {
    return { destination: data.readUInt16BE(0), source: data.readUInt16BE(2), bits: 16 };
  }
  return undefined;
}

export interface UdhSpec {
  concat?: ConcatInfo;
  ports?: PortInfo;
  /** Further IEs, written after concatenation and ports, in order. */
  ies?: InformationElement[];
}

function invalid(message: string, field: string, value: number): EncodingError {
  return new EncodingError('invalid_udh', message, { field, value });
}

function checkRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${field} must be an integer in ${min}..${max}, got ${value}`, field, value);
  }
}

/** The IE bytes for a concatenation header (8-bit ref: IEI 0x00; 16-bit ref: IEI 0x08). */
export function concatIe(concat: ConcatInfo): InformationElement {
  checkRange('total', concat.total, 1, 255);
  checkRange('seq', concat.seq, 1, concat.total);
  if (concat.refBits === 8) {
    checkRange('ref', concat.ref, 0, 0xff);
    return { iei: Iei.CONCAT_8BIT, data: Buffer.from([concat.ref, concat.total, concat.seq]) };
  }
  checkRange('ref', concat.ref, 0, 0xffff);
  return { iei: Iei.CONCAT_16BIT, data: Buffer.from([concat.ref >> 8, concat.ref & 0xff, concat.total, concat.seq]) };
}

/** The IE bytes for application port addressing (IEI 0x04 8-bit, 0x05 16-bit). */
export function portsIe(ports: PortInfo): InformationElement {
  const max = ports.bits === 8 ? 0xff : 0xffff;
  checkRange('destination port', ports.destination, 0, max);
  checkRange('source port', ports.source, 0, max);
  if (ports.bits === 8) return { iei: Iei.PORTS_8BIT, data: Buffer.from([ports.destination, ports.source]) };
  const data = Buffer.alloc(4);
  data.writeUInt16BE(ports.destination, 0);
  data.writeUInt16BE(ports.source, 2);
  return { iei: Iei.PORTS_16BIT, data };
}

/** Build a UDH, UDHL octet first. E.g. 8-bit concatenation → `05 00 03 RR TT SS`. */
export function buildUdh(spec: UdhSpec): Buffer {
  const ies: InformationElement[] = [];
  if (spec.concat) ies.push(concatIe(spec.concat));
  if (spec.ports) ies.push(portsIe(spec.ports));
  if (spec.ies) ies.push(...spec.ies);
  let udhl = 0;
  for (const ie of ies) {
    checkRange('iei', ie.iei, 0, 0xff);
    checkRange('IE length', ie.data.length, 0, 0xff);
    udhl += 2 + ie.data.length;
  }
  if (udhl > MAX_UDHL) throw invalid(`UDH of ${udhl} octets cannot fit in 140 octets of user data`, 'udhl', udhl);
  const out = Buffer.allocUnsafe(1 + udhl);
  out[0] = udhl;
  let offset = 1;
  for (const ie of ies) {
    out[offset] = ie.iei;
    out[offset + 1] = ie.data.length;
    out.set(ie.data, offset + 2);
    offset += 2 + ie.data.length;
  }
  return out;
}

/** Split user data with UDHI set into its header and the payload that follows it. */
export function splitUserData(data: Uint8Array): { udh: Udh; payload: Buffer } {
  const udh = parseUdh(data);
  return { udh, payload: Buffer.from(data.subarray(udh.headerLength)) };
}
