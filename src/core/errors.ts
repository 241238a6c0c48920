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
  read_only: { status: 403, outcome: 'permanent', message: 'this user or API key may only read' },
  insufficient_role: { status: 403, outcome: 'permanent', message: 'this needs an account owner (users, API keys, audit log)' },
  user_disabled: { status: 403, outcome: 'permanent', message: 'this user is disabled' },
  account_locked: { status: 423, outcome: 'permanent', message: 'too many failed sign-ins: the user is locked for a while' },
  not_found: { status: 404, outcome: 'permanent', message: 'no such resource' },
  conflict: { status: 409, outcome: 'permanent', message: 'the resource is in a state that does not allow this' },
  payload_too_large: { status: 413, outcome: 'permanent', message: 'the upload is larger than allowed' },
  backup_invalid: { status: 422, outcome: 'permanent', message: 'the file is not a backup this platform can restore' },
  no_route: { status: 422, outcome: 'permanent', message: 'no route for this destination' },
  content_blocked: { status: 422, outcome: 'permanent', message: 'the text contains a blocked word' },
  blacklisted: { status: 422, outcome: 'permanent', message: 'the recipient is on a blacklist' },
  // Templates and signatures (issue 5 item 4 / 6).
  template_invalid: { status: 400, outcome: 'permanent', message: 'the template breaks a content rule' },
  signature_invalid: { status: 400, outcome: 'permanent', message: 'the signature name is not allowed' },
  missing_parameter: { status: 400, outcome: 'permanent', message: 'a template variable has no value' },
  template_not_approved: { status: 422, outcome: 'permanent', message: 'the template is not approved' },
  signature_not_approved: { status: 422, outcome: 'permanent', message: 'the signature is not approved' },
  misplaced_brackets: { status: 422, outcome: 'permanent', message: 'the text holds 【】 outside the signature' },
  insufficient_balance: { status: 402, outcome: 'permanent', message: 'the account balance does not cover the cost' },
  no_price: { status: 422, outcome: 'permanent', message: 'the account has no price for this destination' },
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
