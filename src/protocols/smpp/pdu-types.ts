// Typed SMPP PDUs derived from the declarative table: spec field names, one type per command.
import type { BodyOf } from './fields.ts';
import type { SMPP_PDUS, SmppCommand } from './pdu-table.ts';
import type { RawTlv, SmppTlvs } from './tlvs.ts';

export type { SmppCommand } from './pdu-table.ts';

type BodyFields<C extends SmppCommand> = BodyOf<(typeof SMPP_PDUS)[C]['body']>;

interface Envelope<C extends SmppCommand> {
  command: C;
  command_status: number;
  sequence_number: number;
  tlvs: SmppTlvs;
  /** TLVs with tags this codec does not know, in arrival order. */
  unknown_tlvs?: RawTlv[];
}

/** A decoded PDU of one command: header, every mandatory field, and its TLVs. */
export type SmppPduOf<C extends SmppCommand> = Envelope<C> & BodyFields<C>;

/** Any decoded SMPP PDU, discriminated by `command`. */
export type SmppPdu = { [C in SmppCommand]: SmppPduOf<C> }[SmppCommand];

/** What encode() accepts: fields left out are sent as 0 / empty. */
export type SmppPduInputOf<C extends SmppCommand> = {
  command: C;
  sequence_number: number;
  command_status?: number;
  tlvs?: SmppTlvs;
  unknown_tlvs?: RawTlv[];
} & Partial<BodyFields<C>>;

export type SmppPduInput = { [C in SmppCommand]: SmppPduInputOf<C> }[SmppCommand];

/** The body of a command without its envelope, e.g. the parameters of a submit_sm. */
export type SmppBody<C extends SmppCommand> = Partial<BodyFields<C>> & { tlvs?: SmppTlvs; unknown_tlvs?: RawTlv[] };
