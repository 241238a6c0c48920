// Public surface of the SGIP 1.2 layer (China Unicom).
export { CommandId, LoginType, SGIP_DEFAULT_PORT, isResponseId, type LoginTypeValue } from './command-ids.ts';
export { decodeSgipPdu, decodeSgipHeader, encodeSgip, encodeSgipPdu, commandIdOf, commandOf, SGIP_HEADER_LENGTH } from './codec.ts';
export { createSgipDialect, SGIP_MAX_FRAME, type SgipDialectOptions } from './dialect.ts';
export { SGIP_PDUS, RESPONSE_OF, MAX_MESSAGE_CONTENT, MAX_USER_COUNT } from './pdu-table.ts';
export type { SgipPdu, SgipPduOf, SgipBody, SgipPduInput, SgipPduInputOf, SgipCommand, SgipRequestCommand, SgipResponseCommand } from './pdu-types.ts';
export type { TraceNode, TraceRespBody } from './trace-resp.ts';
export { formatSequenceNumber, parseSequenceNumber, reportKey, sgipTimestamp, SgipCounter, type SgipSequenceNumber } from './sequence-number.ts';
export { SgipResult, resultName, resultOutcome, DEFAULT_RESULT_OUTCOMES, type ResultOutcome, type ResultOverrides, type SgipResultName } from './result-codes.ts';
export {
  ReportState,
  rawReportStatus,
  normalizeReportStatus,
  reportStatusNormalizer,
  DEFAULT_REPORT_STATUS_TABLE,
  type NormalizedReportStatus,
  type ReportStatusTable,
} from './report-status.ts';
export { MessageCoding, SGIP_TEXT_ENCODINGS, decodeSgipText, encodeSgipText, isBinaryCoding, messageCodingFor, type SgipTextEncoding } from './message-coding.ts';
export { sgipMessageParts, chooseSgipEncoding, type SgipMessagePart, type SgipMessagePartsOptions } from './message-parts.ts';
export { SgipInboundAssembler, type SgipInboundText, type SgipInboundResult } from './inbound-message.ts';
export { SgipClient, type SgipClientOptions, type SgipClientState, type SgipClientStats } from './client.ts';
export { SgipServer, credentialsAuthenticator, NO_REPLY, type SgipServerOptions, type SgipBindRequest, type SgipReply, type SgipSession } from './server.ts';
export { FakeSmg, type FakeSmgOptions, type FakeSmgMode, type FakeSmgStats, type FakeMo, type FakeReportOutcome } from './testing/fake-smg.ts';
