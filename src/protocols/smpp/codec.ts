// Pure SMPP 3.4 encode/decode driven by the PDU table: Buffer ⇄ typed PDU, no I/O.
import { PduDecodeError, PduEncodeError } from '../shared/decode-error.ts';
import { PduReader } from '../shared/pdu-reader.ts';
import { PduWriter } from '../shared/pdu-writer.ts';
import { CommandStatus as S } from './command-status.ts';
import type { DestAddress, FieldSpec, UnsuccessSme } from './fields.ts';
import { PDU_BY_ID, SMPP_PDUS, isResponseId, type PduDefinition } from './pdu-table.ts';
import type { SmppPdu, SmppPduInput } from './pdu-types.ts';
import { TLV_BY_NAME, TLV_BY_TAG, type RawTlv, type SmppTlvs, type TlvKind } from './tlvs.ts';

export const HEADER_LENGTH = 16;

type Fields = Record<string, unknown>;

/**
 * Decodes one complete frame. Throws PduDecodeError carrying the command id, sequence number,
 * offset and the command_status the answer to this PDU should carry.
 */
export function decodePdu(frame: Buffer): SmppPdu {
  if (frame.length < HEADER_LENGTH) {
    throw new PduDecodeError('bad_length', `PDU shorter than the ${HEADER_LENGTH}-octet header`, {
      offset: 0,
      field: 'command_length',
      status: S.ESME_RINVCMDLEN,
    });
  }
  const length = frame.readUInt32BE(0);
  const commandId = frame.readUInt32BE(4);
  const sequenceNumber = frame.readUInt32BE(12);
  if (length !== frame.length) {
    throw new PduDecodeError('bad_length', `command_length ${length} but frame has ${frame.length} octets`, {
      commandId,
      sequenceNumber,
      offset: 0,
      field: 'command_length',
      status: S.ESME_RINVCMDLEN,
    });
  }
  const definition = PDU_BY_ID.get(commandId);
  if (!definition) {
    throw new PduDecodeError('unknown_command', 'unknown command_id', {
      commandId,
      sequenceNumber,
      offset: 4,
      field: 'command_id',
      status: S.ESME_RINVCMDID,
    });
  }
  const reader = new PduReader(frame, HEADER_LENGTH, length, { commandId, sequenceNumber });
  const { body } = definition;
  const values = new Array<unknown>(body.length);
  // Error responses usually omit the body (3.4 §4.1.2, §4.4.2; node-smpp does it for all of them).
  const bodyMayEnd = isResponseId(commandId);
  for (let i = 0; i < body.length; i++) {
    values[i] = bodyMayEnd && reader.atEnd ? emptyValue(body[i]) : readField(reader, body[i]);
  }
  const pdu = buildPdu(definition, frame.readUInt32BE(8), sequenceNumber, values);
  if (!reader.atEnd) pdu.tlvs = readTlvs(reader, pdu);
  return pdu as unknown as SmppPdu;
}

type PduBuilder = (command: string, status: number, sequence: number, values: unknown[]) => Fields;
const builders = new Map<string, PduBuilder>();

/**
 * Creates the PDU object with one object literal per command, so every PDU of a command shares
 * one hidden class: assigning the table's field names one by one made decoding several times slower.
 * The generated source only ever contains the table's own field names.
 */
function buildPdu(definition: PduDefinition, status: number, sequence: number, values: unknown[]): Fields {
  let build = builders.get(definition.command);
  if (!build) {
    const body = definition.body.map((field, i) => `${field.name}: v[${i}], `).join('');
    build = new Function('c', 's', 'q', 'v', `return { command: c, command_status: s, sequence_number: q, ${body}tlvs: {} };`) as PduBuilder;
    builders.set(definition.command, build);
  }
  return build(definition.command, status, sequence, values);
}

export function encodePdu(pdu: SmppPduInput): Buffer {
  const definition = SMPP_PDUS[pdu.command];
  if (!definition) throw new PduEncodeError('command', `unknown command ${String(pdu.command)}`);
  const fields = pdu as unknown as Fields;
  const status = pdu.command_status ?? 0;
  const tlvs = pdu.tlvs;
  const unknownTlvs = pdu.unknown_tlvs;
  const hasTlvs = (tlvs !== undefined && hasKeys(tlvs)) || (unknownTlvs !== undefined && unknownTlvs.length > 0);
  // An error response goes out header-only unless it has TLVs to report (3.4 §4.4.2).
  const withBody = !(status !== 0 && isResponseId(definition.id) && !hasTlvs);
  const body: readonly FieldSpec[] = withBody ? definition.body : [];
  const values = withBody ? fieldValues(pdu.command, body, fields) : [];

  let size = HEADER_LENGTH;
  for (let i = 0; i < body.length; i++) size += fieldSize(body[i], values[i]);
  if (withBody) size += tlvsSize(tlvs, unknownTlvs);

  const writer = new PduWriter(size);
  writer.u32(size);
  writer.u32(definition.id);
  writer.u32(status);
  writer.u32(pdu.sequence_number);
  for (let i = 0; i < body.length; i++) writeField(writer, body[i], values[i]);
  if (withBody) writeTlvs(writer, tlvs, unknownTlvs);
  return writer.buf;
}

type ValueReader = (pdu: Fields) => unknown[];
const valueReaders = new Map<string, ValueReader>();

/** The body's values in wire order, read with named property loads (see buildPdu for why). */
function fieldValues(command: string, body: readonly FieldSpec[], fields: Fields): unknown[] {
  let read = valueReaders.get(command);
  if (!read) {
    read = new Function('p', `return [${body.map((field) => `p.${field.name}`).join(', ')}];`) as ValueReader;
    valueReaders.set(command, read);
  }
  return read(fields);
}

function emptyValue(field: FieldSpec): unknown {
  switch (field.kind) {
    case 'cstring':
      return '';
    case 'short_message':
      return EMPTY;
    case 'dest_addresses':
    case 'unsuccess_smes':
      return [];
    default:
      return 0;
  }
}

const EMPTY = Buffer.alloc(0);

function readField(reader: PduReader, field: FieldSpec): unknown {
  switch (field.kind) {
    case 'u8':
      return reader.u8(field.name);
    case 'u16':
      return reader.u16(field.name);
    case 'u32':
      return reader.u32(field.name);
    case 'cstring':
      return reader.cstring(field.name, field.max!, field.status);
    case 'short_message': {
      const length = reader.u8('sm_length');
      return reader.octets(field.name, length, field.status);
    }
    case 'dest_addresses':
      return readDestAddresses(reader);
    case 'unsuccess_smes':
      return readUnsuccessSmes(reader);
  }
}

function readDestAddresses(reader: PduReader): DestAddress[] {
  const count = reader.u8('number_of_dests');
  // 3.4 §4.5.1: 1..254 destinations.
  if (count === 0 || count > 254) reader.fail('bad_value', `number_of_dests ${count} not in 1..254`, 'number_of_dests', S.ESME_RINVNUMDESTS);
  const list: DestAddress[] = [];
  for (let i = 0; i < count; i++) {
    const flag = reader.u8('dest_flag');
    if (flag === 1) {
      list.push({
        dest_flag: 1,
        dest_addr_ton: reader.u8('dest_addr_ton'),
        dest_addr_npi: reader.u8('dest_addr_npi'),
        destination_addr: reader.cstring('destination_addr', 21, S.ESME_RINVDSTADR),
      });
    } else if (flag === 2) {
      list.push({ dest_flag: 2, dl_name: reader.cstring('dl_name', 21, S.ESME_RINVDLNAME) });
    } else {
      reader.fail('bad_value', `dest_flag ${flag} is neither 1 nor 2`, 'dest_flag', S.ESME_RINVDESTFLAG);
    }
  }
  return list;
}

function readUnsuccessSmes(reader: PduReader): UnsuccessSme[] {
  const count = reader.u8('no_unsuccess');
  const list: UnsuccessSme[] = [];
  for (let i = 0; i < count; i++) {
    list.push({
      dest_addr_ton: reader.u8('dest_addr_ton'),
      dest_addr_npi: reader.u8('dest_addr_npi'),
      destination_addr: reader.cstring('destination_addr', 21),
      error_status_code: reader.u32('error_status_code'),
    });
  }
  return list;
}

function readTlvs(reader: PduReader, pdu: Fields): SmppTlvs {
  const tlvs: Record<string, unknown> = {};
  let unknown: RawTlv[] | undefined;
  while (!reader.atEnd) {
    // 3.4 §3.2.4: a malformed TLV area is ESME_RINVOPTPARSTREAM.
    if (reader.remaining < 4) reader.fail('bad_optional', 'TLV header truncated', 'tlv', S.ESME_RINVOPTPARSTREAM);
    const tag = reader.u16('tlv.tag');
    const length = reader.u16('tlv.length');
    if (length > reader.remaining) reader.fail('bad_optional', `TLV 0x${tag.toString(16)} length ${length} runs past the PDU`, 'tlv', S.ESME_RINVOPTPARSTREAM);
    const definition = TLV_BY_TAG.get(tag);
    if (!definition) {
      (unknown ??= []).push({ tag, value: reader.octets('tlv.value', length) });
      continue;
    }
    tlvs[definition.name] = readTlvValue(reader, definition.kind, length, definition.name);
  }
  if (unknown) pdu.unknown_tlvs = unknown;
  return tlvs as SmppTlvs;
}

function readTlvValue(reader: PduReader, kind: TlvKind, length: number, name: string): unknown {
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

function fieldSize(field: FieldSpec, value: unknown): number {
  switch (field.kind) {
    case 'u8':
      return 1;
    case 'u16':
      return 2;
    case 'u32':
      return 4;
    case 'cstring': {
      const length = value === undefined ? 0 : (value as string).length;
      if (length >= field.max!) throw new PduEncodeError(field.name, `longer than ${field.max! - 1} characters`);
      return length + 1;
    }
    case 'short_message': {
      const length = value === undefined ? 0 : (value as Uint8Array).length;
      // sm_length is one octet (3.4 §4.4.1); longer user data goes in message_payload.
      if (length > 254) throw new PduEncodeError(field.name, `${length} octets; at most 254 fit, use message_payload`);
      return 1 + length;
    }
    case 'dest_addresses': {
      const list = (value as DestAddress[] | undefined) ?? [];
      if (list.length === 0 || list.length > 254) throw new PduEncodeError('dest_addresses', `${list.length} destinations, 1..254 allowed`);
      let size = 1;
      for (const d of list) size += d.dest_flag === 1 ? 4 + d.destination_addr.length : 2 + d.dl_name.length;
      return size;
    }
    case 'unsuccess_smes': {
      let size = 1;
      for (const u of (value as UnsuccessSme[] | undefined) ?? []) size += 7 + u.destination_addr.length;
      return size;
    }
  }
}

function writeField(writer: PduWriter, field: FieldSpec, value: unknown): void {
  switch (field.kind) {
    case 'u8':
      return writer.u8((value as number | undefined) ?? 0);
    case 'u16':
      return writer.u16((value as number | undefined) ?? 0);
    case 'u32':
      return writer.u32((value as number | undefined) ?? 0);
    case 'cstring':
      return writer.cstring((value as string | undefined) ?? '');
    case 'short_message': {
      const data = (value as Uint8Array | undefined) ?? EMPTY;
      writer.u8(data.length);
      return writer.octets(data);
    }
    case 'dest_addresses': {
      const list = value as DestAddress[];
      writer.u8(list.length);
      for (const d of list) {
        writer.u8(d.dest_flag);
        if (d.dest_flag === 1) {
          writer.u8(d.dest_addr_ton);
          writer.u8(d.dest_addr_npi);
          writer.cstring(d.destination_addr);
        } else {
          writer.cstring(d.dl_name);
        }
      }
      return;
    }
    case 'unsuccess_smes': {
      const list = (value as UnsuccessSme[] | undefined) ?? [];
      writer.u8(list.length);
      for (const u of list) {
        writer.u8(u.dest_addr_ton);
        writer.u8(u.dest_addr_npi);
        writer.cstring(u.destination_addr);
        writer.u32(u.error_status_code);
      }
      return;
    }
  }
}

function tlvsSize(tlvs: SmppTlvs | undefined, unknown: RawTlv[] | undefined): number {
  let size = 0;
  if (tlvs) {
    for (const name in tlvs) {
      const value = (tlvs as Record<string, unknown>)[name];
      if (value === undefined) continue;
      const definition = TLV_BY_NAME.get(name);
      if (!definition) throw new PduEncodeError(`tlvs.${name}`, 'unknown TLV name (put it in unknown_tlvs with its tag)');
      size += 4 + tlvValueSize(definition.kind, value, name);
    }
  }
  if (unknown) for (const raw of unknown) size += 4 + raw.value.length;
  return size;
}

function tlvValueSize(kind: TlvKind, value: unknown, name: string): number {
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

function writeTlvs(writer: PduWriter, tlvs: SmppTlvs | undefined, unknown: RawTlv[] | undefined): void {
  if (tlvs) {
    for (const name in tlvs) {
      const value = (tlvs as Record<string, unknown>)[name];
      if (value === undefined) continue;
      const { tag, kind } = TLV_BY_NAME.get(name)!;
      const length = tlvValueSize(kind, value, name);
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

function hasKeys(object: object): boolean {
  for (const key in object) if ((object as Record<string, unknown>)[key] !== undefined) return true;
  return false;
}
