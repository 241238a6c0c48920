// Pure CMPP 2.0/3.0 encode/decode driven by the PDU table: Buffer ⇄ typed PDU, no I/O.
import { PduDecodeError, PduEncodeError } from '../shared/decode-error.ts';
import type { FixedField } from '../shared/fixed-fields.ts';
import { compileLayout, type FixedLayout } from '../shared/fixed-layout.ts';
import type { FrameDecoderOptions } from '../shared/frame-decoder.ts';
import {
  CMPP20_ALTERNATES,
  CMPP20_BODIES,
  CMPP30_ALTERNATES,
  CMPP30_BODIES,
  CMPP_COMMAND_IDS,
  CMPP_MAX_RECIPIENTS,
  type CmppCommand,
} from './pdu-table.ts';
import type { CmppPdu, CmppPduInput } from './pdu-types.ts';
import type { CmppVersion } from './version.ts';

/** Total_Length, Command_Id, Sequence_Id (cmpp.md 2). */
export const CMPP_HEADER_LENGTH = 12;

interface Entry {
  command: CmppCommand;
  id: number;
  layout: FixedLayout<readonly FixedField[]>;
  /** A second layout chosen when the body has exactly its size (see CMPP*_ALTERNATES). */
  alternate: FixedLayout<readonly FixedField[]> | undefined;
}

interface VersionTable {
  byId: Map<number, Entry>;
  byCommand: Map<string, Entry>;
}

const ENVELOPE = { envelope: ['command', 'Sequence_Id'] } as const;

function buildTable(version: CmppVersion, bodies: Record<CmppCommand, readonly FixedField[]>, alternates: Partial<Record<CmppCommand, readonly FixedField[]>>): VersionTable {
  const table: VersionTable = { byId: new Map(), byCommand: new Map() };
  for (const command of Object.keys(CMPP_COMMAND_IDS) as CmppCommand[]) {
    const name = `cmpp${version.replace('.', '')}_${command}`;
    const other = alternates[command];
    const entry: Entry = {
      command,
      id: CMPP_COMMAND_IDS[command],
      layout: compileLayout(name, bodies[command], ENVELOPE),
      alternate: other ? compileLayout(`${name}_alternate`, other, ENVELOPE) : undefined,
    };
    table.byId.set(entry.id, entry);
    table.byCommand.set(command, entry);
  }
  return table;
}

const TABLES: Record<CmppVersion, VersionTable> = {
  '2.0': buildTable('2.0', CMPP20_BODIES, CMPP20_ALTERNATES),
  '3.0': buildTable('3.0', CMPP30_BODIES, CMPP30_ALTERNATES),
};

function tableFor(version: CmppVersion): VersionTable {
  const table = TABLES[version];
  if (!table) throw new TypeError(`unknown CMPP version ${String(version)}; expected '2.0' or '3.0'`);
  return table;
}

/**
 * Largest frame a peer can legitimately send: a SUBMIT to the most recipients with 255 octets of
 * content (cmpp.md 5 length formulas). Anything longer means the stream is broken.
 */
export function cmppMaxFrameLength(version: CmppVersion): number {
  return version === '3.0' ? CMPP_HEADER_LENGTH + 129 + 32 * CMPP_MAX_RECIPIENTS + 1 + 1 + 255 + 20 : CMPP_HEADER_LENGTH + 117 + 21 * CMPP_MAX_RECIPIENTS + 1 + 255 + 8;
}

/** Options for the shared FrameDecoder on a CMPP connection. */
export function cmppFrameOptions(version: CmppVersion): FrameDecoderOptions {
  return { minLength: CMPP_HEADER_LENGTH, maxLength: cmppMaxFrameLength(version) };
}

/**
 * Decodes one complete frame in the given version's layout. Throws PduDecodeError only; it carries
 * the Command_Id and Sequence_Id whenever the header was readable, so a session can still answer
 * (`unknown_command` for a Command_Id outside section 3's SP set).
 */
export function decodeCmpp(frame: Buffer, version: CmppVersion): CmppPdu {
  const table = tableFor(version);
  if (frame.length < CMPP_HEADER_LENGTH) {
    throw new PduDecodeError('bad_length', `frame shorter than the ${CMPP_HEADER_LENGTH}-octet header`, { offset: 0, field: 'Total_Length' });
  }
  const length = readU32(frame, 0);
  const commandId = readU32(frame, 4);
  const sequenceId = readU32(frame, 8);
  if (length !== frame.length) {
    throw new PduDecodeError('bad_length', `Total_Length ${length} but the frame has ${frame.length} octets`, {
      commandId,
      sequenceNumber: sequenceId,
      offset: 0,
      field: 'Total_Length',
    });
  }
  const entry = table.byId.get(commandId);
  if (!entry) {
    throw new PduDecodeError('unknown_command', 'unknown Command_Id', { commandId, sequenceNumber: sequenceId, offset: 4, field: 'Command_Id' });
  }
  const { alternate } = entry;
  const layout = alternate !== undefined && length - CMPP_HEADER_LENGTH === alternate.fixedSize ? alternate : entry.layout;
  return layout.decode(frame, CMPP_HEADER_LENGTH, length, commandId, sequenceId, entry.command, sequenceId) as unknown as CmppPdu;
}

/** Encodes a PDU in the given version's layout. Throws PduEncodeError naming the field that does not fit. */
export function encodeCmpp(pdu: CmppPduInput, version: CmppVersion): Buffer {
  return encodeCmppBody(pdu.command, pdu.Sequence_Id, pdu, version);
}

/**
 * encodeCmpp with the header fields apart from the body: a session encodes the body it was given
 * as it is, instead of copying every field into a new object to add `command` and `Sequence_Id`.
 */
export function encodeCmppBody(command: string, sequenceId: number, body: object, version: CmppVersion): Buffer {
  const entry = tableFor(version).byCommand.get(command);
  if (!entry) throw new PduEncodeError('command', `unknown CMPP command ${String(command)}`);
  if ((sequenceId >>> 0) !== sequenceId) throw new PduEncodeError('Sequence_Id', `${String(sequenceId)} is not an integer in 0..4294967295`);
  const buf = entry.layout.encode(body as never, CMPP_HEADER_LENGTH);
  writeU32(buf, 0, buf.length);
  writeU32(buf, 4, entry.id);
  writeU32(buf, 8, sequenceId);
  return buf;
}

function readU32(buf: Buffer, offset: number): number {
  return ((buf[offset]! << 24) | (buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!) >>> 0;
}

// Plain stores: writeUInt32BE validates its arguments on every call, which shows in profiles.
function writeU32(buf: Buffer, offset: number, value: number): void {
  buf[offset] = value >>> 24;
  buf[offset + 1] = value >>> 16;
  buf[offset + 2] = value >>> 8;
  buf[offset + 3] = value;
}

export function cmppCommandId(command: CmppCommand): number {
  return CMPP_COMMAND_IDS[command];
}

/** The command a Command_Id names, or undefined when it is not one this codec handles. */
export function cmppCommandOf(commandId: number): CmppCommand | undefined {
  return TABLES['3.0'].byId.get(commandId)?.command;
}
