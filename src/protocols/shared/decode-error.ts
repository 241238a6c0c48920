// Typed errors raised while framing, decoding or encoding a PDU, carrying where it went wrong.

/** Why a PDU could not be decoded. */
export type DecodeErrorKind =
  | 'bad_length' // command_length outside the allowed range: the stream is no longer framed
  | 'unknown_command' // command id not defined by the protocol
  | 'truncated' // a field runs past the end of the PDU
  | 'string_too_long' // a C-string has no NUL within its maximum size
  | 'bad_value' // a field holds a value the protocol does not allow
  | 'bad_optional'; // the optional-parameter (TLV) area is malformed

export interface DecodeErrorContext {
  commandId?: number;
  sequenceNumber?: number;
  offset: number;
  field?: string;
  /** The protocol's own status code for the answer to this PDU (e.g. ESME_RINVCMDLEN). */
  status?: number;
}

export class PduDecodeError extends Error {
  readonly kind: DecodeErrorKind;
  readonly commandId?: number;
  readonly sequenceNumber?: number;
  readonly offset: number;
  readonly field?: string;
  readonly status?: number;

  constructor(kind: DecodeErrorKind, message: string, context: DecodeErrorContext) {
    const where = context.field ? `${context.field} at offset ${context.offset}` : `offset ${context.offset}`;
    const command = context.commandId === undefined ? '' : ` (command 0x${hex32(context.commandId)})`;
    super(`${message}: ${where}${command}`);
    this.name = 'PduDecodeError';
    this.kind = kind;
    this.commandId = context.commandId;
    this.sequenceNumber = context.sequenceNumber;
    this.offset = context.offset;
    this.field = context.field;
    this.status = context.status;
  }
}

/** A PDU handed to an encoder that cannot be put on the wire as given. */
export class PduEncodeError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'PduEncodeError';
    this.field = field;
  }
}

export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
