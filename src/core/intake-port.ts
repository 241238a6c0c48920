// What ingresses (REST API, SMPP server, console, campaigns) hand to the core, and what they get back.
import type { ErrorCode } from './errors.ts';
import type { MessageCategory, MessageSource, MessageState, PriorityName, TextEncodingName } from './message.ts';

export type TemplateParams = Readonly<Record<string, string | number>>;

export interface SubmitRequest {
  accountId: string;
  source: MessageSource;
  recipients: string[];
  /** The text; omitted when a template is sent (templateId). */
  text?: string;
  /** An approved template (its code, e.g. SMS_000123) to render instead of `text`; its category wins. */
  templateId?: string;
  /**
   * The template's parameters, or with a plain text the values of its ${name} variables (names in any
   * script): one object for every recipient, or one per recipient in order.
   */
  params?: TemplateParams | TemplateParams[];
  /** An approved signature to send under (default: the account's default signature). */
  signatureId?: string;
  sender?: string | null;
  priority?: PriorityName;
  /** Epoch ms; in the future → the message waits as 'scheduled'. */
  scheduleAt?: number | null;
  /** Seconds the platform keeps trying (default from config, e.g. 48 h). */
  validitySeconds?: number | null;
  callbackUrl?: string | null;
  /** Idempotency: the same reference within 24 h returns the first request's results. */
  clientRef?: string | null;
  /**
   * false: clientRef is only stored with the message and reported back, never looked up (CMPP
   * ingress keeps each recipient's Msg_Id of a group SUBMIT in it). Default true.
   */
  idempotent?: boolean;
  tag?: string | null;
  /** What the message is for (default notification). */
  category?: MessageCategory;
  /** The campaign run this message belongs to (set by the campaign runner). */
  batchId?: string;
  /** Ask carriers for delivery receipts (default true). */
  wantReceipt?: boolean;
  /** Set only by the platform for its opt-out confirmation: the unsubscribe list must not stop it. */
  skipUnsubscribe?: boolean;
}

export type RecipientResult =
  | { recipient: string; ok: true; messageId: string; segments: number; encoding: TextEncodingName; normalized: string; /** Set when the message waits (caller's schedule or sending hours). */ scheduledAt?: number }
  | { recipient: string; ok: false; error: { code: ErrorCode; message: string; field?: string; details?: ReadonlyArray<Record<string, unknown>> } };

export interface SubmitResponse {
  results: RecipientResult[];
  /** True when clientRef matched an earlier request and nothing new was stored. */
  duplicate: boolean;
}

/** Implemented by core/intake; every ingress uses it. Resolves only after the messages are committed. */
export interface IntakePort {
  submit(request: SubmitRequest): Promise<SubmitResponse>;
}

/** What a customer is told when one of its messages changes state (webhook item, SMPP receipt). */
export interface StatusPayload {
  messageId: string;
  clientRef: string | null;
  recipient: string;
  sender: string | null;
  state: MessageState;
  /** Carrier's raw status or our error code, e.g. "DELIVRD", "MK:0005", "smpp:0x0000000b". */
  errorCode: string | null;
  errorMessage: string | null;
  segments: number;
  /** Epoch ms. */
  createdAt: number;
  submittedAt: number | null;
  doneAt: number | null;
  at: number;
}

/** What a customer is told about a mobile-originated message routed to it. */
export interface MoPayload {
  id: string;
  sender: string;
  recipient: string;
  text: string;
  receivedAt: number;
  /** Set when the text was an opt-out keyword: the sender is now on the account's unsubscribe list. */
  optOut?: true;
}

/**
 * Delivers receipts and MO to customers connected over a session protocol; implemented by
 * ingress/smpp-server (deliver_sm to a system_id) and ingress/cmpp-server (DELIVER to an SP_Id).
 */
export interface SessionDeliveryPort {
  /** Targets (system_ids, SP_Ids) with at least one session able to receive right now. */
  boundSystemIds(): string[];
  /** Sends one status or MO event; resolves when the customer acknowledged it. */
  deliver(target: string, event: { kind: 'status'; payload: StatusPayload } | { kind: 'mo'; payload: MoPayload }): Promise<void>;
}

export type SmppDeliveryPort = SessionDeliveryPort;
export type CmppDeliveryPort = SessionDeliveryPort;
