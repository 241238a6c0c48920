// The one error class of the platform: a stable code, an outcome and an HTTP status, from one catalogue.

export type Outcome = 'permanent' | 'transient' | 'throttled';

interface ErrorSpec {
  status: number;
  outcome: Outcome;
  message: string;
}

/** Every code the platform reports to a client. Codes are stable: clients branch on them. */
export const ERROR_CATALOGUE = {
  bad_request: { status: 400, outcome: 'permanent', message: 'the request is malformed' },
  validation_failed: { status: 400, outcome: 'permanent', message: 'a field is invalid' },
  invalid_number: { status: 400, outcome: 'permanent', message: 'not a valid phone number' },
  text_too_long: { status: 400, outcome: 'permanent', message: 'the text needs more segments than allowed' },
  invalid_encoding: { status: 400, outcome: 'permanent', message: 'the text cannot be encoded' },
  too_many_recipients: { status: 400, outcome: 'permanent', message: 'too many recipients in one request' },
  unauthorized: { status: 401, outcome: 'permanent', message: 'missing or invalid credentials' },
  forbidden: { status: 403, outcome: 'permanent', message: 'not allowed for this account' },
  not_found: { status: 404, outcome: 'permanent', message: 'no such resource' },
  conflict: { status: 409, outcome: 'permanent', message: 'the resource is in a state that does not allow this' },
  no_route: { status: 422, outcome: 'permanent', message: 'no route for this destination' },
  content_blocked: { status: 422, outcome: 'permanent', message: 'the text contains a blocked word' },
  blacklisted: { status: 422, outcome: 'permanent', message: 'the recipient is on a blacklist' },
  frequency_limited: { status: 429, outcome: 'permanent', message: 'the recipient already got as many messages as a frequency limit allows' },
  no_consent: { status: 422, outcome: 'permanent', message: 'the recipient has not consented to marketing messages' },
  rate_limited: { status: 429, outcome: 'throttled', message: 'too many requests' },
  upstream_rejected: { status: 502, outcome: 'permanent', message: 'the carrier rejected the message' },
  upstream_unavailable: { status: 503, outcome: 'transient', message: 'the carrier connection is not available' },
  unavailable: { status: 503, outcome: 'transient', message: 'the platform cannot accept messages right now' },
  internal: { status: 500, outcome: 'transient', message: 'internal error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly outcome: Outcome;
  /** The offending field, e.g. "recipients[3]" or "text". */
  readonly field?: string;
  /** Structured particulars a client can act on, e.g. the blocked words and where they are. */
  readonly details?: ReadonlyArray<Record<string, unknown>>;

  constructor(code: ErrorCode, message?: string, field?: string, details?: ReadonlyArray<Record<string, unknown>>) {
    const spec = ERROR_CATALOGUE[code];
    super(message ?? spec.message);
    this.name = 'AppError';
    this.code = code;
    this.status = spec.status;
    this.outcome = spec.outcome;
    this.field = field;
    if (details !== undefined) this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; field?: string; details?: ReadonlyArray<Record<string, unknown>> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}
