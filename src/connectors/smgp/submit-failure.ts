// Why an SMGP submit failed → the core's three outcomes and a stable, protocol-qualified error code.
import type { Outcome } from '../../core/errors.ts';
import { EncodingError } from '../../protocols/encoding/encoding-error.ts';
import { PduEncodeError } from '../../protocols/shared/decode-error.ts';
import { NotReadyError, ResponseStatusError, SessionClosedError } from '../../protocols/shared/framed-errors.ts';
import { ResponseTimeoutError, WindowFullError } from '../../protocols/shared/in-flight-window.ts';
import { smgpStatusName, smgpStatusOutcome, type SmgpStatusOverrides } from '../../protocols/smgp/status.ts';

export interface SubmitFailure {
  outcome: Outcome;
  errorCode: string;
  errorMessage: string;
}

/** "smgp:47": the Status in decimal, as the spec numbers them. */
export function smgpErrorCode(status: number): string {
  return `smgp:${status >>> 0}`;
}

export function submitFailure(error: unknown, overrides: SmgpStatusOverrides, where?: string): SubmitFailure {
  const suffix = where ? ` (${where})` : '';
  if (error instanceof ResponseStatusError) {
    const outcome = smgpStatusOutcome(error.status, overrides);
    return { outcome: outcome === 'ok' ? 'transient' : outcome, errorCode: smgpErrorCode(error.status), errorMessage: `Submit_Resp ${smgpStatusName(error.status)}${suffix}` };
  }
  if (error instanceof WindowFullError) return { outcome: 'transient', errorCode: 'connector:busy', errorMessage: `window full${suffix}` };
  if (error instanceof ResponseTimeoutError) {
    // No answer in time: the SMGW may still deliver it. The core's in-flight policy decides.
    return { outcome: 'transient', errorCode: 'connector:timeout', errorMessage: `no Submit_Resp in time${suffix}` };
  }
  if (error instanceof SessionClosedError || error instanceof NotReadyError) return { outcome: 'transient', errorCode: 'connector:closed', errorMessage: `${error.message}${suffix}` };
  if (error instanceof EncodingError) return { outcome: 'permanent', errorCode: `connector:encoding:${error.code}`, errorMessage: error.message };
  if (error instanceof PduEncodeError) return { outcome: 'permanent', errorCode: 'connector:invalid_field', errorMessage: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: 'transient', errorCode: 'connector:error', errorMessage: `${message}${suffix}` };
}
