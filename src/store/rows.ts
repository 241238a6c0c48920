// Maps database rows (snake_case; JSON as text or parsed JSONB; flags as 0/1 or boolean) to the domain types.
import type { Message, MessageEvent, MessagePart, MoMessage } from '../core/message.ts';
import type { Account, ConnectorRecord, Credential, MoRouteRecord, OutboxItem, RouteRecord, UnmatchedReceipt, User } from './types.ts';

export type Row = Record<string, unknown>;

/** SQLite hands back JSON as text, PostgreSQL's JSONB as a parsed value. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));

/** Column order shared by both INSERTs of messages. */
export const MESSAGE_COLUMNS = [
  'id', 'account_id', 'source', 'client_ref', 'sender', 'recipient', 'text', 'encoding', 'segments', 'priority', 'state',
  'connector_id', 'route_id', 'tag', 'category', 'batch_id', 'callback_url', 'want_receipt', 'attempts', 'next_attempt_at', 'valid_until',
  'scheduled_at', 'inflight_since', 'error_code', 'error_message', 'created_at', 'submitted_at', 'done_at', 'updated_at',
  'cost', 'unit_price', 'template_code', 'signature', 'carrier',
] as const;

/** A message as column values in MESSAGE_COLUMNS order; `wantReceipt` as given by `flag`. */
export function messageValues<B>(m: Message, flag: (b: boolean) => B): unknown[] {
  return [
    m.id, m.accountId, m.source, m.clientRef, m.sender, m.recipient, m.text, m.encoding, m.segments, m.priority, m.state,
    m.connectorId, m.routeId, m.tag, m.category, m.batchId, m.callbackUrl, flag(m.wantReceipt), m.attempts, m.nextAttemptAt, m.validUntil,
    m.scheduledAt, m.inflightSince, m.errorCode, m.errorMessage, m.createdAt, m.submittedAt, m.doneAt, m.updatedAt,
    m.cost ?? null, m.unitPrice ?? null, m.templateCode ?? null, m.signature ?? null, m.carrier ?? null,
  ];
}

export function messageFromRow(r: Row): Message {
  const message: Message = {
    id: str(r.id),
    accountId: str(r.account_id),
    source: r.source as Message['source'],
    clientRef: strOrNull(r.client_ref),
    sender: strOrNull(r.sender),
    recipient: str(r.recipient),
    text: str(r.text),
    encoding: r.encoding as Message['encoding'],
    segments: num(r.segments),
    priority: num(r.priority) as Message['priority'],
    state: r.state as Message['state'],
    connectorId: strOrNull(r.connector_id),
    routeId: strOrNull(r.route_id),
    tag: strOrNull(r.tag),
    category: r.category as Message['category'],
    batchId: strOrNull(r.batch_id),
    callbackUrl: strOrNull(r.callback_url),
    wantReceipt: Boolean(r.want_receipt),
    attempts: num(r.attempts),
    nextAttemptAt: num(r.next_attempt_at),
    validUntil: num(r.valid_until),
    scheduledAt: numOrNull(r.scheduled_at),
    inflightSince: numOrNull(r.inflight_since),
    errorCode: strOrNull(r.error_code),
    errorMessage: strOrNull(r.error_message),
    createdAt: num(r.created_at),
    submittedAt: numOrNull(r.submitted_at),
    doneAt: numOrNull(r.done_at),
    updatedAt: num(r.updated_at),
  };
  // Only billed messages carry their charge, so unbilled ones read back exactly as they were written.
  if (r.cost !== null && r.cost !== undefined) {
    message.cost = num(r.cost);
    message.unitPrice = numOrNull(r.unit_price);
  }
  // Likewise what only some messages have: a refund, a template, a signature, the carrier.
  if (r.refunded_at !== null && r.refunded_at !== undefined) message.refundedAt = num(r.refunded_at);
  if (r.template_code !== null && r.template_code !== undefined) message.templateCode = str(r.template_code);
  if (r.signature !== null && r.signature !== undefined) message.signature = str(r.signature);
  if (r.carrier !== null && r.carrier !== undefined) message.carrier = str(r.carrier);
  return message;
}

export function eventFromRow(r: Row): MessageEvent {
  return { messageId: str(r.message_id), at: num(r.at), state: r.state as MessageEvent['state'], detail: strOrNull(r.detail) };
}

export function partFromRow(r: Row): MessagePart {
  const part: MessagePart = {
    messageId: str(r.message_id),
    partNo: num(r.part_no),
    connectorId: str(r.connector_id),
    upstreamKey: str(r.upstream_key),
    upstreamId: str(r.upstream_id),
    state: r.state as MessagePart['state'],
    errorCode: strOrNull(r.error_code),
  };
  // Only parts a receipt settled carry it, so a part reads back as it was written.
  if (r.raw_status !== null && r.raw_status !== undefined) part.rawStatus = str(r.raw_status);
  return part;
}

export function accountFromRow(r: Row): Account {
  return {
    id: str(r.id),
    name: str(r.name),
    status: r.status as Account['status'],
    callbackUrl: strOrNull(r.callback_url),
    callbackSecret: str(r.callback_secret),
    tps: num(r.tps),
    createdAt: num(r.created_at),
    parentId: strOrNull(r.parent_id),
  };
}

export function userFromRow(r: Row): User {
  return {
    username: str(r.username),
    passwordHash: str(r.password_hash),
    accountId: strOrNull(r.account_id),
    role: r.role as User['role'],
    createdAt: num(r.created_at),
    disabled: Boolean(r.disabled),
    failedLogins: num(r.failed_logins),
    lockedUntil: r.locked_until === null || r.locked_until === undefined ? null : num(r.locked_until),
    sessionsValidFrom: num(r.sessions_valid_from ?? 0),
  };
}

export function credentialFromRow(r: Row): Credential {
  return {
    id: str(r.id),
    accountId: str(r.account_id),
    kind: r.kind as Credential['kind'],
    identifier: str(r.identifier),
    secretHash: str(r.secret_hash),
    scope: r.scope as Credential['scope'],
    maxBinds: num(r.max_binds),
    ipAllowlist: parseJson<string[]>(r.ip_allowlist),
    createdAt: num(r.created_at),
    name: strOrNull(r.name),
  };
}

export function connectorFromRow(r: Row): ConnectorRecord {
  return {
    id: str(r.id),
    type: r.type as ConnectorRecord['type'],
    name: str(r.name),
    enabled: Boolean(r.enabled),
    settings: parseJson<Record<string, unknown>>(r.settings),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export function routeFromRow(r: Row): RouteRecord {
  return {
    id: str(r.id),
    position: num(r.position),
    name: str(r.name),
    filters: parseJson<RouteRecord['filters']>(r.filters),
    strategy: r.strategy as RouteRecord['strategy'],
    connectors: parseJson<RouteRecord['connectors']>(r.connectors),
    isDefault: Boolean(r.is_default),
    enabled: Boolean(r.enabled),
  };
}

export function moRouteFromRow(r: Row): MoRouteRecord {
  return { id: str(r.id), pattern: str(r.pattern), accountId: str(r.account_id) };
}

export function moFromRow(r: Row): MoMessage {
  return {
    id: str(r.id),
    accountId: strOrNull(r.account_id),
    connectorId: str(r.connector_id),
    sender: str(r.sender),
    recipient: str(r.recipient),
    text: str(r.text),
    receivedAt: num(r.received_at),
  };
}

export function unmatchedFromRow(r: Row): UnmatchedReceipt {
  return {
    id: str(r.id),
    connectorId: str(r.connector_id),
    upstreamKeys: parseJson<string[]>(r.upstream_keys),
    state: r.state as UnmatchedReceipt['state'],
    rawStatus: str(r.raw_status),
    errorCode: strOrNull(r.error_code),
    doneAt: num(r.done_at),
    receivedAt: num(r.received_at),
    attempts: num(r.attempts),
    nextTryAt: num(r.next_try_at),
  };
}

export function outboxFromRow(r: Row): OutboxItem {
  return {
    id: str(r.id),
    accountId: str(r.account_id),
    kind: r.kind as OutboxItem['kind'],
    target: str(r.target),
    event: r.event as OutboxItem['event'],
    payload: parseJson<Record<string, unknown>>(r.payload),
    attempts: num(r.attempts),
    nextAttemptAt: num(r.next_attempt_at),
    createdAt: num(r.created_at),
  };
}
