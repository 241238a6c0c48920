// The message as the platform sees it: one row per recipient, its states and priorities.

/** DESIGN.md "Message states"; `cancelled` only before submit. */
export type MessageState =
  | 'scheduled'
  | 'accepted'
  | 'queued'
  | 'submitted'
  | 'delivered'
  | 'undelivered'
  | 'expired'
  | 'rejected'
  | 'failed'
  | 'cancelled';

export const FINAL_STATES: ReadonlySet<MessageState> = new Set(['delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled']);

/** States of a message still on its way ('accepted' is never stored). */
export type PendingState = 'scheduled' | 'queued' | 'submitted';
export const PENDING_STATES: readonly PendingState[] = ['scheduled', 'queued', 'submitted'];

export function isFinal(state: MessageState): boolean {
  return FINAL_STATES.has(state);
}

/** Lower is more urgent: verification codes overtake notifications, which overtake bulk campaigns. */
export const Priority = { urgent: 0, normal: 1, bulk: 2 } as const;
export type PriorityName = keyof typeof Priority;
export type PriorityValue = (typeof Priority)[PriorityName];

/**
 * What a message is for (domain.md 2.3): marketing messages get the opt-out text, wait for sending
 * hours and are priced apart; verification and notification go out at any hour.
 */
export const MESSAGE_CATEGORIES = ['verification', 'notification', 'marketing'] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

/** Where a message entered the platform. */
export type MessageSource = 'api' | 'smpp' | 'cmpp' | 'console' | 'campaign';

export type TextEncodingName = 'gsm7' | 'ucs2' | 'latin1' | 'ia5';

/** A stored message (one recipient). Times are epoch milliseconds. */
export interface Message {
  id: string;
  accountId: string;
  source: MessageSource;
  /** Caller's own reference (Idempotency-Key / client_ref); unique per account for 24 h. */
  clientRef: string | null;
  sender: string | null;
  /** E.164, e.g. +8613800138000. */
  recipient: string;
  text: string;
  encoding: TextEncodingName;
  segments: number;
  priority: PriorityValue;
  state: MessageState;
  connectorId: string | null;
  routeId: string | null;
  tag: string | null;
  category: MessageCategory;
  /** The campaign run (or other bulk job) the message belongs to; null for single sends. */
  batchId: string | null;
  callbackUrl: string | null;
  /** Ask the upstream for a delivery receipt (SMPP registered_delivery). */
  wantReceipt: boolean;
  attempts: number;
  /** When the lane may next pick it up. */
  nextAttemptAt: number;
  /** After this the message is given up (expired). */
  validUntil: number;
  scheduledAt: number | null;
  /** Set while a lane holds the message in flight; cleared on any outcome. Survives a crash. */
  inflightSince: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: number;
  submittedAt: number | null;
  doneAt: number | null;
  updatedAt: number;
  /** Reserved at intake in li (1/10000 yuan): billable segments × unitPrice; null/absent = not billed. */
  cost?: number | null;
  unitPrice?: number | null;
  /**
   * The recipient's carrier as routing resolved it at intake (segment table, or the ported-number
   * override in force then); '' when unknown. Absent on messages stored before it was recorded.
   */
  carrier?: string | null;
  /** When the cost was given back (失败返还); absent = not refunded. Set only by billing, never at intake. */
  refundedAt?: number | null;
  /** The template the message was sent with (its code); absent/null = a plain text. */
  templateCode?: string | null;
  /** The signature name (签名, without 【】) the composer placed; absent/null = none. */
  signature?: string | null;
}

/** One upstream part of a message (a segment, or the whole message when it went in one PDU). */
export interface MessagePart {
  messageId: string;
  partNo: number;
  connectorId: string;
  /** The upstream's id as normalised for lookup (see protocols/smpp/message-id). */
  upstreamKey: string;
  upstreamId: string;
  state: 'submitted' | 'delivered' | 'undelivered' | 'expired' | 'rejected' | 'unknown';
  errorCode: string | null;
  /** The receipt's status as the carrier wrote it (e.g. "DELIVRD", "MK:0005"); absent until a receipt came. */
  rawStatus?: string | null;
}

/** One row of a message's history. */
export interface MessageEvent {
  messageId: string;
  at: number;
  state: MessageState;
  /** What caused it, e.g. "submit_sm_resp ESME_RTHROTTLED", "receipt DELIVRD err:000". */
  detail: string | null;
}

/** A mobile-originated (上行) message after reassembly. */
export interface MoMessage {
  id: string;
  accountId: string | null;
  connectorId: string;
  sender: string;
  recipient: string;
  text: string;
  receivedAt: number;
}
