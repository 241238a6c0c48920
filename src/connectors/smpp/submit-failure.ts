// Why a submit failed → the core's three outcomes and a stable, protocol-qualified error code.
import type { Outcome } from '../../core/errors.ts';
import { EncodingError } from '../../protocols/encoding/encoding-error.ts';
import { PduEncodeError } from '../../protocols/shared/decode-error.ts';
import { statusOutcome, type StatusOverrides } from '../../protocols/smpp/command-status.ts';
import { InvalidStateError, SessionClosedError, SmppStatusError } from '../../protocols/smpp/errors.ts';
import { ResponseTimeoutError, WindowFullError } from '../../protocols/smpp/session.ts';

export interface SubmitFailure {
  outcome: Outcome;
  errorCode: string;
  errorMessage: string;
}

/** "smpp:0x00000058": the command_status as 8 lower-case hex digits. */
export function smppErrorCode(status: number): string {
  return `smpp:0x${(status >>> 0).toString(16).padStart(8, '0')}`;
}

export function submitFailure(error: unknown, overrides: StatusOverrides, where?: string): SubmitFailure {
  const suffix = where ? ` (${where})` : '';
  if (error instanceof SmppStatusError) {
    // A generic_nack with status 0, or a response of the wrong type, still failed: retry it.
    const outcome = error.status === 0 ? 'transient' : statusOutcome(error.status, overrides);
    return { outcome: outcome === 'ok' ? 'transient' : outcome, errorCode: smppErrorCode(error.status), errorMessage: `${error.response.command} ${error.statusName}${suffix}` };
  }
  if (error instanceof WindowFullError) return { outcome: 'transient', errorCode: 'connector:busy', errorMessage: `window full${suffix}` };
  if (error instanceof ResponseTimeoutError) {
    // No answer in time: the SMSC may still have taken the message and deliver it. Retrying risks
    // a duplicate, not retrying risks a loss; the core's policy decides (DESIGN.md, duplicates vs loss).
    return { outcome: 'transient', errorCode: 'connector:timeout', errorMessage: `no submit_sm_resp in time${suffix}` };
  }
  if (error instanceof SessionClosedError || error instanceof InvalidStateError) {
    return { outcome: 'transient', errorCode: 'connector:closed', errorMessage: `${error.message}${suffix}` };
  }
  if (error instanceof EncodingError) return { outcome: 'permanent', errorCode: `connector:encoding:${error.code}`, errorMessage: error.message };
  if (error instanceof PduEncodeError) return { outcome: 'permanent', errorCode: 'connector:invalid_field', errorMessage: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: 'transient', errorCode: 'connector:error', errorMessage: `${message}${suffix}` };
}
