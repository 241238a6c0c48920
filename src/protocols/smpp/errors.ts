// Errors a caller of an SMPP session can receive, each saying what to do next.
import { commandStatusName, statusOutcome, type StatusOutcome } from './command-status.ts';
import type { SmppPdu } from './pdu-types.ts';
import type { SessionState } from './session-rules.ts';

/** The peer answered with a non-zero command_status (or a generic_nack). */
export class SmppStatusError extends Error {
  readonly status: number;
  readonly statusName: string;
  /** How a gateway should treat it: fail, retry later, or back off. */
  readonly outcome: StatusOutcome;
  readonly response: SmppPdu;

  constructor(response: SmppPdu) {
    const name = commandStatusName(response.command_status);
    super(`${response.command} ${name}`);
    this.name = 'SmppStatusError';
    this.status = response.command_status;
    this.statusName = name;
    // A status-0 generic_nack or a response of the wrong type still failed the request.
    this.outcome = response.command_status === 0 ? 'transient' : statusOutcome(response.command_status);
    this.response = response;
  }
}

/** The session closed before the request was answered: the request may or may not have been processed. */
export class SessionClosedError extends Error {
  constructor(reason: string) {
    super(`session closed: ${reason}`);
    this.name = 'SessionClosedError';
  }
}

/** The request is not allowed in the session's current state (3.4 §2.3). */
export class InvalidStateError extends Error {
  constructor(command: string, state: SessionState) {
    super(`${command} not allowed in state ${state}`);
    this.name = 'InvalidStateError';
  }
}

/** The socket would not accept more data for longer than the drain timeout: the peer is not reading. */
export class DrainTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`peer did not read for ${timeoutMs} ms`);
    this.name = 'DrainTimeoutError';
  }
}
