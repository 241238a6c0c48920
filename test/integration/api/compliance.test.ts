// Compliance over HTTP on both stores: frequency limits refused per recipient naming the rule, the
// whitelist, marketing held outside sending hours (stored scheduled, never handed to a lane), consent
// required → no_consent, an unsubscribe reply revoking consent, admin-only platform defaults, tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorConnector } from '../../../src/connectors/simulator/connector.ts';
import { adminToken, bearer, createAccount, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let acme: string;
let globex: string;

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

type Item = { to: string; status: string; id?: string; scheduledAt?: string; error?: { code: string; message: string; details?: Array<Record<string, unknown>> } };
const send = async (token: string, to: string[], category: string, text = '您的验证码是 123456') => {
  const res = await call('POST', '/v1/messages', token, { to, text, category });
  return { status: res.statusCode, messages: (res.json() as { messages: Item[] }).messages };
};
const stateOf = async (token: string, id: string) => ((await call('GET', `/v1/messages/${id}`, token)).json() as { state: string; scheduledAt: string | null }).state;

/** "HH:MM" in Beijing time of an instant. */
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(11, 16);

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  beforeAll(async () => {
    platform = await startTestPlatform({}, { store });
    admin = await adminToken(platform);
    acme = await createAccount(platform, admin, { id: 'acme' });
    globex = await createAccount(platform, admin, { id: 'globex' });
    const mo = await call('POST', '/v1/mo-routes', admin, { id: 'acme-mo', pattern: '1069888', accountId: 'acme' });
    expect(mo.statusCode, mo.body).toBe(201);
  });
  afterAll(() => platform?.stop());

  it('refuses a 2nd verification code within a minute by the default 1/min rule', async () => {
    expect((await send(acme, ['13800000001'], 'verification')).messages[0].status).toBe('accepted');
    const second = await send(acme, ['13800000001', '13800000002'], 'verification');
    expect(second.messages[0]).toMatchObject({ status: 'rejected', error: { code: 'frequency_limited', details: [{ category: 'verification', window: 'minute', limit: 1, count: 1 }] } });
    expect(second.messages[0].error!.message).toBe('+8613800000001 already got 1 verification message in the last minute (limit 1/min)');
    expect(second.messages[1].status).toBe('accepted');
    // Other categories and other accounts have their own counts.
    expect((await send(acme, ['13800000001'], 'notification')).messages[0].status).toBe('accepted');
    expect((await send(globex, ['13800000001'], 'verification')).messages[0].status).toBe('accepted');
  });

  it('refuses the 6th verification message within an hour naming the 5/h rule; a whitelisted number passes', async () => {
    // The account lifts the minute rule so only the hourly one applies.
    const put = await call('PUT', '/v1/compliance/frequency-rules', acme, { rules: [{ category: 'verification', window: 'minute', limit: 0 }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().effective).toEqual([
      { category: 'verification', window: 'hour', limit: 5 },
      { category: 'verification', window: 'day', limit: 10 },
    ]);
    for (let i = 0; i < 5; i++) expect((await send(acme, ['13800000010'], 'verification')).messages[0].status).toBe('accepted');
    const sixth = await send(acme, ['13800000010'], 'verification');
    expect(sixth.status).toBe(429);
    expect(sixth.messages[0].error).toMatchObject({ code: 'frequency_limited', message: '+8613800000010 already got 5 verification messages in the last hour (limit 5/h)' });

    expect((await call('POST', '/v1/compliance/whitelist', acme, { number: '13800000011' })).statusCode).toBe(201);
    expect((await call('GET', '/v1/compliance/whitelist', acme)).json()).toEqual({ numbers: ['+8613800000011'] });
    for (let i = 0; i < 12; i++) expect((await send(acme, ['13800000011'], 'verification')).messages[0].status).toBe('accepted');
    // Off the whitelist, the counting starts from there.
    expect((await call('DELETE', '/v1/compliance/whitelist?number=13800000011', acme)).json()).toEqual({ removed: 1 });
    expect((await call('PUT', '/v1/compliance/frequency-rules', acme, { rules: null })).json().account).toBeNull();
  });

  it('platform rules are the admin\'s; bad rules and hours are 400s naming the field', async () => {
    expectError(await call('PUT', '/v1/compliance/frequency-rules/platform', acme, { rules: [] }), 403, 'forbidden');
    expectError(await call('PUT', '/v1/compliance/sending-hours/platform', acme, { hours: null }), 403, 'forbidden');
    const rule = { category: 'marketing', window: 'day', limit: 2 };
    expectError(await call('PUT', '/v1/compliance/frequency-rules', acme, { rules: [rule, rule] }), 400, 'validation_failed', 'rules[1]');
    expectError(await call('PUT', '/v1/compliance/sending-hours', acme, { hours: { start: '08:00', end: '21:00', timeZone: 'Mars/Olympus' } }), 400, 'validation_failed', 'hours.timeZone');
    expect((await call('PUT', '/v1/compliance/sending-hours', acme, { hours: { start: '8:00', end: '21:00' } })).statusCode).toBe(400);
    const platformRules = await call('PUT', '/v1/compliance/frequency-rules/platform', admin, { rules: [{ category: 'all', window: 'day', limit: 40 }, rule] });
    expect(platformRules.statusCode, platformRules.body).toBe(200);
    expect((await call('GET', '/v1/compliance/frequency-rules', globex)).json().effective).toEqual([{ category: 'all', window: 'day', limit: 40 }, rule]);
    expect((await send(globex, ['13800000020'], 'marketing', '新品上市 拒收请回复R')).messages[0].status).not.toBe('rejected');
    expect((await send(globex, ['13800000020'], 'marketing', '新品上市 拒收请回复R')).messages[0].status).not.toBe('rejected');
    expect((await send(globex, ['13800000020'], 'marketing', '新品上市 拒收请回复R')).messages[0].error).toMatchObject({ code: 'frequency_limited', details: [{ category: 'marketing', window: 'day', limit: 2 }] });
    expect((await call('PUT', '/v1/compliance/frequency-rules/platform', admin, { rules: null })).json().rules).toHaveLength(3);
  });

  it('holds marketing outside the sending hours as scheduled for the window opening; other categories go at once', async () => {
    const now = Date.now();
    const opening = Math.floor((now + 2 * 3600_000) / 60_000) * 60_000;
    const hours = { start: beijing(opening), end: beijing(opening + 3600_000) };
    const put = await call('PUT', '/v1/compliance/sending-hours', acme, { hours });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().effective).toEqual({ ...hours, timeZone: 'Asia/Shanghai', days: null });
    expect((await call('GET', '/v1/compliance/sending-hours', globex)).json().effective).toMatchObject({ start: '08:00', end: '21:00' });

    const marketing = await send(acme, ['13800000030'], 'marketing', '周末大促 拒收请回复R');
    expect(marketing.status).toBe(202);
    expect(marketing.messages[0]).toMatchObject({ status: 'scheduled', scheduledAt: new Date(opening).toISOString() });
    const notice = await send(acme, ['13800000030'], 'notification', '您的订单已发货');
    expect(notice.messages[0].status).toBe('accepted');
    // The notification goes out and gets its receipt (the seeded simulator makes 5 % undelivered); the held
    // marketing message stays in the store, not on a lane.
    const SENT = ['delivered', 'undelivered', 'expired'];
    await pollUntil(() => stateOf(acme, notice.messages[0].id!), (s) => SENT.includes(s), 'the notification to be sent and settled');
    expect(await stateOf(acme, marketing.messages[0].id!)).toBe('scheduled');
    expect((await call('PUT', '/v1/compliance/sending-hours', acme, { hours: null })).json().account).toBeNull();
  });

  it('with consent required, marketing without a current grant is refused no_consent; a grant lets it through', async () => {
    const allDay = { start: '00:00', end: '00:00' };
    expect((await call('PUT', '/v1/compliance/sending-hours', acme, { hours: allDay })).statusCode).toBe(200);
    expect((await call('PUT', '/v1/compliance/consent-policy', acme, { requireMarketingConsent: true })).json()).toEqual({ requireMarketingConsent: true });
    const refused = await send(acme, ['13800000040'], 'marketing', '会员日 拒收请回复R');
    expect(refused.status).toBe(422);
    expect(refused.messages[0].error).toMatchObject({ code: 'no_consent' });
    expect((await send(acme, ['13800000040'], 'notification', '您的订单已发货')).messages[0].status).toBe('accepted');

    const grant = await call('POST', '/v1/consents', acme, { number: '13800000040', status: 'granted', source: 'web_form', evidence: 'signup form, IP 10.0.0.1' });
    expect(grant.statusCode, grant.body).toBe(201);
    expect(grant.json()).toMatchObject({ number: '+8613800000040', status: 'granted', source: 'web_form' });
    expect((await send(acme, ['13800000040'], 'marketing', '会员日 拒收请回复R')).messages[0].status).toBe('accepted');
    // globex cannot read acme's records, nor does acme's grant count for globex.
    expect((await call('GET', '/v1/consents/13800000040', globex)).json()).toMatchObject({ current: 'none', history: [] });
    expectError(await call('GET', '/v1/consents?accountId=acme', globex), 403, 'forbidden');
    expectError(await call('GET', '/v1/compliance/frequency-rules?accountId=acme', globex), 403, 'forbidden');
    expectError(await call('PUT', '/v1/compliance/consent-policy?accountId=acme', globex, { requireMarketingConsent: false }), 403, 'forbidden');
    expectError(await call('POST', '/v1/consents', acme, { number: 'abc', status: 'granted', source: 'web_form' }), 400, 'invalid_number', 'number');

    await call('POST', '/v1/consents', acme, { number: '13800000040', status: 'revoked', source: 'console' });
    expect((await send(acme, ['13800000040'], 'marketing', '会员日 拒收请回复R')).messages[0].error?.code).toBe('no_consent');
    const history = (await call('GET', '/v1/consents/13800000040', acme)).json() as { current: string; history: Array<{ status: string }> };
    expect(history.current).toBe('revoked');
    expect(history.history.map((h) => h.status)).toEqual(['revoked', 'granted']);
  });

  it('an unsubscribe reply records a revocation: consent evidence of the refusal', async () => {
    await call('POST', '/v1/consents', acme, { number: '13700137050', status: 'granted', source: 'import' });
    const sim = platform.gateway.connectors.get('simulator') as SimulatorConnector;
    await pollUntil(async () => sim.stats().state, (s) => s === 'up', 'the simulator to come up');
    await sim.injectMo('+8613700137050', '10698881234', 'TD');
    const after = await pollUntil(
      async () => (await call('GET', '/v1/consents/13700137050', acme)).json() as { current: string; history: Array<{ status: string; source: string; evidence: string }> },
      (h) => h.current === 'revoked',
      'the reply to revoke consent',
    );
    expect(after.history[0]).toMatchObject({ status: 'revoked', source: 'sms_reply', evidence: 'replied TD' });
    const page = (await call('GET', '/v1/consents?limit=1', acme)).json() as { items: Array<{ number: string }>; nextCursor: string | null };
    expect(page.items[0].number).toBe('+8613700137050');
    expect(page.nextCursor).not.toBeNull();
    const next = (await call('GET', `/v1/consents?limit=50&cursor=${page.nextCursor}`, acme)).json() as { items: Array<{ number: string }> };
    expect(next.items.length).toBeGreaterThan(1);
    await call('PUT', '/v1/compliance/consent-policy', acme, { requireMarketingConsent: false });
  });
});
