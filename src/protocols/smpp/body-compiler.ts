// Compiles each PDU's declarative field list into a straight-line decoder and encoder.
//
// Why generate code: an interpreter that stores fields by name (`pdu[field.name] = …`) makes V8
// fall back to dictionary-like keyed access, and decoding was several times slower than this. The
// generated source only ever contains the table's own field names and numbers, never input data.
import { PduReader } from '../shared/pdu-reader.ts';
import { PduWriter } from '../shared/pdu-writer.ts';
import * as fields from './field-codec.ts';
import type { FieldSpec } from './fields.ts';
import type { PduDefinition } from './pdu-table.ts';
import type { SmppTlvs } from './tlvs.ts';

export type BodyDecoder = (reader: PduReader, status: number, sequence: number) => Record<string, unknown> & { tlvs: SmppTlvs };
export type BodyEncoder = (pdu: Record<string, unknown>, status: number, sequence: number, tlvSize: number) => PduWriter;

/** Most PDUs carry no TLVs: they all share this one empty, frozen object instead of allocating their own. */
export const NO_TLVS: SmppTlvs = Object.freeze({});

const helpers = { ...fields, PduWriter, NO_TLVS };

function readExpression(field: FieldSpec): string {
  const name = JSON.stringify(field.name);
  switch (field.kind) {
    case 'u8':
    case 'u16':
    case 'u32':
      return `r.${field.kind}(${name})`;
    case 'cstring':
      return `r.cstring(${name}, ${field.max}, ${field.status ?? 'undefined'})`;
    case 'short_message':
      return `h.readShortMessage(r, ${field.status})`;
    case 'dest_addresses':
      return 'h.readDestAddresses(r)';
    case 'unsuccess_smes':
      return 'h.readUnsuccessSmes(r)';
  }
}

function emptyExpression(field: FieldSpec): string {
  switch (field.kind) {
    case 'cstring':
      return '""';
    case 'short_message':
      return 'h.EMPTY';
    case 'dest_addresses':
    case 'unsuccess_smes':
      return '[]';
    default:
      return '0';
  }
}

/** Reads the mandatory fields and returns the PDU object with one literal, so every PDU of a command shares a shape. */
export function compileDecoder(definition: PduDefinition, bodyMayEnd: boolean): BodyDecoder {
  const lines = definition.body.map((field, i) => {
    const read = readExpression(field);
    // Error responses usually omit the body (3.4 §3.3); node-smpp does so for every response.
    return `const f${i} = ${bodyMayEnd ? `r.atEnd ? ${emptyExpression(field)} : ${read}` : read};`;
  });
  const properties = definition.body.map((field, i) => `${field.name}: f${i}, `).join('');
  const source = `${lines.join('\n')}
return { command: ${JSON.stringify(definition.command)}, command_status: s, sequence_number: q, ${properties}tlvs: h.NO_TLVS };`;
  return new Function('h', `return function decode_${definition.command}(r, s, q) {\n${source}\n};`)(helpers) as BodyDecoder;
}

function defaultExpression(field: FieldSpec, i: number): string {
  const value = `p.${field.name}`;
  switch (field.kind) {
    case 'cstring':
      return `const f${i} = ${value} ?? "";`;
    case 'short_message':
      return `const f${i} = ${value} ?? h.EMPTY;`;
    case 'dest_addresses':
    case 'unsuccess_smes':
      return `const f${i} = ${value} ?? [];`;
    default:
      return `const f${i} = ${value} ?? 0;`;
  }
}

function sizeExpression(field: FieldSpec, i: number): string {
  switch (field.kind) {
    case 'u8':
      return '1';
    case 'u16':
      return '2';
    case 'u32':
      return '4';
    case 'cstring':
      return `h.cstringSize(f${i}, ${field.max}, ${JSON.stringify(field.name)})`;
    case 'short_message':
      return `h.shortMessageSize(f${i})`;
    case 'dest_addresses':
      return `h.destAddressesSize(f${i})`;
    case 'unsuccess_smes':
      return `h.unsuccessSmesSize(f${i})`;
  }
}

function writeStatement(field: FieldSpec, i: number): string {
  switch (field.kind) {
    case 'u8':
    case 'u16':
    case 'u32':
    case 'cstring':
      return `w.${field.kind}(f${i});`;
    case 'short_message':
      return `h.writeShortMessage(w, f${i});`;
    case 'dest_addresses':
      return `h.writeDestAddresses(w, f${i});`;
    case 'unsuccess_smes':
      return `h.writeUnsuccessSmes(w, f${i});`;
  }
}

/** Sizes and writes header and mandatory fields; the caller appends `tlvSize` octets of TLVs. */
export function compileEncoder(definition: PduDefinition): BodyEncoder {
  const { body } = definition;
  const source = `${body.map(defaultExpression).join('\n')}
const size = 16 + ${body.map(sizeExpression).join(' + ') || '0'} + t;
const w = new h.PduWriter(size);
w.u32(size); w.u32(${definition.id}); w.u32(s); w.u32(q);
${body.map(writeStatement).join('\n')}
return w;`;
  return new Function('h', `return function encode_${definition.command}(p, s, q, t) {\n${source}\n};`)(helpers) as BodyEncoder;
}
