// Reading, sizing and writing each kind of mandatory field; the body compiler calls these.
import { PduEncodeError } from '../shared/decode-error.ts';
import type { PduReader } from '../shared/pdu-reader.ts';
import type { PduWriter } from '../shared/pdu-writer.ts';
import { CommandStatus as S } from './command-status.ts';
import type { DestAddress, UnsuccessSme } from './fields.ts';

export const EMPTY = Buffer.alloc(0);

/** sm_length (Int1) then that many octets (3.4 §5.2.21). */
export function readShortMessage(reader: PduReader, status: number): Buffer {
  return reader.octets('short_message', reader.u8('sm_length'), status);
}

export function readDestAddresses(reader: PduReader): DestAddress[] {
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

export function readUnsuccessSmes(reader: PduReader): UnsuccessSme[] {
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

/** Octets a C-string takes, NUL included; refuses one that does not fit its field. */
export function cstringSize(value: string, max: number, name: string): number {
  if (value.length >= max) throw new PduEncodeError(name, `longer than ${max - 1} characters`);
  return value.length + 1;
}

export function shortMessageSize(value: Uint8Array): number {
  // sm_length is one octet (3.4 §5.2.21); longer user data goes in message_payload.
  if (value.length > 254) throw new PduEncodeError('short_message', `${value.length} octets; at most 254 fit, use message_payload`);
  return 1 + value.length;
}

export function writeShortMessage(writer: PduWriter, value: Uint8Array): void {
  writer.u8(value.length);
  writer.octets(value);
}

export function destAddressesSize(list: DestAddress[]): number {
  if (list.length === 0 || list.length > 254) throw new PduEncodeError('dest_addresses', `${list.length} destinations, 1..254 allowed`);
  let size = 1;
  for (const d of list) size += d.dest_flag === 1 ? 3 + cstringSize(d.destination_addr, 21, 'destination_addr') : 1 + cstringSize(d.dl_name, 21, 'dl_name');
  return size;
}

export function writeDestAddresses(writer: PduWriter, list: DestAddress[]): void {
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
}

export function unsuccessSmesSize(list: UnsuccessSme[]): number {
  let size = 1;
  for (const u of list) size += 6 + cstringSize(u.destination_addr, 21, 'destination_addr');
  return size;
}

export function writeUnsuccessSmes(writer: PduWriter, list: UnsuccessSme[]): void {
  writer.u8(list.length);
  for (const u of list) {
    writer.u8(u.dest_addr_ton);
    writer.u8(u.dest_addr_npi);
    writer.cstring(u.destination_addr);
    writer.u32(u.error_status_code);
  }
}
