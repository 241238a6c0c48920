// Why an SGIP submit failed → the core's three outcomes and a stable, protocol-qualified error code.
import { EncodingError } from '../../protocols/encoding/encoding-error.ts';
import { PduEncodeError } from '../../protocols/shared/decode-error.ts';
import { NotReadyError, ResponseStatusError, SessionClosedError } from '../../protocols/shared/framed-errors.ts';
import { ResponseTimeoutError, WindowFullError } from '../../protocols/shared/framed-session.ts';
import { resultName, resultOutcome, type ResultOverrides } from '../../protocols/sgip/result-codes.ts';
import type { SubmitFailure } from '../smpp/submit-failure.ts';

export type { SubmitFailure };

/** "sgip:11": the Result code in decimal, as the spec numbers them. */
export function sgipErrorCode(result: number): string {
  return `sgip:${result}`;
}

export function submitFailure(error: unknown, overrides: ResultOverrides, where?: string): SubmitFailure {
  const suffix = where ? ` (${where})` : '';
  if (error instanceof ResponseStatusError) {
    // A refused Bind on an on-demand connect is the link's trouble, not the message's: retry it.
    if (error.command === 'bind_resp') return { outcome: 'transient', errorCode: 'connector:login', errorMessage: `Bind refused: ${resultName(error.status)}${suffix}` };
    const outcome = resultOutcome(error.status, overrides);
    return { outcome: outcome === 'ok' ? 'transient' : outcome, errorCode: sgipErrorCode(error.status), errorMessage: `${error.command} ${resultName(error.status)}${suffix}` };
  }
  if (error instanceof WindowFullError) return { outcome: 'transient', errorCode: 'connector:busy', errorMessage: `window full${suffix}` };
  if (error instanceof ResponseTimeoutError) {
    // No answer in time: the SMG may still deliver it; the core's policy weighs duplicates against loss.
    return { outcome: 'transient', errorCode: 'connector:timeout', errorMessage: `no Submit_Resp in time${suffix}` };
  }
  if (error instanceof SessionClosedError || error instanceof NotReadyError) return { outcome: 'transient', errorCode: 'connector:closed', errorMessage: `${error.message}${suffix}` };
  if (error instanceof EncodingError) return { outcome: 'permanent', errorCode: `connector:encoding:${error.code}`, errorMessage: error.message };
  if (error instanceof PduEncodeError) return { outcome: 'permanent', errorCode: 'connector:invalid_field', errorMessage: error.message };
  const message = error instanceof Error ? error.message : String(error);
  // Connection refused, unreachable, TLS failures: the link is down.
  return { outcome: 'transient', errorCode: 'connector:down', errorMessage: `${message}${suffix}` };
}
