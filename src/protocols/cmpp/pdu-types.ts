// Typed CMPP PDUs derived from the declarative table: spec field names, one type for both versions.
import type { DecodedFields, FieldsInput } from '../shared/fixed-fields.ts';
import type { CMPP20_BODIES, CMPP30_BODIES, CmppCommand } from './pdu-table.ts';

export type { CmppCommand } from './pdu-table.ts';

type Fields20<C extends CmppCommand> = DecodedFields<(typeof CMPP20_BODIES)[C]>;
type Fields30<C extends CmppCommand> = DecodedFields<(typeof CMPP30_BODIES)[C]>;

/** Fields of both versions required; fields of only one version (LinkID, Reserve, …) optional. */
type Merge<A, B> = { [K in keyof A & keyof B]: A[K] } & { [K in Exclude<keyof A, keyof B>]?: A[K] } & {
  [K in Exclude<keyof B, keyof A>]?: B[K];
};

interface Envelope<C extends CmppCommand> {
  command: C;
  Sequence_Id: number;
}

/** The body of a decoded command without its header. */
export type CmppBodyOf<C extends CmppCommand> = Merge<Fields20<C>, Fields30<C>>;

/** A decoded PDU of one command: the header's Sequence_Id and every body field. */
export type CmppPduOf<C extends CmppCommand> = Envelope<C> & CmppBodyOf<C>;

/** Any decoded CMPP PDU, discriminated by `command`. */
export type CmppPdu = { [C in CmppCommand]: CmppPduOf<C> }[CmppCommand];

/** The body encodeCmpp accepts: fields left out are sent as 0 / empty; fields of the other version are ignored. */
export type CmppBodyInputOf<C extends CmppCommand> = FieldsInput<(typeof CMPP20_BODIES)[C]> & FieldsInput<(typeof CMPP30_BODIES)[C]>;

export type CmppPduInputOf<C extends CmppCommand> = Envelope<C> & CmppBodyInputOf<C>;

export type CmppPduInput = { [C in CmppCommand]: CmppPduInputOf<C> }[CmppCommand];
