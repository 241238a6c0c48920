// Types shared by SMPP sessions and their users: requests and replies, handlers, options, stats.
import type { SmppCommand } from './pdu-table.ts';
import type { SmppBody, SmppPdu, SmppPduOf } from './pdu-types.ts';
import type { SessionRole, SessionState } from './session-rules.ts';
import type { SmppSession } from './session.ts';

/** Requests that expect a response, and the response each one gets. */
export type RequestCommand = Exclude<SmppCommand, `${string}_resp` | 'generic_nack' | 'outbind' | 'alert_notification'>;
export type ResponseCommand<C extends RequestCommand> = `${C}_resp` & SmppCommand;
export type ResponseOf<C extends RequestCommand> = SmppPduOf<ResponseCommand<C>>;

/** What a request handler answers: a status and the response body (both optional). */
export type Reply<C extends RequestCommand> = { command_status?: number } & SmppBody<ResponseCommand<C>>;

/** Returned by a handler that answered the request itself (or chose not to): the session sends nothing. */
export const NO_REPLY: unique symbol = Symbol('no reply');

export type HandlerResult = Reply<RequestCommand> | void | typeof NO_REPLY;
export type RequestHandler = (pdu: SmppPdu, session: SmppSession) => HandlerResult | Promise<HandlerResult>;

export interface SmppSessionOptions {
  role: SessionRole;
  /** Outbound requests awaiting a response before the session reports busy. */
  window?: number;
  /** Time allowed for each response (3.4 §7.2 response_timer). */
  requestTimeoutMs?: number;
  /** Idle time after which an enquire_link is sent; 0 disables keep-alive (3.4 §7.2 enquire_link_timer). */
  enquireLinkIntervalMs?: number;
  /** Largest PDU accepted; larger lengths mean a broken stream. */
  maxPduSize?: number;
  /** Inbound requests being handled at once before reading from the socket pauses. */
  maxPendingInbound?: number;
  /** How long the socket may refuse writes before the peer is considered dead. */
  drainTimeoutMs?: number;
  /** Time allowed between connect and a successful bind (3.4 §7.2 session_init_timer); 0 disables. */
  bindTimeoutMs?: number;
  /** Handles every inbound request except enquire_link and unbind, which the session answers itself. */
  onRequest?: RequestHandler;
}

export interface SessionStats {
  state: SessionState;
  window: number;
  inFlight: number;
  pendingInbound: number;
  busy: boolean;
  requestsSent: number;
  responsesReceived: number;
  requestsReceived: number;
  responsesSent: number;
  timeouts: number;
  protocolErrors: number;
}

