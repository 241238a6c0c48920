// SGIP 1.2 as a FramedDialect: what the shared session needs to run either side of a connection.
import type { FramedDialect, RefusalReason } from '../shared/framed-dialect.ts';
import { isResponseId } from './command-ids.ts';
import { decodeSgipHeader, decodeSgipPdu, encodeSgip, SGIP_HEADER_LENGTH } from './codec.ts';
import { RESPONSE_OF, type SgipRequestCommand } from './pdu-table.ts';
import type { SgipBody, SgipPdu } from './pdu-types.ts';
import { SgipResult } from './result-codes.ts';
import { isU32, sgipTimestamp } from './sequence-number.ts';

/** Largest frame accepted: a Submit to 100 users with 4096 octets of content fits (143 + 2100 + 4096). */
export const SGIP_MAX_FRAME = 8192;

export interface SgipDialectOptions {
  /** Our node id, the first part of every sequence number we create (SP: 3AAAAQQQQQ, sgip.md §2). */
  nodeId: number;
  /** Clock of the timestamp part: minutes east of UTC (Beijing +480, the default); null for this process's local time. */
  utcOffsetMinutes?: number | null;
  now?: () => number;
}

// Session refusals → Result (sgip.md §10). A command nobody handles gets its normal response with a
// non-zero Result (sgip.md §1, error handling); "function not provided" says exactly that.
const REFUSAL_RESULT: Record<RefusalReason, number> = {
  not_logged_in: SgipResult.ILLEGAL_LOGIN,
  already_logged_in: SgipResult.REPEATED_LOGIN,
  no_handler: SgipResult.FUNCTION_NOT_PROVIDED,
  malformed: SgipResult.BAD_PARAMETER_FORMAT,
  // Our own failure (e.g. the store is down): "busy, retry later" makes the SMG send it again.
  internal: SgipResult.NODE_BUSY,
};

function responseOf(command: string): string | null {
  return (RESPONSE_OF as Record<string, string>)[command] ?? null;
}

/** One dialect per node: every session created with it stamps sequence numbers with `nodeId`. */
export function createSgipDialect(options: SgipDialectOptions): FramedDialect<SgipPdu> {
  const { nodeId, utcOffsetMinutes = 480, now = Date.now } = options;
  if (!isU32(nodeId)) throw new RangeError(`SGIP node id must be an integer in 0..4294967295, got ${nodeId}`);
  // MMDDHHMMSS changes once a second; compute it once per second, not once per request.
  let stampSecond = -1;
  let stamp = 0;
  const timestamp = (): number => {
    const ms = now();
    const second = Math.floor(ms / 1000);
    if (second !== stampSecond) {
      stampSecond = second;
      stamp = sgipTimestamp(new Date(ms), utcOffsetMinutes ?? undefined);
    }
    return stamp;
  };
  return {
    name: 'SGIP 1.2',
    headerLength: SGIP_HEADER_LENGTH,
    maxFrameLength: SGIP_MAX_FRAME,
    login: 'bind',
    // No heartbeat in SGIP: links are short-lived and closed when idle (sgip.md §1).
    keepAlive: null,
    terminate: 'unbind',
    maxSequence: 0xffffffff,
    decode: decodeSgipPdu,
    decodeHeader: (frame) => decodeSgipHeader(frame) as SgipPdu | null,
    isResponseId,
    responseOf,
    encodeRequest: (command, sequence, body) => encodeSgip(command as SgipRequestCommand, { nodeId, timestamp: timestamp(), counter: sequence }, body as SgipBody<SgipRequestCommand>),
    // The response repeats all 12 octets of the request's sequence number (sgip.md §2).
    encodeResponse: (request, body) => encodeSgip(RESPONSE_OF[request.command as SgipRequestCommand], request.SequenceNumber, body as SgipBody<'submit_resp'>),
    statusOf: (pdu) => ('Result' in pdu ? pdu.Result : 0),
    refusal: (command, reason) => (command === 'unbind' ? {} : { Result: REFUSAL_RESULT[reason] }),
  };
}
