import { describe, expect, it } from 'vitest';
import { decodeSgipPdu } from '../../../../src/protocols/sgip/codec.ts';
import { createSgipDialect } from '../../../../src/protocols/sgip/dialect.ts';
import type { SgipPdu } from '../../../../src/protocols/sgip/pdu-types.ts';
import { SgipResult } from '../../../../src/protocols/sgip/result-codes.ts';
import { vector } from '../../../support/vectors.ts';

// 2023-11-20 20:32:25 in Beijing: the G1 vector's timestamp.
const CLOCK = () => Date.UTC(2023, 10, 20, 12, 32, 25);

describe('SGIP dialect', () => {
  const dialect = createSgipDialect({ nodeId: 3010012345, now: CLOCK });

  it('stamps requests with our node id and the Beijing time, the counter from the session', () => {
    const bind = dialect.encodeRequest('bind', 1, { LoginType: 1, LoginName: 'sp_user', LoginPassword: 'sp_pass' });
    expect(bind.toString('hex')).toBe(vector('sgip_bind').toString('hex'));
    const local = createSgipDialect({ nodeId: 1, utcOffsetMinutes: 0, now: CLOCK });
    expect(decodeSgipPdu(local.encodeRequest('unbind', 5, {})).SequenceNumber).toEqual({ nodeId: 1, timestamp: 1120123225, counter: 5 });
  });

  it('echoes all 12 octets of the request in its response', () => {
    const report = decodeSgipPdu(vector('sgip_report'));
    const response = decodeSgipPdu(dialect.encodeResponse(report, { Result: 0 }));
    expect(response).toMatchObject({ command: 'report_resp', SequenceNumber: report.SequenceNumber, sequence: 77, Result: 0 });
    expect(dialect.encodeResponse(decodeSgipPdu(vector('sgip_bind')), { Result: 0 }).toString('hex')).toBe(vector('sgip_bind_resp').toString('hex'));
  });

  it('describes SGIP to the session: no keep-alive, Unbind ends it, Result is the status', () => {
    expect([dialect.login, dialect.keepAlive, dialect.terminate, dialect.headerLength]).toEqual(['bind', null, 'unbind', 20]);
    expect(dialect.responseOf('submit')).toBe('submit_resp');
    expect(dialect.responseOf('submit_resp')).toBeNull();
    expect(dialect.isResponseId(0x80000003)).toBe(true);
    expect(dialect.statusOf(decodeSgipPdu(vector('sgip_submit_resp')))).toBe(0);
    expect(dialect.statusOf({ command: 'unbind_resp', sequence: 1, SequenceNumber: { nodeId: 0, timestamp: 0, counter: 1 } } as SgipPdu)).toBe(0);
  });

  it('refuses with the Result for each reason', () => {
    expect(dialect.refusal('deliver', 'not_logged_in')).toEqual({ Result: SgipResult.ILLEGAL_LOGIN });
    expect(dialect.refusal('bind', 'already_logged_in')).toEqual({ Result: SgipResult.REPEATED_LOGIN });
    expect(dialect.refusal('submit', 'no_handler')).toEqual({ Result: SgipResult.FUNCTION_NOT_PROVIDED });
    expect(dialect.refusal('report', 'malformed')).toEqual({ Result: SgipResult.BAD_PARAMETER_FORMAT });
    expect(dialect.refusal('deliver', 'internal')).toEqual({ Result: SgipResult.NODE_BUSY });
    expect(dialect.refusal('unbind', 'not_logged_in')).toEqual({});
  });

  it('gives the header of a frame whose body is broken, to answer it', () => {
    const broken = Buffer.from(vector('sgip_deliver').subarray(0, 40));
    broken.writeUInt32BE(40, 0);
    expect(() => dialect.decode(broken)).toThrow();
    expect(dialect.decodeHeader(broken)).toMatchObject({ command: 'deliver', sequence: 78 });
  });

  it('refuses a node id that does not fit 32 bits', () => {
    expect(() => createSgipDialect({ nodeId: 2 ** 32 })).toThrow(RangeError);
  });
});
