// Failed logins per client address, across usernames and doors: the console login and Kannel's sendsms answer
// 429 with Retry-After, SMPP binds ESME_RBINDFAIL and CMPP connects OTHER_ERROR, once an address has failed
// 20 times in 15 minutes; other addresses and the per-user lock-out are unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IP_LOGIN_POLICY } from '../../../src/core/auth/login-throttle.ts';
import { CmppClient } from '../../../src/protocols/cmpp/client.ts';
import { CmppConnectStatus } from '../../../src/protocols/cmpp/connect-status.ts';
import { SmppClient } from '../../../src/protocols/smpp/client.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';
import { bearer, expectError } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
const LIMIT = IP_LOGIN_POLICY.maxFailures;

beforeAll(async () => {
  platform = await startTestPlatform({
    accounts: [{ id: 'acme', smpp: [{ systemId: 'acme', password: 'secret1' }], cmpp: [{ spId: '901234', secret: 'acme-secret' }] }],
    connectors: [{ id: 'sim', type: 'simulator' }],
    routes: [{ connectors: ['sim'] }],
  });
});
afterAll(async () => platform?.stop());

const login = (remoteAddress: string, username: string, password: string) =>
  platform.http.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress, payload: { username, password } });
const sendsms = (remoteAddress: string, user: string, pass: string) =>
  platform.http.inject({ method: 'GET', url: `/cgi-bin/sendsms?username=${user}&password=${pass}&to=13800138000&text=hi`, remoteAddress });

async function bindStatus(password: string): Promise<number> {
  const client = new SmppClient({ host: '127.0.0.1', port: platform.smppPort!, system_id: 'acme', password, reconnect: false, enquireLinkIntervalMs: 0 });
  try {
    await client.connect();
    return 0;
  } catch (error) {
    return (error as { status: number }).status;
  } finally {
    await client.close();
  }
}

describe('login throttle per client address', () => {
  it('console: failures across many usernames make the address wait, with 429 and Retry-After; others sign in', async () => {
    const ip = '10.20.30.40';
    // Four wrong admin passwords (one short of the user lock-out) and the rest spread over unknown names.
    for (let i = 0; i < LIMIT; i++) expectError(await login(ip, i < 4 ? 'admin' : `nobody-${i}`, 'wrong-password'), 401, 'unauthorized');
    const refused = await login(ip, 'admin', 'admin123');
    const error = expectError(refused, 429, 'rate_limited');
    expect(error.message).toContain(ip);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(IP_LOGIN_POLICY.windowMs / 1000 - 60);
    expect(retryAfter).toBeLessThanOrEqual(IP_LOGIN_POLICY.windowMs / 1000);
    // Not the user's lock-out: the same user signs in from another address.
    const elsewhere = await login('10.20.30.41', 'admin', 'admin123');
    expect(elsewhere.statusCode).toBe(200);
    const token = (elsewhere.json() as { token: string }).token;
    const audit = await platform.http.inject({ method: 'GET', url: '/v1/audit?action=auth.login_throttled', headers: bearer(token) });
    expect((audit.json() as { items: Array<{ ip: string }> }).items.map((e) => e.ip)).toEqual([ip]);
  });

  it('Kannel sendsms: wrong SMPP credentials count the same way and are answered 429 with Retry-After', async () => {
    const ip = '10.20.30.50';
    for (let i = 0; i < LIMIT; i++) expect((await sendsms(ip, i % 2 ? 'acme' : `ghost${i}`, 'wrong')).statusCode).toBe(403);
    const refused = await sendsms(ip, 'acme', 'secret1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await sendsms('10.20.30.51', 'acme', 'secret1')).statusCode).toBe(202);
  });

  it('SMPP binds and CMPP connects share the count: after 20 wrong binds the address is refused on both, even with good credentials', async () => {
    expect(await bindStatus('secret1')).toBe(0);
    for (let i = 0; i < LIMIT; i++) expect(await bindStatus('wrong')).toBe(CommandStatus.ESME_RINVPASWD);
    expect(await bindStatus('secret1')).toBe(CommandStatus.ESME_RBINDFAIL);
    const cmpp = new CmppClient({ host: '127.0.0.1', port: platform.cmppPort!, spId: '901234', secret: 'acme-secret', reconnect: false, activeTestIntervalMs: 0 });
    await expect(cmpp.connect()).rejects.toMatchObject({ status: CmppConnectStatus.OTHER_ERROR });
    await cmpp.close();
    // The console counts the same address too.
    expectError(await login('127.0.0.1', 'admin', 'admin123'), 429, 'rate_limited');
  });
});
