// Typed SMGP PDUs, derived from the table so the types and the wire layout cannot drift apart.
import type { DecodedFields, FieldsInput } from '../shared/fixed-fields.ts';
import type { SmgpCommand, SmgpLayouts, SmgpRequestCommand } from './pdu-table.ts';

type FieldsOf<C extends SmgpCommand> = SmgpLayouts[C]['fields'];

/** A decoded PDU: its command, its SequenceID (as `sequence`), then the spec's fields. */
export type SmgpPduOf<C extends SmgpCommand> = { command: C; sequence: number } & DecodedFields<FieldsOf<C>>;

export type SmgpPdu = { [C in SmgpCommand]: SmgpPduOf<C> }[SmgpCommand];

/** The body of a command to encode: every field optional (absent = zeros / empty). */
export type SmgpBody<C extends SmgpCommand> = FieldsInput<FieldsOf<C>>;

/** A PDU to encode: command and sequence, plus its body. */
export type SmgpPduInput<C extends SmgpCommand = SmgpCommand> = { command: C; sequence: number } & SmgpBody<C>;

export type SmgpRequest = { [C in SmgpRequestCommand]: SmgpPduOf<C> }[SmgpRequestCommand];

export type { SmgpCommand, SmgpRequestCommand };
