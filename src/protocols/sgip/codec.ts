// Pure SGIP 1.2 encode/decode of whole frames: the 20-octet header (sgip.md §3) plus the body from the table.
import { PduDecodeError, PduEncodeError } from '../shared/decode-error.ts';
import { compileLayout, type FixedLayout } from '../shared/fixed-layout.ts';
import type { FixedField } from '../shared/fixed-fields.ts';
import { SGIP_PDUS, type SgipCommand, type SgipTableCommand } from './pdu-table.ts';
import type { SgipBody, SgipPdu, SgipPduInput } from './pdu-types.ts';
import { isU32, type SgipSequenceNumber } from './sequence-number.ts';
import { decodeTraceResp, traceRespSize, writeTraceResp } from './trace-resp.ts';
import { CommandId, responseIdOf } from './command-ids.ts';

export const SGIP_HEADER_LENGTH = 20;
const SEQUENCE_LENGTH = 12;
const TRACE_RESP_ID = responseIdOf(CommandId.trace);

type AnyLayout = FixedLayout<readonly FixedField[]>;
type AnyFields = Parameters<AnyLayout['size']>[0];

interface Compiled {
  command: SgipCommand;
  id: number;
  layout: AnyLayout | null;
  submitSequence: boolean;
}

const byId = new Map<number, Compiled>();
const byCommand = new Map<SgipCommand, Compiled>();
for (const [command, entry] of Object.entries(SGIP_PDUS) as Array<[SgipTableCommand, (typeof SGIP_PDUS)[SgipTableCommand]]>) {
  const submitSequence = 'submitSequence' in entry;
  const envelope = submitSequence ? ['command', 'sequence', 'SequenceNumber', 'SubmitSequenceNumber'] : ['command', 'sequence', 'SequenceNumber'];
  // Octets after the last field are tolerated: some SMGs append vendor fields (e.g. a LinkID).
  const layout = compileLayout(command, entry.fields, { envelope, allowTrailing: true }) as unknown as AnyLayout;
  const compiled = { command, id: entry.id, layout, submitSequence };
  byId.set(entry.id, compiled);
  byCommand.set(command, compiled);
}
const TRACE_RESP: Compiled = { command: 'trace_resp', id: TRACE_RESP_ID, layout: null, submitSequence: false };
byId.set(TRACE_RESP_ID, TRACE_RESP);
byCommand.set('trace_resp', TRACE_RESP);

/** The command id of a command name. */
export function commandIdOf(command: SgipCommand): number {
  return byCommand.get(command)!.id;
}

/** The command name of an id, or undefined for one this codec has no layout for. */
export function commandOf(commandId: number): SgipCommand | undefined {
  return byId.get(commandId)?.command;
}

function readSequence(buf: Buffer, at: number): SgipSequenceNumber {
  return { nodeId: buf.readUInt32BE(at), timestamp: buf.readUInt32BE(at + 4), counter: buf.readUInt32BE(at + 8) };
}

function writeSequence(buf: Buffer, at: number, sequence: SgipSequenceNumber | undefined, field: string): void {
  const { nodeId, timestamp, counter } = sequence ?? { nodeId: 0, timestamp: 0, counter: 0 };
  for (const [part, value] of [['nodeId', nodeId], ['timestamp', timestamp], ['counter', counter]] as const) {
    if (!isU32(value)) throw new PduEncodeError(`${field}.${part}`, `${String(value)} is not an integer in 0..4294967295`);
  }
  buf.writeUInt32BE(nodeId, at);
  buf.writeUInt32BE(timestamp, at + 4);
  buf.writeUInt32BE(counter, at + 8);
}

/** Header fields of a frame whose command is known, without its body; null for an unknown command id. */
export function decodeSgipHeader(frame: Buffer): { command: SgipCommand; sequence: number; SequenceNumber: SgipSequenceNumber } | null {
  if (frame.length < SGIP_HEADER_LENGTH) return null;
  const compiled = byId.get(frame.readUInt32BE(4));
  if (!compiled) return null;
  const SequenceNumber = readSequence(frame, 8);
  return { command: compiled.command, sequence: SequenceNumber.counter, SequenceNumber };
}

/**
 * Decodes one whole frame (Message Length included). Throws PduDecodeError only: `truncated`,
 * `bad_length` (Message Length disagrees with the frame), `unknown_command`, `bad_value`; errors
 * carry the command id and the counter part of the sequence number when the header was readable.
 */
export function decodeSgipPdu(frame: Buffer): SgipPdu {
  if (frame.length < SGIP_HEADER_LENGTH) throw new PduDecodeError('truncated', `frame of ${frame.length} octets is shorter than the 20-octet header`, { offset: 0, field: 'header' });
  const length = frame.readUInt32BE(0);
  const commandId = frame.readUInt32BE(4);
  const SequenceNumber = readSequence(frame, 8);
  const sequence = SequenceNumber.counter;
  if (length !== frame.length) throw new PduDecodeError('bad_length', `Message Length ${length} but the frame has ${frame.length} octets`, { offset: 0, field: 'MessageLength', commandId, sequenceNumber: sequence });
  const compiled = byId.get(commandId);
  if (!compiled) throw new PduDecodeError('unknown_command', 'unknown command id', { offset: 4, field: 'CommandID', commandId, sequenceNumber: sequence });
  if (!compiled.layout) return { command: 'trace_resp', sequence, SequenceNumber, ...decodeTraceResp(frame, SGIP_HEADER_LENGTH, length, commandId, sequence) };
  if (!compiled.submitSequence) return compiled.layout.decode(frame, SGIP_HEADER_LENGTH, length, commandId, sequence, compiled.command, sequence, SequenceNumber) as unknown as SgipPdu;
  const bodyStart = SGIP_HEADER_LENGTH + SEQUENCE_LENGTH;
  if (length < bodyStart) throw new PduDecodeError('truncated', `needs ${SEQUENCE_LENGTH} octet(s), ${length - SGIP_HEADER_LENGTH} left`, { offset: SGIP_HEADER_LENGTH, field: 'SubmitSequenceNumber', commandId, sequenceNumber: sequence });
  const submitSequence = readSequence(frame, SGIP_HEADER_LENGTH);
  return compiled.layout.decode(frame, bodyStart, length, commandId, sequence, compiled.command, sequence, SequenceNumber, submitSequence) as unknown as SgipPdu;
}

/** Encodes `command` with the given full sequence number. Throws PduEncodeError naming a field that does not fit. */
export function encodeSgip<C extends SgipCommand>(command: C, SequenceNumber: SgipSequenceNumber, body: SgipBody<C>): Buffer {
  const compiled = byCommand.get(command);
  if (!compiled) throw new PduEncodeError('command', `unknown command ${String(command)}`);
  const fields = body as AnyFields & { SubmitSequenceNumber?: SgipSequenceNumber };
  const leading = compiled.submitSequence ? SEQUENCE_LENGTH : 0;
  const size = SGIP_HEADER_LENGTH + leading + (compiled.layout ? compiled.layout.size(fields) : traceRespSize(body as SgipBody<'trace_resp'>));
  const buf = Buffer.allocUnsafe(size);
  buf.writeUInt32BE(size, 0);
  buf.writeUInt32BE(compiled.id, 4);
  writeSequence(buf, 8, SequenceNumber, 'SequenceNumber');
  if (leading) writeSequence(buf, SGIP_HEADER_LENGTH, fields.SubmitSequenceNumber, 'SubmitSequenceNumber');
  if (compiled.layout) compiled.layout.write(buf, SGIP_HEADER_LENGTH + leading, fields);
  else writeTraceResp(buf, SGIP_HEADER_LENGTH, body as SgipBody<'trace_resp'>);
  return buf;
}

/** Encodes a whole PDU object (as decodeSgipPdu returns, or built by hand). */
export function encodeSgipPdu(pdu: SgipPduInput): Buffer {
  return encodeSgip(pdu.command, pdu.SequenceNumber, pdu as SgipBody<typeof pdu.command>);
}
