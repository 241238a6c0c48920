// The trailing optional-parameter area of a fixed-width PDU: Tag u16, Length u16, Value, to the end.
import { PduEncodeError } from './decode-error.ts';
import { decodeFail, readText, writeText } from './fixed-field-io.ts';
import type { RawTlv, TlvDefinition, TlvDefinitions } from './fixed-fields.ts';

const TLV_HEADER = 4;

/** A TLV area's definitions indexed both ways, built once per layout. */
export class TlvTable {
  private readonly byTag = new Map<number, { name: string; definition: TlvDefinition }>();
  private readonly byName = new Map<string, TlvDefinition>();

  constructor(
    readonly field: string,
    definitions: TlvDefinitions,
  ) {
    for (const [name, definition] of Object.entries(definitions)) {
      if (name === 'unknown') throw new Error(`TLV area ${field}: 'unknown' is reserved for undefined tags`);
      if (this.byTag.has(definition.tag)) throw new Error(`TLV area ${field}: tag 0x${definition.tag.toString(16)} defined twice`);
      this.byTag.set(definition.tag, { name, definition });
      this.byName.set(name, definition);
    }
  }

  /** Reads TLVs from `start` to `end`; a later copy of a known tag replaces an earlier one. */
  read(buf: Buffer, start: number, end: number, commandId?: number, sequenceNumber?: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let o = start;
    while (o < end) {
      if (end - o < TLV_HEADER) decodeFail('bad_optional', `${end - o} octet(s) left, a TLV header needs 4`, this.field, o, commandId, sequenceNumber);
      const tag = (buf[o] << 8) | buf[o + 1];
      const length = (buf[o + 2] << 8) | buf[o + 3];
      const valueStart = o + TLV_HEADER;
      if (valueStart + length > end) {
        decodeFail('bad_optional', `TLV 0x${tag.toString(16)} length ${length} runs past the end`, this.field, o, commandId, sequenceNumber);
      }
      const known = this.byTag.get(tag);
      if (known) {
        out[known.name] = readValue(known.definition, buf, valueStart, length, known.name, commandId, sequenceNumber);
      } else {
        const unknown = (out.unknown ??= []) as RawTlv[];
        unknown.push({ tag, value: buf.subarray(valueStart, valueStart + length) });
      }
      o = valueStart + length;
    }
    return out;
  }

  /** Octets the TLVs in `values` take; also validates every entry so write() cannot fail half-way. */
  size(values: unknown): number {
    if (values === undefined || values === null) return 0;
    if (typeof values !== 'object') throw new PduEncodeError(this.field, `expected an object of TLVs, got ${typeof values}`);
    let size = 0;
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) continue;
      if (name === 'unknown') {
        size += this.unknownSize(value);
        continue;
      }
      const definition = this.byName.get(name);
      if (!definition) throw new PduEncodeError(`${this.field}.${name}`, 'not a TLV of this area');
      size += TLV_HEADER + this.checkLength(name, valueLength(definition, value, `${this.field}.${name}`));
    }
    return size;
  }

  /** Writes in the object's key order (decode order after a decode), unknown ones at the `unknown` key. */
  write(buf: Buffer, offset: number, values: unknown): number {
    if (values === undefined || values === null) return offset;
    let o = offset;
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      if (value === undefined) continue;
      if (name === 'unknown') {
        for (const raw of value as RawTlv[]) {
          writeTlvHeader(buf, o, raw.tag, raw.value.length);
          buf.set(raw.value, o + TLV_HEADER);
          o += TLV_HEADER + raw.value.length;
        }
        continue;
      }
      const definition = this.byName.get(name) as TlvDefinition;
      const field = `${this.field}.${name}`;
      const length = valueLength(definition, value, field);
      writeTlvHeader(buf, o, definition.tag, length);
      writeValue(definition, buf, o + TLV_HEADER, value, length, field);
      o += TLV_HEADER + length;
    }
    return o;
  }

  private unknownSize(list: unknown): number {
    const field = `${this.field}.unknown`;
    if (!Array.isArray(list)) throw new PduEncodeError(field, 'expected an array of { tag, value }');
    let size = 0;
    for (const raw of list as RawTlv[]) {
      if (!Number.isInteger(raw?.tag) || raw.tag < 0 || raw.tag > 0xffff) throw new PduEncodeError(field, `tag ${String(raw?.tag)} is not in 0..65535`);
      if (!(raw.value instanceof Uint8Array)) throw new PduEncodeError(field, `value of tag 0x${raw.tag.toString(16)} is not octets`);
      size += TLV_HEADER + this.checkLength('unknown', raw.value.length);
    }
    return size;
  }

  private checkLength(name: string, length: number): number {
    if (length > 0xffff) throw new PduEncodeError(`${this.field}.${name}`, `${length} octets, a TLV holds at most 65535`);
    return length;
  }
}

function readValue(definition: TlvDefinition, buf: Buffer, start: number, length: number, name: string, commandId?: number, sequenceNumber?: number): unknown {
  switch (definition.type) {
    case 'uint': {
      if (length < 1 || length > 4) decodeFail('bad_optional', `integer TLV of ${length} octets`, name, start, commandId, sequenceNumber);
      let value = 0;
      for (let i = 0; i < length; i++) value = value * 256 + buf[start + i];
      return value;
    }
    case 'text':
      return readText(buf, start, length);
    case 'octets':
      return buf.subarray(start, start + length);
  }
}

function valueLength(definition: TlvDefinition, value: unknown, field: string): number {
  switch (definition.type) {
    case 'uint': {
      const width = definition.width ?? 1;
      const max = width === 4 ? 0xffffffff : 2 ** (8 * width) - 1;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw new PduEncodeError(field, `${String(value)} is not an integer in 0..${max}`);
      return width;
    }
    case 'text':
      if (typeof value !== 'string') throw new PduEncodeError(field, `expected a string, got ${typeof value}`);
      if (definition.width !== undefined && value.length > definition.width) throw new PduEncodeError(field, `${value.length} characters, the TLV holds ${definition.width}`);
      return definition.width ?? value.length;
    case 'octets':
      if (!(value instanceof Uint8Array)) throw new PduEncodeError(field, `expected octets, got ${typeof value}`);
      return value.length;
  }
}

function writeValue(definition: TlvDefinition, buf: Buffer, at: number, value: unknown, length: number, field: string): void {
  if (definition.type === 'uint') buf.writeUIntBE(value as number, at, length);
  else if (definition.type === 'text') writeText(buf, at, value, length, field);
  else buf.set(value as Uint8Array, at);
}

function writeTlvHeader(buf: Buffer, offset: number, tag: number, length: number): void {
  buf[offset] = tag >>> 8;
  buf[offset + 1] = tag;
  buf[offset + 2] = length >>> 8;
  buf[offset + 3] = length;
}
