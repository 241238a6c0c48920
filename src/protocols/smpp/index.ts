// Public surface of the SMPP 3.4 layer.
export { SmppClient, type SmppClientOptions, type ClientStats } from './client.ts';
export { SmppServer, type SmppServerOptions, type BindRequest, type BindDecision, type ServerStats } from './server.ts';
export { SmppSession, NO_REPLY, WindowFullError, ResponseTimeoutError, type SmppSessionOptions, type RequestHandler, type Reply } from './session.ts';
export { SmppStatusError, SessionClosedError, InvalidStateError, DrainTimeoutError } from './errors.ts';
export { decodePdu, encodePdu, encodeBody } from './codec.ts';
export type { SmppPdu, SmppPduOf, SmppPduInput, SmppBody, SmppCommand } from './pdu-types.ts';
export { CommandStatus, commandStatusName, statusOutcome, type StatusOutcome } from './command-status.ts';
export { MessageState } from './message-state.ts';
export { parseReceiptText, formatReceiptText, receiptFromTlvs } from './receipt.ts';
export { normalizeMessageId, messageIdKeys, type ReceiptIdFormat } from './message-id.ts';
export { messageParts, type MessagePart } from './message-parts.ts';
export { InboundMessageAssembler, userDataOf } from './inbound-message.ts';
export { FakeSmsc, type FakeSmscOptions, type FakeSmscMode } from './testing/fake-smsc.ts';
export { FakeEsme, type FakeEsmeOptions, type FakeEsmeMode } from './testing/fake-esme.ts';
