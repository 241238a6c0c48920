// Public surface of the CMPP 2.0/3.0 wire layer: codec, helpers, session dialect, client, server, fake ISMG.
export type { CmppVersion } from './version.ts';
export { CMPP_VERSIONS, versionOctet, versionFromOctet } from './version.ts';
export { CMPP_COMMAND_IDS, CMPP_MAX_RECIPIENTS, isResponseCommand, responseOf } from './pdu-table.ts';
export type { CmppCommand, CmppPdu, CmppPduOf, CmppPduInput, CmppPduInputOf, CmppBodyOf, CmppBodyInputOf } from './pdu-types.ts';
export { decodeCmpp, encodeCmpp, cmppCommandId, cmppCommandOf, cmppFrameOptions, cmppMaxFrameLength, CMPP_HEADER_LENGTH } from './codec.ts';
export {
  cmppTimestamp,
  timestampText,
  sourceAuthenticator,
  ismgAuthenticator,
  connectRequest,
  verifyConnect,
  connectResponse,
  verifyConnectResponse,
  BEIJING_UTC_OFFSET_MINUTES,
  type CmppSecret,
  type ConnectRequestOptions,
  type ConnectResponseOptions,
} from './authenticator.ts';
export { CmppConnectStatus, connectStatusName } from './connect-status.ts';
export { parseMsgId, formatMsgId, isMsgId, msgIdToDecimal, msgIdFromDecimal, nthMsgId, groupMsgIds, type MsgIdParts } from './msg-id.ts';
export { MsgIdGenerator, type MsgIdGeneratorOptions } from './msg-id-generator.ts';
export {
  decodeCmppReport,
  encodeCmppReport,
  reportOf,
  CMPP20_REPORT_LENGTH,
  CMPP30_REPORT_LENGTH,
  type CmppReport,
  type CmppReportInput,
} from './report.ts';
export { statOutcome, statTable, DEFAULT_STAT_TABLE, type StatTable, type ReportOutcome } from './report-stat.ts';
export { CmppResult, resultOutcome, resultName, resultForDecodeError, DEFAULT_RESULT_OUTCOMES, type CmppOutcome, type ResultOverrides } from './result.ts';
export { MsgFmt, msgFmtOf, encodingOfMsgFmt, chooseCmppEncoding, encodeCmppText, decodeCmppText, type CmppTextEncoding } from './msg-fmt.ts';
export { cmppSubmitParts, recipientBatches, type CmppSubmitBody, type CmppSubmitPartsOptions } from './submit-parts.ts';
export { CmppInboundAssembler, cmppUserDataOf, type CmppUserData, type CmppInboundText, type CmppInboundResult } from './inbound-message.ts';
export { cmppDeliverParts, cmppReportDeliver, type CmppDeliverBody } from './deliver-parts.ts';
export { formatReportTime, parseReportTime } from './report-time.ts';
export { CmppDialect, CMPP_RESULT_SYSTEM_ERROR, type CmppFrame, type CmppFrameOf } from './dialect.ts';
export { CmppClient, CmppAuthenticatorError, type CmppClientOptions } from './client.ts';
export { CmppServer, type CmppServerOptions, type CmppSession, type CmppLoginDecision } from './server.ts';
export { FakeIsmg, type FakeIsmgOptions, type FakeIsmgMode, type FakeIsmgStats, type InjectedMo } from './testing/fake-ismg.ts';
export { terminalIdOf, e164OfTerminalId } from './terminal-id.ts';
