// Why a CMPP submit failed → the core's three outcomes and a stable, protocol-qualified error code.
import type { Outcome } from '../../core/errors.ts';
import { CmppResult, DEFAULT_RESULT_OUTCOMES, resultName, resultOutcome, type ResultOverrides } from '../../protocols/cmpp/result.ts';
import { EncodingError } from '../../protocols/encoding/encoding-error.ts';
import { PduEncodeError } from '../../protocols/shared/decode-error.ts';
import { NotReadyError, ResponseStatusError, SessionClosedError } from '../../protocols/shared/framed-errors.ts';
import { ResponseTimeoutError, WindowFullError } from '../../protocols/shared/framed-session.ts';

export interface SubmitFailure {
  outcome: Outcome;
  errorCode: string;
  errorMessage: string;
}

/** "cmpp:8": the SUBMIT_RESP Result in decimal, as CMPP documents it. */
export function cmppErrorCode(result: number): string {
  return `cmpp:${result}`;
}

export function submitFailure(error: unknown, overrides: ResultOverrides, where?: string): SubmitFailure {
  const suffix = where ? ` (${where})` : '';
  if (error instanceof ResponseStatusError) {
    const outcome = resultOutcome(error.status, overrides);
    return { outcome: outcome === 'ok' ? 'transient' : outcome, errorCode: cmppErrorCode(error.status), errorMessage: `SUBMIT_RESP ${resultName(error.status)}${suffix}` };
  }
  if (error instanceof WindowFullError) return { outcome: 'transient', errorCode: 'connector:busy', errorMessage: `window full${suffix}` };
  if (error instanceof ResponseTimeoutError) {
    // The ISMG may still have taken it: the core's in-flight policy weighs duplicates against loss.
    return { outcome: 'transient', errorCode: 'connector:timeout', errorMessage: `no SUBMIT_RESP in time${suffix}` };
  }
  if (error instanceof SessionClosedError || error instanceof NotReadyError) return { outcome: 'transient', errorCode: 'connector:closed', errorMessage: `${error.message}${suffix}` };
  if (error instanceof EncodingError) return { outcome: 'permanent', errorCode: `connector:encoding:${error.code}`, errorMessage: error.message };
  if (error instanceof PduEncodeError) return { outcome: 'permanent', errorCode: 'connector:invalid_field', errorMessage: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: 'transient', errorCode: 'connector:error', errorMessage: `${message}${suffix}` };
}

/**
 * Whether a group SUBMIT's failure may be the fault of one destination, so that the others must not
 * share it: Result 13 (bad Dest_terminal_Id), 9 (the charged number, which can be the destination,
 * is not served) and codes the spec does not define (reserved, vendor) unless configured as
 * throttled. Every other Result is about the SUBMIT's shared fields or the connection, and transport
 * failures (timeout, closed) concern the whole SUBMIT.
 */
export function mayBeOneDestination(error: unknown, overrides: ResultOverrides): boolean {
  if (!(error instanceof ResponseStatusError)) return false;
  const result = error.status;
  if (result === CmppResult.BAD_DEST_TERMINAL_ID || result === CmppResult.CHARGED_NUMBER_NOT_SERVED) return true;
  return !DEFAULT_RESULT_OUTCOMES.has(result) && resultOutcome(result, overrides) !== 'throttled';
}
