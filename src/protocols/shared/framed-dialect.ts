// What a fixed-header protocol (CMPP, SGIP, SMGP) tells the shared session about itself.

/** Every decoded PDU names its command and carries the number its response is matched by. */
export interface FramedPdu {
  readonly command: string;
  /** The window key: CMPP/SMGP Sequence_Id, or the counter part of SGIP's 12-octet sequence. */
  readonly sequence: number;
}

/** Why the session itself refuses a request, for the dialect to turn into its own status code. */
export type RefusalReason =
  | 'not_logged_in' // a request other than login before login succeeded
  | 'already_logged_in' // a second login on a session
  | 'no_handler' // nobody handles this command
  | 'malformed' // the frame was intact but its body was not
  | 'internal'; // the handler failed

export interface FramedDialect<P extends FramedPdu> {
  /** For messages and logs, e.g. "CMPP 3.0". */
  readonly name: string;
  readonly headerLength: number;
  readonly maxFrameLength: number;
  /** The login request; the only one allowed before the session is ready. */
  readonly login: string;
  /** Keep-alive request answered by the session itself, or null when the protocol has none (SGIP). */
  readonly keepAlive: string | null;
  /** Request that ends the session (CMPP TERMINATE, SGIP Unbind, SMGP Exit). */
  readonly terminate: string;
  /** Decodes one whole frame; throws PduDecodeError (with commandId and sequenceNumber when known). */
  decode(frame: Buffer): P;
  /**
   * The header of a frame whose body could not be decoded, as a PDU without body fields (enough to
   * answer it), or null when the command is unknown.
   */
  decodeHeader(frame: Buffer): P | null;
  /** True when the header's command id is a response. */
  isResponseId(commandId: number): boolean;
  /** The response command of a request, or null when the request has none. */
  responseOf(command: string): string | null;
  /** Encodes a request with the sequence the session chose. Throws PduEncodeError on a bad body. */
  encodeRequest(command: string, sequence: number, body: object): Buffer;
  /** Encodes the response to `request` (echoing its sequence). */
  encodeResponse(request: P, body: object): Buffer;
  /** The status a response carries: 0 means success. */
  statusOf(response: P): number;
  /** The response body that refuses a request for `reason`, or null to answer nothing. */
  refusal(command: string, reason: RefusalReason): object | null;
  /** Largest sequence number before wrapping. */
  readonly maxSequence: number;
}
