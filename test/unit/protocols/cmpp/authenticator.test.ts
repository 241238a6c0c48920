// CONNECT login: authenticator vectors C1/C2/C3, building and verifying CONNECT and CONNECT_RESP.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cmppTimestamp,
  connectRequest,
  connectResponse,
  ismgAuthenticator,
  sourceAuthenticator,
  timestampText,
  verifyConnect,
  verifyConnectResponse,
} from '../../../../src/protocols/cmpp/authenticator.ts';
import { decodeCmpp, encodeCmpp } from '../../../../src/protocols/cmpp/codec.ts';
import { CmppConnectStatus, connectStatusName } from '../../../../src/protocols/cmpp/connect-status.ts';
import type { CmppPduOf } from '../../../../src/protocols/cmpp/pdu-types.ts';
import { versionFromOctet, versionOctet } from '../../../../src/protocols/cmpp/version.ts';
import { vector } from '../../../support/vectors.ts';

const C1_AUTH = Buffer.from('8d326dca20c3caf859e29c556dcce940', 'hex');
const connectC1 = () => decodeCmpp(vector('cmpp30_connect'), '3.0') as CmppPduOf<'connect'>;

describe('CMPP authenticators', () => {
  it('AuthenticatorSource of C1 = MD5("901234" ‖ 9×00 ‖ "1234" ‖ "1120203225")', () => {
    expect(sourceAuthenticator('901234', '1234', 1120203225).equals(C1_AUTH)).toBe(true);
    expect(sourceAuthenticator('901234', Buffer.from('1234'), 1120203225).equals(C1_AUTH)).toBe(true);
  });

  it('AuthenticatorISMG of C2 (4-octet Status) and C3 (1-octet Status)', () => {
    expect(ismgAuthenticator(0, C1_AUTH, '1234', '3.0').toString('hex')).toBe('807a1cecbaf879e3e0c680a2d700fbe8');
    expect(ismgAuthenticator(0, C1_AUTH, '1234', '2.0').toString('hex')).toBe('55ea81808e7024d46fd887737785fad9');
  });

  it('hashes a Timestamp before October with its leading zero (pitfall 8)', () => {
    expect(timestampText(301000000)).toBe('0301000000');
    const expected = createHash('md5')
      .update(Buffer.concat([Buffer.from('901234'), Buffer.alloc(9), Buffer.from('1234'), Buffer.from('0301000000')]))
      .digest();
    expect(sourceAuthenticator('901234', '1234', 301000000).equals(expected)).toBe(true);
  });

  it('Timestamp is MMDDHHMMSS in Beijing time unless told otherwise', () => {
    const instant = new Date('2023-11-20T12:32:25Z');
    expect(cmppTimestamp(instant)).toBe(1120203225);
    expect(cmppTimestamp(instant, 0)).toBe(1120123225);
    expect(cmppTimestamp(new Date('2023-02-28T16:00:00Z'))).toBe(301000000);
  });
});

describe('CMPP login exchange', () => {
  it('connectRequest builds C1 byte for byte', () => {
    const pdu = connectRequest({ sourceAddr: '901234', secret: '1234', version: '3.0', sequenceId: 1, timestamp: 1120203225 });
    expect(encodeCmpp(pdu, '3.0').equals(vector('cmpp30_connect'))).toBe(true);
  });

  it('the ISMG verifies C1 with the right secret only', () => {
    expect(verifyConnect(connectC1(), '1234')).toBe(true);
    expect(verifyConnect(connectC1(), '1235')).toBe(false);
    expect(verifyConnect({ ...connectC1(), Timestamp: 1120203226 }, '1234')).toBe(false);
  });

  it('connectResponse answers C1 with C2 in 3.0 and C3 in 2.0', () => {
    expect(encodeCmpp(connectResponse(connectC1(), { secret: '1234', version: '3.0' }), '3.0').equals(vector('cmpp30_connect_resp'))).toBe(true);
    expect(encodeCmpp(connectResponse(connectC1(), { secret: '1234', version: '2.0' }), '2.0').equals(vector('cmpp20_connect_resp'))).toBe(true);
  });

  it('a refusal carries an all-zero AuthenticatorISMG', () => {
    const refusal = connectResponse(connectC1(), { secret: '1234', version: '3.0', status: CmppConnectStatus.AUTH_FAILED });
    expect(refusal.Status).toBe(3);
    expect(Buffer.from(refusal.AuthenticatorISMG!).equals(Buffer.alloc(16))).toBe(true);
  });

  it('the SP verifies C2 and C3 (either Status width), and rejects a wrong secret', () => {
    const c2 = decodeCmpp(vector('cmpp30_connect_resp'), '3.0') as CmppPduOf<'connect_resp'>;
    const c3 = decodeCmpp(vector('cmpp20_connect_resp'), '2.0') as CmppPduOf<'connect_resp'>;
    expect(verifyConnectResponse(c2, C1_AUTH, '1234')).toBe(true);
    expect(verifyConnectResponse(c3, C1_AUTH, '1234')).toBe(true);
    expect(verifyConnectResponse(c2, C1_AUTH, 'wrong')).toBe(false);
    expect(verifyConnectResponse({ ...c2, AuthenticatorISMG: Buffer.alloc(16) }, C1_AUTH, '1234')).toBe(false);
  });

  it('status names and version octets', () => {
    expect(connectStatusName(3)).toBe('authentication failed (3)');
    expect(connectStatusName(9)).toBe('other error (9)');
    expect(versionOctet('3.0')).toBe(0x30);
    expect(versionOctet('2.0')).toBe(0x20);
    expect(versionFromOctet(0x21)).toBe('2.0');
    expect(versionFromOctet(0x30)).toBe('3.0');
    expect(versionFromOctet(0x10)).toBeUndefined();
  });
});
