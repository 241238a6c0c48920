// What the core needs from an upstream connector; connectors/ implement it, main.ts wires it in.
import type { EventEmitter } from 'node:events';
import type { Outcome } from './errors.ts';
import type { Message, TextEncodingName } from './message.ts';

/** The parts of a message a connector needs to send it. */
export type OutboundMessage = Pick<Message, 'id' | 'sender' | 'recipient' | 'text' | 'encoding' | 'segments' | 'wantReceipt' | 'validUntil' | 'priority'>;

/** A message the upstream accepted: one upstream id per PDU it was sent in. */
export interface SubmitAccepted {
  ok: true;
  upstreamIds: string[];
  /** The ids as normalised for receipt lookup (same order); defaults to upstreamIds. */
  upstreamKeys?: string[];
}

/** A message the upstream refused, or that could not be sent; `outcome` decides retry or failure. */
export interface SubmitRefused {
  ok: false;
  outcome: Outcome;
  /** Stable, protocol-qualified, e.g. "smpp:0x00000058" or "connector:closed". */
  errorCode: string;
  errorMessage: string;
}

export type SubmitResult = SubmitAccepted | SubmitRefused;

/** A delivery receipt as a connector reports it, already normalised. */
export interface ReceiptEvent {
  connectorId: string;
  /** Lookup keys for the upstream id, most exact first (see protocols/smpp/message-id messageIdKeys). */
  upstreamKeys: string[];
  state: 'delivered' | 'undelivered' | 'expired' | 'rejected' | 'unknown' | 'enroute';
  /** Raw status from the carrier, kept for display and category mapping, e.g. "DELIVRD", "MK:0005". */
  rawStatus: string;
  errorCode: string | null;
  doneAt: number;
}

/** An MO message as a connector reports it (already reassembled). */
export interface MoEvent {
  connectorId: string;
  sender: string;
  recipient: string;
  text: string;
  encoding: TextEncodingName | 'binary';
  receivedAt: number;
}

export type ConnectorState = 'starting' | 'up' | 'down' | 'stopped';

export interface ConnectorStats {
  state: ConnectorState;
  /** Messages sent and not yet answered. */
  inFlight: number;
  window: number;
  sessionsUp: number;
  sessionsTotal: number;
  submitted: number;
  failed: number;
}

/**
 * Where a connector hands what the carrier sends. The connector answers the carrier (e.g.
 * deliver_sm_resp) only after the returned promise resolves, so nothing the carrier handed over is
 * lost on a crash; a rejection makes it answer with a temporary error so the carrier retries.
 */
export interface ConnectorHandlers {
  onReceipt(receipt: ReceiptEvent): Promise<void>;
  onMo(mo: MoEvent): Promise<void>;
}

/**
 * An upstream connection (or a pool of binds) to one carrier.
 * Events: 'busy', 'drain', 'state' (ConnectorState).
 */
export interface Connector extends EventEmitter {
  readonly id: string;
  /** Set once by the core before start(). */
  attach(handlers: ConnectorHandlers): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one message (all its segments). Never throws: failures come back as SubmitRefused. */
  submit(message: OutboundMessage): Promise<SubmitResult>;
  /** True while it cannot take another message now (not bound, window full, socket backed up). */
  readonly busy: boolean;
  /** The state stats() reports, without the cost of gathering the rest: asked for every message. */
  readonly state: ConnectorState;
  stats(): ConnectorStats;
  /**
   * Only for a carrier that lives in our process (the built-in simulator): told at start which of
   * its upstream ids still await a receipt, since it forgot them when the process ended, where a
   * real carrier would keep them and send the receipts when we bind again.
   */
  resumeReceipts?(upstreamIds: string[]): void;
}
