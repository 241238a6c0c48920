// CMPP as a FramedDialect: what the shared FramedSession needs to run a CMPP 2.0 or 3.0 connection.
import type { FramedDialect, FramedPdu, RefusalReason } from '../shared/framed-dialect.ts';
import { CMPP_HEADER_LENGTH, cmppCommandOf, cmppMaxFrameLength, decodeCmpp, encodeCmppBody } from './codec.ts';
import { CmppConnectStatus } from './connect-status.ts';
import { CMPP_COMMAND_IDS, responseOf, type CmppCommand } from './pdu-table.ts';
import type { CmppPdu, CmppPduOf } from './pdu-types.ts';
import { CmppResult } from './result.ts';
import type { CmppVersion } from './version.ts';

/** A decoded CMPP PDU as a session handles it: `sequence` repeats Sequence_Id for the shared window. */
export type CmppFrame = CmppPdu & FramedPdu;
export type CmppFrameOf<C extends CmppCommand> = CmppPduOf<C> & FramedPdu;

/**
 * SUBMIT_RESP Result for a request the session could not take for an internal reason (a store or
 * handler failure). Vendor range 100–199 (cmpp.md 5.1): documented here as "temporary, send again".
 */
export const CMPP_RESULT_SYSTEM_ERROR = 100;

/** N = 3 (cmpp.md 1): an unanswered request is resent after T, at most N − 1 more times. */
export const CMPP_REQUEST_ATTEMPTS = 3;

/** DELIVER_RESP Result ≥ 9 means "other error" (cmpp.md 7.2). */
const DELIVER_OTHER_ERROR = 9;

// Which Result a refused SUBMIT / DELIVER gets: the request arrived but this connection cannot serve it.
const RESULT_FOR: Record<RefusalReason, number> = {
  not_logged_in: CmppResult.BAD_COMMAND,
  already_logged_in: CmppResult.BAD_COMMAND,
  no_handler: CmppResult.BAD_COMMAND,
  malformed: CmppResult.BAD_STRUCTURE,
  internal: CMPP_RESULT_SYSTEM_ERROR,
};

const EMPTY_MSG_ID = '0000000000000000';

/**
 * The dialect of one connection. Its version may be settled after the fact (setVersion) by a
 * server that learns it from the CONNECT, which has the same layout in both versions (cmpp.md 4).
 */
export class CmppDialect implements FramedDialect<CmppFrame> {
  readonly headerLength = CMPP_HEADER_LENGTH;
  // The larger 3.0 limit for both: a connection may switch to 3.0 after its CONNECT.
  readonly maxFrameLength = cmppMaxFrameLength('3.0');
  readonly login = 'connect';
  readonly keepAlive = 'active_test';
  readonly terminate = 'terminate';
  readonly maxSequence = 0xffffffff;
  private currentVersion: CmppVersion;

  constructor(version: CmppVersion = '3.0') {
    this.currentVersion = version;
  }

  get version(): CmppVersion {
    return this.currentVersion;
  }

  get name(): string {
    return `CMPP ${this.currentVersion}`;
  }

  setVersion(version: CmppVersion): void {
    this.currentVersion = version;
  }

  decode(frame: Buffer): CmppFrame {
    const pdu = decodeCmpp(frame, this.currentVersion) as CmppFrame & { sequence: number };
    pdu.sequence = pdu.Sequence_Id;
    return pdu;
  }

  decodeHeader(frame: Buffer): CmppFrame | null {
    const command = cmppCommandOf(frame.readUInt32BE(4));
    if (command === undefined) return null;
    const sequence = frame.readUInt32BE(8);
    return { command, Sequence_Id: sequence, sequence } as unknown as CmppFrame;
  }

  isResponseId(commandId: number): boolean {
    return (commandId & 0x80000000) !== 0;
  }

  responseOf(command: string): string | null {
    return Object.hasOwn(CMPP_COMMAND_IDS, command) ? responseOf(command as CmppCommand) : null;
  }

  encodeRequest(command: string, sequence: number, body: object): Buffer {
    return encodeCmppBody(command, sequence, body, this.currentVersion);
  }

  encodeResponse(request: CmppFrame, body: object): Buffer {
    const command = responseOf(request.command);
    if (command === null) throw new TypeError(`${request.command} is a response; it has no response`);
    // DELIVER_RESP copies the DELIVER's Msg_Id (cmpp.md 7.2), also when refusing it.
    const echoed = request.command === 'deliver' && (body as { Msg_Id?: string }).Msg_Id === undefined ? { ...body, Msg_Id: request.Msg_Id ?? EMPTY_MSG_ID } : body;
    return encodeCmppBody(command, request.Sequence_Id, echoed, this.currentVersion);
  }

  statusOf(response: CmppFrame): number {
    switch (response.command) {
      case 'connect_resp':
        return response.Status;
      case 'submit_resp':
      case 'deliver_resp':
        return response.Result;
      case 'cancel_resp':
        // Success_Id: 0 success, 1 failure (cmpp.md 9).
        return response.Success_Id;
      default:
        return 0;
    }
  }

  refusal(command: string, reason: RefusalReason): object | null {
    switch (command) {
      case 'connect':
        return { Status: reason === 'malformed' ? CmppConnectStatus.BAD_STRUCTURE : CmppConnectStatus.OTHER_ERROR };
      case 'submit':
        return { Result: RESULT_FOR[reason] };
      case 'deliver':
        return { Result: reason === 'malformed' ? CmppResult.BAD_STRUCTURE : reason === 'internal' ? CmppResult.FLOW_CONTROL : DELIVER_OTHER_ERROR };
      case 'cancel':
        return { Success_Id: 1 };
      case 'query':
        // QUERY_RESP has no status: all-zero counters tell the SP nothing was counted.
        return {};
      default:
        return null;
    }
  }
}
