// Reading and writing the optional-parameter area that follows a PDU's mandatory fields (3.4 §3.2.4).
import { PduEncodeError } from '../shared/decode-error.ts';
import type { PduReader } from '../shared/pdu-reader.ts';
import type { PduWriter } from '../shared/pdu-writer.ts';
import { CommandStatus as S } from './command-status.ts';
import { TLV_BY_NAME, TLV_BY_TAG, type RawTlv, type SmppTlvs, type TlvKind } from './tlvs.ts';

/** Reads TLVs up to the end of the PDU; unknown tags go to `unknown` in arrival order. */
export function readTlvs(reader: PduReader): { tlvs: SmppTlvs; unknown?: RawTlv[] } {
  const tlvs: Record<string, unknown> = {};
  let unknown: RawTlv[] | undefined;
  while (!reader.atEnd) {
    // A malformed TLV area is ESME_RINVOPTPARSTREAM (3.4 §5.1.3).
    if (reader.remaining < 4) reader.fail('bad_optional', 'TLV header truncated', 'tlv', S.ESME_RINVOPTPARSTREAM);
    const tag = reader.u16('tlv.tag');
    const length = reader.u16('tlv.length');
    if (length > reader.remaining) reader.fail('bad_optional', `TLV 0x${tag.toString(16)} length ${length} runs past the PDU`, 'tlv', S.ESME_RINVOPTPARSTREAM);
    const definition = TLV_BY_TAG.get(tag);
    if (definition) tlvs[definition.name] = readValue(reader, definition.kind, length, definition.name);
    else (unknown ??= []).push({ tag, value: reader.octets('tlv.value', length) });
  }
  return { tlvs: tlvs as SmppTlvs, unknown };
}

function readValue(reader: PduReader, kind: TlvKind, length: number, name: string): unknown {
  switch (kind) {
    case 'u8':
    case 'u16':
    case 'u32':
      // Peers disagree on some widths (source_telematics_id, ms_validity): decode by received length.
      if (length < 1 || length > 4) reader.fail('bad_optional', `integer TLV with length ${length}`, name, S.ESME_RINVPARLEN);
      return reader.uint(name, length);
    case 'cstring': {
      const raw = reader.octets(name, length);
      const nul = raw.indexOf(0);
      return raw.toString('latin1', 0, nul === -1 ? raw.length : nul);
    }
    case 'octets':
      return reader.octets(name, length);
    case 'flag':
      reader.octets(name, length);
      return true;
  }
}

export function tlvsSize(tlvs: SmppTlvs | undefined, unknown: RawTlv[] | undefined): number {
  let size = 0;
  if (tlvs) {
    for (const name in tlvs) {
      const value = (tlvs as Record<string, unknown>)[name];
      if (value === undefined) continue;
      const definition = TLV_BY_NAME.get(name);
      if (!definition) throw new PduEncodeError(`tlvs.${name}`, 'unknown TLV name (put it in unknown_tlvs with its tag)');
      size += 4 + valueSize(definition.kind, value, name);
    }
  }
  if (unknown) for (const raw of unknown) size += 4 + raw.value.length;
  return size;
}

function valueSize(kind: TlvKind, value: unknown, name: string): number {
  switch (kind) {
    case 'u8':
    case 'u16':
    case 'u32':
      return intWidth(kind, value as number);
    case 'cstring':
      return (value as string).length + 1;
    case 'octets':
      if ((value as Uint8Array).length > 0xffff) throw new PduEncodeError(`tlvs.${name}`, 'longer than 65535 octets');
      return (value as Uint8Array).length;
    case 'flag':
      return 0;
  }
}

/** The table's width, widened when a peer sent a larger value than the spec's width holds. */
function intWidth(kind: 'u8' | 'u16' | 'u32', value: number): number {
  const width = kind === 'u8' ? 1 : kind === 'u16' ? 2 : 4;
  if (value <= 0xff || width >= 4) return width;
  if (value <= 0xffff) return Math.max(width, 2);
  return 4;
}

export function writeTlvs(writer: PduWriter, tlvs: SmppTlvs | undefined, unknown: RawTlv[] | undefined): void {
  if (tlvs) {
    for (const name in tlvs) {
      const value = (tlvs as Record<string, unknown>)[name];
      if (value === undefined) continue;
      const { tag, kind } = TLV_BY_NAME.get(name)!;
      const length = valueSize(kind, value, name);
      writer.u16(tag);
      writer.u16(length);
      if (kind === 'cstring') writer.cstring(value as string);
      else if (kind === 'octets') writer.octets(value as Uint8Array);
      else if (kind !== 'flag') writer.uint(value as number, length);
    }
  }
  if (unknown) {
    for (const raw of unknown) {
      writer.u16(raw.tag);
      writer.u16(raw.value.length);
      writer.octets(raw.value);
    }
  }
}

export function hasTlvs(tlvs: SmppTlvs | undefined, unknown: RawTlv[] | undefined): boolean {
  if (unknown && unknown.length > 0) return true;
  if (tlvs) for (const key in tlvs) if ((tlvs as Record<string, unknown>)[key] !== undefined) return true;
  return false;
}
