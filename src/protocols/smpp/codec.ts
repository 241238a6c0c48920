// Pure SMPP 3.4 encode/decode driven by the PDU table: Buffer ⇄ typed PDU, no I/O.
import { PduDecodeError, PduEncodeError } from '../shared/decode-error.ts';
import { PduReader } from '../shared/pdu-reader.ts';
import { PduWriter } from '../shared/pdu-writer.ts';
import { compileDecoder, compileEncoder, type BodyDecoder, type BodyEncoder } from './body-compiler.ts';
import { CommandStatus as S } from './command-status.ts';
import { PDU_BY_ID, SMPP_PDUS, isResponseId, type SmppCommand } from './pdu-table.ts';
import type { SmppBody, SmppPdu, SmppPduInput } from './pdu-types.ts';
import { hasTlvs, readTlvs, tlvsSize, writeTlvs } from './tlv-codec.ts';

export const HEADER_LENGTH = 16;

const decoders = new Map<number, BodyDecoder>(
  [...PDU_BY_ID.values()].map((definition) => [definition.id, compileDecoder(definition, isResponseId(definition.id))]),
);
const encoders = new Map<string, BodyEncoder>([...PDU_BY_ID.values()].map((definition) => [definition.command, compileEncoder(definition)]));

/**
 * Decodes one complete frame. Throws PduDecodeError carrying the command id, sequence number,
 * offset and the command_status the answer to this PDU should carry.
 */
export function decodePdu(frame: Buffer): SmppPdu {
  if (frame.length < HEADER_LENGTH) {
    throw new PduDecodeError('bad_length', `PDU shorter than the ${HEADER_LENGTH}-octet header`, {
      offset: 0,
      field: 'command_length',
      status: S.ESME_RINVCMDLEN,
    });
  }
  const length = frame.readUInt32BE(0);
  const commandId = frame.readUInt32BE(4);
  const sequenceNumber = frame.readUInt32BE(12);
  if (length !== frame.length) {
    throw new PduDecodeError('bad_length', `command_length ${length} but frame has ${frame.length} octets`, {
      commandId,
      sequenceNumber,
      offset: 0,
      field: 'command_length',
      status: S.ESME_RINVCMDLEN,
    });
  }
  const decode = decoders.get(commandId);
  if (!decode) {
    throw new PduDecodeError('unknown_command', 'unknown command_id', {
      commandId,
      sequenceNumber,
      offset: 4,
      field: 'command_id',
      status: S.ESME_RINVCMDID,
    });
  }
  const reader = new PduReader(frame, HEADER_LENGTH, length, commandId, sequenceNumber);
  const pdu = decode(reader, frame.readUInt32BE(8), sequenceNumber);
  if (!reader.atEnd) {
    const { tlvs, unknown } = readTlvs(reader);
    pdu.tlvs = tlvs;
    if (unknown) pdu.unknown_tlvs = unknown;
  }
  return pdu as unknown as SmppPdu;
}

export function encodePdu(pdu: SmppPduInput): Buffer {
  return encodeBody(pdu.command, pdu.sequence_number, pdu.command_status ?? 0, pdu as SmppBody<SmppCommand>);
}

/** Encodes a command from its header values and body, sparing callers an object spread per PDU. */
export function encodeBody(command: SmppCommand, sequenceNumber: number, status: number, body: SmppBody<SmppCommand>): Buffer {
  const encode = encoders.get(command);
  if (!encode) throw new PduEncodeError('command', `unknown command ${String(command)}`);
  const { tlvs, unknown_tlvs: unknown } = body;
  const withTlvs = hasTlvs(tlvs, unknown);
  const id = SMPP_PDUS[command].id;
  // An error response goes out header-only unless it has TLVs to report (3.4 §3.3).
  if (status !== 0 && isResponseId(id) && !withTlvs) {
    const writer = new PduWriter(HEADER_LENGTH);
    writer.u32(HEADER_LENGTH);
    writer.u32(id);
    writer.u32(status);
    writer.u32(sequenceNumber);
    return writer.buf;
  }
  const tlvSize = withTlvs ? tlvsSize(tlvs, unknown) : 0;
  const writer = encode(body as Record<string, unknown>, status, sequenceNumber, tlvSize);
  if (withTlvs) writeTlvs(writer, tlvs, unknown);
  return writer.buf;
}
