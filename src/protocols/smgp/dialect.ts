// SMGP 3.0 as a FramedDialect: what the shared session needs to frame, match, keep alive and refuse.
import { PduEncodeError } from '../shared/decode-error.ts';
import type { FramedDialect, RefusalReason } from '../shared/framed-dialect.ts';
import { decodeSmgp, encodeSmgp } from './codec.ts';
import { HEADER_LENGTH, MAX_PACKET_LENGTH, PDU_BY_ID, SMGP_PDUS, isResponseId, type SmgpCommand } from './pdu-table.ts';
import type { SmgpPdu, SmgpPduInput } from './pdu-types.ts';
import { SmgpStatus } from './status.ts';

// SMGP has no "not logged in" or "internal error" code (spec 6.2.6): the nearest ones, chosen so a
// peer retries what it can retry (busy, authentication) and not what it cannot (structure).
const REFUSAL_STATUS: Record<RefusalReason, number> = {
  not_logged_in: SmgpStatus.AUTHENTICATION_ERROR,
  already_logged_in: SmgpStatus.COMMAND_WORD_ERROR,
  no_handler: SmgpStatus.COMMAND_WORD_ERROR,
  malformed: SmgpStatus.MESSAGE_STRUCTURE_ERROR,
  internal: SmgpStatus.SYSTEM_BUSY,
};

/** Commands whose answer echoes the request's MsgID (Deliver_Resp, Forward_Resp: smgp.md 6, 10). */
const ECHOES_MSG_ID = new Set<SmgpCommand>(['Deliver', 'Forward']);
const MSG_ID_LENGTH = 10;

function hasStatus(command: SmgpCommand): boolean {
  const response = SMGP_PDUS.get(command)?.response;
  return response !== undefined && response !== null && SMGP_PDUS.get(response)!.layout.fields.some((f) => f.name === 'Status');
}

export const smgpDialect: FramedDialect<SmgpPdu> = {
  name: 'SMGP 3.0',
  headerLength: HEADER_LENGTH,
  maxFrameLength: MAX_PACKET_LENGTH,
  login: 'Login',
  keepAlive: 'Active_Test',
  terminate: 'Exit',
  maxSequence: 0xffffffff,

  decode: decodeSmgp,

  /** Enough of a broken request to answer it: command, SequenceID and, for Deliver/Forward, the MsgID. */
  decodeHeader(frame) {
    const definition = PDU_BY_ID.get(frame.readUInt32BE(4));
    if (!definition) return null;
    const header = { command: definition.command, sequence: frame.readUInt32BE(8) } as SmgpPdu & { MsgID?: string };
    if (ECHOES_MSG_ID.has(definition.command) && frame.length >= HEADER_LENGTH + MSG_ID_LENGTH) {
      header.MsgID = frame.toString('hex', HEADER_LENGTH, HEADER_LENGTH + MSG_ID_LENGTH);
    }
    return header;
  },

  isResponseId,

  responseOf(command) {
    return SMGP_PDUS.get(command as SmgpCommand)?.response ?? null;
  },

  encodeRequest(command, sequence, body) {
    const definition = SMGP_PDUS.get(command as SmgpCommand);
    if (!definition || definition.response === null) throw new PduEncodeError('command', `'${command}' is not an SMGP request`);
    return encodeSmgp({ ...body, command: definition.command, sequence } as SmgpPduInput);
  },

  encodeResponse(request, body) {
    const response = SMGP_PDUS.get(request.command)?.response;
    if (!response) throw new PduEncodeError('command', `'${request.command}' has no response`);
    const echo = ECHOES_MSG_ID.has(request.command) && 'MsgID' in request ? { MsgID: request.MsgID } : {};
    return encodeSmgp({ ...echo, ...body, command: response, sequence: request.sequence } as SmgpPduInput);
  },

  statusOf(response) {
    return 'Status' in response ? response.Status : 0;
  },

  refusal(command, reason) {
    return hasStatus(command as SmgpCommand) ? { Status: REFUSAL_STATUS[reason] } : {};
  },
};
