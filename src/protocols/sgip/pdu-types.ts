// Typed SGIP PDUs derived from the declarative table: spec field names, one type per command.
import type { DecodedFields, FieldsInput } from '../shared/fixed-fields.ts';
import type { SGIP_PDUS, SgipCommand, SgipTableCommand } from './pdu-table.ts';
import type { SgipSequenceNumber } from './sequence-number.ts';
import type { TraceRespBody } from './trace-resp.ts';

export type { SgipCommand, SgipRequestCommand, SgipResponseCommand } from './pdu-table.ts';
export type { SgipSequenceNumber } from './sequence-number.ts';

type Fields<C extends SgipTableCommand> = (typeof SGIP_PDUS)[C]['fields'];
type HasSubmitSequence<C extends SgipTableCommand> = (typeof SGIP_PDUS)[C] extends { submitSequence: true } ? true : false;

interface Envelope<C extends SgipCommand> {
  command: C;
  /** The counter part of SequenceNumber: the key responses are matched by. */
  sequence: number;
  /** All 12 octets of the header's sequence number; a response echoes them. */
  SequenceNumber: SgipSequenceNumber;
}

type BodyOf<C extends SgipCommand> = C extends SgipTableCommand
  ? DecodedFields<Fields<C>> & (HasSubmitSequence<C> extends true ? { SubmitSequenceNumber: SgipSequenceNumber } : unknown)
  : TraceRespBody;

/** A decoded PDU of one command. */
export type SgipPduOf<C extends SgipCommand> = Envelope<C> & BodyOf<C>;

/** Any decoded SGIP PDU, discriminated by `command`. */
export type SgipPdu = { [C in SgipCommand]: SgipPduOf<C> }[SgipCommand];

/** What the encoder takes as the body of a command: fields left out are sent as 0 / empty. */
export type SgipBody<C extends SgipCommand> = C extends SgipTableCommand
  ? FieldsInput<Fields<C>> & (HasSubmitSequence<C> extends true ? { SubmitSequenceNumber?: SgipSequenceNumber } : unknown)
  : Partial<TraceRespBody>;

/** A whole PDU to encode: command, the full sequence number, and the body. */
export type SgipPduInputOf<C extends SgipCommand> = { command: C; SequenceNumber: SgipSequenceNumber } & SgipBody<C>;
export type SgipPduInput = { [C in SgipCommand]: SgipPduInputOf<C> }[SgipCommand];
