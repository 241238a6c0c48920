// Pure SMGP 3.0 codec: one whole packet ⇄ one typed PDU. No I/O, no state.
import { PduDecodeError, PduEncodeError } from '../shared/decode-error.ts';
import { HEADER_LENGTH, MAX_PACKET_LENGTH, PDU_BY_ID, SMGP_PDUS, type SmgpCommand } from './pdu-table.ts';
import type { SmgpPdu, SmgpPduInput } from './pdu-types.ts';

/**
 * Decodes one packet (header included). Throws PduDecodeError only: `bad_length` when PacketLength
 * does not match the buffer, `unknown_command` for a RequestID outside the table, or the body's own
 * error; the error carries the RequestID and SequenceID whenever the header was readable.
 */
export function decodeSmgp(packet: Buffer): SmgpPdu {
  if (packet.length < HEADER_LENGTH) throw new PduDecodeError('truncated', `${packet.length} octets, the header needs ${HEADER_LENGTH}`, { offset: 0, field: 'PacketLength' });
  const length = packet.readUInt32BE(0);
  const requestId = packet.readUInt32BE(4);
  const sequence = packet.readUInt32BE(8);
  if (length !== packet.length) {
    throw new PduDecodeError('bad_length', `PacketLength ${length} but ${packet.length} octets`, { offset: 0, field: 'PacketLength', commandId: requestId, sequenceNumber: sequence });
  }
  const definition = PDU_BY_ID.get(requestId);
  if (!definition) throw new PduDecodeError('unknown_command', 'unknown RequestID', { offset: 4, field: 'RequestID', commandId: requestId, sequenceNumber: sequence });
  return definition.layout.decode(packet, HEADER_LENGTH, length, requestId, sequence, definition.command, sequence) as unknown as SmgpPdu;
}

/** Encodes a PDU into a new buffer, header included. Throws PduEncodeError naming the field that does not fit. */
export function encodeSmgp<C extends SmgpCommand>(pdu: SmgpPduInput<C>): Buffer {
  const definition = SMGP_PDUS.get(pdu.command);
  if (!definition) throw new PduEncodeError('command', `unknown SMGP command '${String(pdu.command)}'`);
  const sequence = pdu.sequence;
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 0xffffffff) throw new PduEncodeError('sequence', `${String(sequence)} is not a 32-bit SequenceID`);
  const packet = definition.layout.encode(pdu as never, HEADER_LENGTH);
  if (packet.length > MAX_PACKET_LENGTH) throw new PduEncodeError('PacketLength', `${packet.length} octets, at most ${MAX_PACKET_LENGTH}`);
  packet.writeUInt32BE(packet.length, 0);
  packet.writeUInt32BE(definition.requestId, 4);
  packet.writeUInt32BE(sequence, 8);
  return packet;
}
