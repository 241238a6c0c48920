// The REST API against hostile and careless clients: every bad request gets the right 4xx with a
// JSON error naming what was wrong, other accounts' data stays invisible, and fuzzed bodies never
// produce a 5xx. One real platform (SQLite in a temp dir, ephemeral ports) for the whole file.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createAccount, expectError, pollUntil, type ApiError } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

interface SendItem {
  to: string;
  id?: string;
  normalized?: string;
  status: 'accepted' | 'scheduled' | 'rejected';
  error?: ApiError;
}
interface SendAnswer {
  duplicate: boolean;
  messages: SendItem[];
}

let platform: TestPlatform;
let demoKey: string;
let otherKey: string;
let admin: string;

const GOOD = ['13800138000', '+8613900139000', '0086 139-0013-9001', '8615800158000'];

beforeAll(async () => {
  platform = await startTestPlatform();
  demoKey = platform.seed.demo!.apiKey;
  admin = await adminToken(platform);
  otherKey = await createAccount(platform, admin, { id: 'other' });
});

afterAll(async () => {
  await platform?.stop();
});

function send(payload: unknown, key = demoKey, headers: Record<string, string> = {}) {
  return platform.http.inject({ method: 'POST', url: '/v1/messages', headers: { ...bearer(key), ...headers }, payload: payload as object });
}

function sendRaw(url: string, body: string, contentType = 'application/json', key = demoKey) {
  return platform.http.inject({ method: 'POST', url, headers: { ...bearer(key), 'content-type': contentType }, payload: body });
}

async function sendOne(text = 'hello', key = demoKey): Promise<string> {
  const res = await send({ to: '13800138000', text }, key);
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as SendAnswer).messages[0].id!;
}

describe('malformed bodies', () => {
  it('malformed JSON is a 400 saying the body is not valid JSON', async () => {
    const error = expectError(await sendRaw('/v1/messages', '{"to": "13800138000", "text": '), 400, 'bad_request');
    expect(error.message).toMatch(/JSON/);
  });

  it('a body that is not JSON is a 415 asking for application/json, text/plain included', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const error = expectError(await sendRaw('/v1/messages', 'to=13800138000&text=hi', type), 415, 'unsupported_media_type');
      expect(error.message).toMatch(/application\/json/);
    }
  });

  it('an empty body is a 400: empty JSON, and no body at all naming the body', async () => {
    const empty = expectError(await sendRaw('/v1/messages', ''), 400, 'bad_request');
    expect(empty.message).toMatch(/empty/i);
    const none = expectError(await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(demoKey) }), 400, 'validation_failed', 'body');
    expect(none.message).toMatch(/object/);
  });

  it('JSON that is not an object is a 400 naming the body', async () => {
    for (const body of ['null', '[]', '"hello"', '42']) {
      expectError(await sendRaw('/v1/messages', body), 400, 'validation_failed', 'body');
    }
  });

  it('a body over 1 MiB is a 413', async () => {
    const error = expectError(await sendRaw('/v1/messages', JSON.stringify({ to: '13800138000', text: 'x'.repeat(1024 * 1024) })), 413, 'payload_too_large');
    expect(error.message).toMatch(/too large/i);
  });
});

describe('schema violations name the field', () => {
  it('an unknown top-level field', async () => {
    const error = expectError(await send({ to: '13800138000', text: 'hi', colour: 'red' }), 400, 'validation_failed', 'colour');
    expect(error.message).toContain("unknown field 'colour'");
  });

  it('an unknown field nested in a batch item', async () => {
    const res = await platform.http.inject({
      method: 'POST',
      url: '/v1/messages/batch',
      headers: bearer(demoKey),
      payload: { messages: [{ to: '13800138000', text: 'a' }, { to: '13800138001', text: 'b', priority: 'urgent' }] },
    });
    const error = expectError(res, 400, 'validation_failed', 'messages[1].priority');
    expect(error.message).toContain('unknown field');
  });

  it.each([
    ['text', { to: '13800138000', text: { zh: '你好' } }, /string/],
    ['to', { to: { number: '13800138000' }, text: 'hi' }, /string|array/],
    ['to[1]', { to: ['13800138000', { n: 1 }], text: 'hi' }, /string/],
    ['receipt', { to: '13800138000', text: 'hi', receipt: 'yes please' }, /boolean/],
    ['validitySeconds', { to: '13800138000', text: 'hi', validitySeconds: 'soon' }, /integer/],
    ['validitySeconds', { to: '13800138000', text: 'hi', validitySeconds: 10 }, />= 60/],
    ['priority', { to: '13800138000', text: 'hi', priority: 'asap' }, /urgent.*normal.*bulk/],
    ['scheduleAt', { to: '13800138000', text: 'hi', scheduleAt: { at: 1 } }, /string|integer/],
    ['callbackUrl', { to: '13800138000', text: 'hi', callbackUrl: 'not a url' }, /uri/],
  ])('wrong type or range: %s', async (field, body, rule) => {
    const error = expectError(await send(body), 400, 'validation_failed', field);
    expect(error.message).toMatch(rule);
  });

  it('a scheduleAt that is not a time, or beyond what a date can hold, is a 400 (not a 500)', async () => {
    for (const scheduleAt of ['tomorrow', 1e17, '99999999999999999999']) {
      const error = expectError(await send({ to: '13800138000', text: 'hi', scheduleAt }), 400, 'validation_failed', 'scheduleAt');
      expect(error.message).toMatch(/ISO-8601/);
    }
  });

  it('an empty "to", an empty list and 1001 recipients are refused naming "to"', async () => {
    expect(expectError(await send({ to: '', text: 'hi' }), 400, 'validation_failed', 'to').message).toMatch(/fewer than 1 characters/);
    expect(expectError(await send({ to: [], text: 'hi' }), 400, 'validation_failed', 'to').message).toMatch(/fewer than 1 items/);
    const many = Array.from({ length: 1001 }, (_, i) => `138${String(i).padStart(8, '0')}`);
    expect(expectError(await send({ to: many, text: 'hi' }), 400, 'validation_failed', 'to').message).toMatch(/more than 1000 items/);
    expectError(await send({ text: 'hi' }), 400, 'validation_failed', 'to');
  });

  it('an empty or missing text is refused naming "text"', async () => {
    expectError(await send({ to: '13800138000', text: '' }), 400, 'validation_failed', 'text');
    expectError(await send({ to: '13800138000' }), 400, 'validation_failed', 'text');
  });

  it('a text needing more segments than allowed is text_too_long', async () => {
    // 21 UCS-2 segments of 67 characters; the platform allows 20.
    const error = expectError(await send({ to: '13800138000', text: '短'.repeat(67 * 21) }), 400, 'text_too_long', 'text');
    expect(error.message).toMatch(/21 segments.*20/);
  });

  it('an over-long or ill-formed sender is refused naming "from"', async () => {
    expect(expectError(await send({ to: '13800138000', text: 'hi', from: 'A'.repeat(21) }), 400, 'validation_failed', 'from').message).toMatch(/more than 20/);
    expectError(await send({ to: '13800138000', text: 'hi', from: '<script>' }), 400, 'validation_failed', 'from');
  });
});

describe('recipients', () => {
  it('a bad number among good ones: 202, only that recipient rejected with field to[i]', async () => {
    const res = await send({ to: ['13800138000', 'not-a-number', '+86 139 0013 9000'], text: 'hi' });
    expect(res.statusCode, res.body).toBe(202);
    const { messages, duplicate } = res.json() as SendAnswer;
    expect(duplicate).toBe(false);
    expect(messages.map((m) => m.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(messages[1]).toMatchObject({ to: 'not-a-number', error: { code: 'invalid_number', field: 'to[1]' } });
    expect(messages[1].id).toBeUndefined();
    expect(messages[0].normalized).toBe('+8613800138000');
    expect(messages[2].normalized).toBe('+8613900139000');
    // The accepted ones are really stored.
    const stored = await platform.http.inject({ method: 'GET', url: `/v1/messages/${messages[2].id}`, headers: bearer(demoKey) });
    expect(stored.statusCode).toBe(200);
  });

  it('only bad numbers: 400 with the first rejection as the error and every recipient listed', async () => {
    const res = await send({ to: ['abc', '010-12345678', '12345'], text: 'hi' });
    expectError(res, 400, 'invalid_number', 'to[0]');
    const { messages } = res.json() as SendAnswer;
    expect(messages).toHaveLength(3);
    expect(messages.every((m) => m.status === 'rejected')).toBe(true);
    expect(messages[1].error).toMatchObject({ code: 'invalid_number', field: 'to[1]' });
    expect(messages[1].error!.message).toMatch(/fixed-line/);
  });
});

describe('authentication and authorisation', () => {
  it('no token, a malformed header or an unknown key is a 401', async () => {
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages' }), 401, 'unauthorized');
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages', headers: { authorization: 'Basic YWRtaW46YWRtaW4xMjM=' } }), 401, 'unauthorized');
    expect(expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages', headers: bearer('kx_nope') }), 401, 'unauthorized').message).toMatch(/unknown API key/);
    expect(expectError(await platform.http.inject({ method: 'GET', url: '/v1/me', headers: bearer('forged.session') }), 401, 'unauthorized').message).toMatch(/session/);
    expectError(await send({ to: '13800138000', text: 'hi' }, 'kx_nope'), 401, 'unauthorized');
  });

  it("another account's key cannot read, find or cancel a message: 404, never the data", async () => {
    const id = await sendOne('secret code 4711');
    for (const res of [
      await platform.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(otherKey) }),
      await platform.http.inject({ method: 'DELETE', url: `/v1/messages/${id}`, headers: bearer(otherKey) }),
    ]) {
      expectError(res, 404, 'not_found', 'id');
      expect(res.body).not.toContain('4711');
      expect(res.body).not.toContain('13800138000');
    }
    const list = await platform.http.inject({ method: 'GET', url: '/v1/messages?limit=500', headers: bearer(otherKey) });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(id);
    expect(list.body).not.toContain('4711');
    // The owner still sees it, not cancelled.
    const own = await platform.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(demoKey) });
    expect(own.statusCode).toBe(200);
    expect((own.json() as { state: string }).state).not.toBe('cancelled');
  });

  it('an account key on admin endpoints is a 403, before its body is even validated', async () => {
    const calls = [
      { method: 'GET', url: '/v1/connectors' },
      { method: 'POST', url: '/v1/connectors', payload: { id: 'x', type: 'simulator', settings: {} } },
      { method: 'GET', url: '/v1/routes' },
      { method: 'POST', url: '/v1/routes/explain', payload: { accountId: 'demo', to: '+8613800138000' } },
      { method: 'GET', url: '/v1/mo-routes' },
      { method: 'GET', url: '/v1/accounts' },
      { method: 'POST', url: '/v1/accounts', payload: { id: 'mine', name: 'mine' } },
      { method: 'POST', url: '/v1/accounts', payload: {} },
      { method: 'DELETE', url: '/v1/routes/default' },
    ] as const;
    for (const call of calls) {
      const res = await platform.http.inject({ ...call, headers: bearer(otherKey) });
      expect(expectError(res, 403, 'forbidden').message, `${call.method} ${call.url}`).toMatch(/administrator/);
    }
    // Nothing was created or deleted.
    const accounts = await platform.http.inject({ method: 'GET', url: '/v1/accounts', headers: bearer(admin) });
    expect(accounts.body).not.toContain('"mine"');
    expect((await platform.store.routes.list()).some((r) => r.id === 'default')).toBe(true);
  });

  it('an account key naming another account in ?accountId= is a 403 naming accountId', async () => {
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages?accountId=demo', headers: bearer(otherKey) }), 403, 'forbidden', 'accountId');
    expectError(await platform.http.inject({ method: 'POST', url: '/v1/messages?accountId=demo', headers: bearer(otherKey), payload: { to: '13800138000', text: 'hi' } }), 403, 'forbidden', 'accountId');
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/mo?accountId=demo', headers: bearer(otherKey) }), 403, 'forbidden', 'accountId');
    // Its own id is fine.
    expect((await platform.http.inject({ method: 'GET', url: '/v1/messages?accountId=other', headers: bearer(otherKey) })).statusCode).toBe(200);
  });

  it('an admin sending without ?accountId= is a 400 naming accountId; with it, the message is the account’s', async () => {
    const error = expectError(await send({ to: '13800138000', text: 'hi' }, admin), 400, 'validation_failed', 'accountId');
    expect(error.message).toMatch(/accountId/);
    const res = await platform.http.inject({ method: 'POST', url: '/v1/messages?accountId=other', headers: bearer(admin), payload: { to: '13800138000', text: 'for other' } });
    expect(res.statusCode, res.body).toBe(202);
    const id = (res.json() as SendAnswer).messages[0].id;
    const seen = await platform.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(otherKey) });
    expect((seen.json() as { accountId: string }).accountId).toBe('other');
    expectError(await platform.http.inject({ method: 'POST', url: '/v1/messages?accountId=ghost', headers: bearer(admin), payload: { to: '13800138000', text: 'hi' } }), 403, 'forbidden');
  });
});

describe('listing and cancelling', () => {
  it('an invalid cursor is a 400 naming cursor, for messages and MO', async () => {
    for (const cursor of ['garbage', Buffer.from('{"x":1}').toString('base64url'), Buffer.from('[1.5,"a"]').toString('base64url')]) {
      expectError(await platform.http.inject({ method: 'GET', url: `/v1/messages?cursor=${cursor}`, headers: bearer(demoKey) }), 400, 'bad_request', 'cursor');
    }
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/mo?cursor=garbage', headers: bearer(demoKey) }), 400, 'bad_request', 'cursor');
  });

  it('an invalid state filter is a 400 naming state and listing the states', async () => {
    const error = expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages?state=lost', headers: bearer(demoKey) }), 400, 'validation_failed', 'state');
    expect(error.message).toMatch(/"queued".*"delivered".*"cancelled"/);
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages?limit=0', headers: bearer(demoKey) }), 400, 'validation_failed', 'limit');
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages?limit=many', headers: bearer(demoKey) }), 400, 'validation_failed', 'limit');
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages?createdFrom=yesterday', headers: bearer(demoKey) }), 400, 'validation_failed', 'createdFrom');
    expectError(await platform.http.inject({ method: 'GET', url: '/v1/messages?sort=asc', headers: bearer(demoKey) }), 400, 'validation_failed', 'sort');
  });

  it('DELETE of a message already submitted is a 409; of an unknown id a 404', async () => {
    const id = await sendOne('to be submitted');
    const state = await pollUntil(
      async () => ((await platform.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(demoKey) })).json() as { state: string }).state,
      (s) => !['accepted', 'queued'].includes(s),
      'the message to leave the queue',
    );
    expect(['submitted', 'delivered', 'undelivered', 'expired']).toContain(state);
    const error = expectError(await platform.http.inject({ method: 'DELETE', url: `/v1/messages/${id}`, headers: bearer(demoKey) }), 409, 'conflict', 'id');
    expect(error.message).toMatch(/not yet submitted/);
    expectError(await platform.http.inject({ method: 'DELETE', url: '/v1/messages/nope', headers: bearer(demoKey) }), 404, 'not_found', 'id');
  });
});

describe('idempotency', () => {
  it('the same Idempotency-Key twice gives the same ids with duplicate: true', async () => {
    const body = { to: ['13800138000', '13900139000'], text: 'once only' };
    const first = await send(body, demoKey, { 'idempotency-key': 'order-1001' });
    const second = await send(body, demoKey, { 'idempotency-key': 'order-1001' });
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    const a = first.json() as SendAnswer;
    const b = second.json() as SendAnswer;
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(true);
    expect(b.messages.map((m) => m.id).sort()).toEqual(a.messages.map((m) => m.id).sort());
    const stored = await platform.http.inject({ method: 'GET', url: '/v1/messages?clientRef=order-1001', headers: bearer(demoKey) });
    expect((stored.json() as { items: unknown[] }).items).toHaveLength(2);
  });

  it('clientRef in the body is the same key as the header, and keys are per account', async () => {
    const first = (await send({ to: '13800138000', text: 'x', clientRef: 'ref-7' })).json() as SendAnswer;
    const again = (await send({ to: '13800138000', text: 'x' }, demoKey, { 'idempotency-key': 'ref-7' })).json() as SendAnswer;
    expect(again).toEqual({ duplicate: true, messages: [expect.objectContaining({ id: first.messages[0].id })] });
    const otherAccount = (await send({ to: '13800138000', text: 'x', clientRef: 'ref-7' }, otherKey)).json() as SendAnswer;
    expect(otherAccount.duplicate).toBe(false);
    expect(otherAccount.messages[0].id).not.toBe(first.messages[0].id);
  });

  it('two concurrent requests with the same key over real sockets store one message', async () => {
    const post = () =>
      fetch(`${platform.httpUrl}/v1/messages`, {
        method: 'POST',
        headers: { ...bearer(demoKey), 'content-type': 'application/json', 'idempotency-key': 'race-1' },
        body: JSON.stringify({ to: '13800138000', text: 'race' }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as SendAnswer }));
    const answers = await Promise.all([post(), post(), post()]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.messages[0].id)).size).toBe(1);
    const stored = await platform.http.inject({ method: 'GET', url: '/v1/messages?clientRef=race-1', headers: bearer(demoKey) });
    expect((stored.json() as { items: unknown[] }).items).toHaveLength(1);
  });
});

describe('batch', () => {
  it('a bad item among good ones: 202, the bad ones rejected naming messages[i] and the rule', async () => {
    const res = await platform.http.inject({
      method: 'POST',
      url: '/v1/messages/batch',
      headers: bearer(demoKey),
      payload: {
        messages: [
          { to: '13800138000', text: 'one' },
          { to: 'call me', text: 'two' },
          { to: '13800138002', text: 'x'.repeat(160 * 21) },
          { to: '13800138003', text: 'four', from: 'bad<sender>' },
          { to: '13800138004', text: 'five' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    const { messages } = res.json() as { messages: SendItem[] };
    expect(messages.map((m) => m.status)).toEqual(['accepted', 'rejected', 'rejected', 'rejected', 'accepted']);
    expect(messages[1].error).toMatchObject({ code: 'invalid_number', field: 'messages[1].to' });
    expect(messages[2].error).toMatchObject({ code: 'text_too_long', field: 'messages[2].text' });
    expect(messages[3].error).toMatchObject({ code: 'validation_failed', field: 'messages[3].from' });
    for (const i of [0, 4]) {
      const stored = await platform.http.inject({ method: 'GET', url: `/v1/messages/${messages[i].id}`, headers: bearer(demoKey) });
      expect(stored.statusCode).toBe(200);
    }
  });

  it('an empty batch or a batch that is not a list names "messages"', async () => {
    expect(expectError(await sendRaw('/v1/messages/batch', '{"messages":[]}'), 400, 'validation_failed', 'messages').message).toMatch(/fewer than 1 items/);
    // The API's Ajv coerces a lone value into a one-item list, so the complaint is about that item.
    expect(expectError(await sendRaw('/v1/messages/batch', '{"messages":"13800138000"}'), 400, 'validation_failed', 'messages[0]').message).toMatch(/object/);
    expectError(await sendRaw('/v1/messages/batch', '{}'), 400, 'validation_failed', 'messages');
  });
});

describe('admin input', () => {
  it('connector settings the connector refuses are a 400 naming the setting, and are not stored', async () => {
    const create = await platform.http.inject({ method: 'POST', url: '/v1/connectors', headers: bearer(admin), payload: { id: 'broken', type: 'simulator', settings: { receiptDelayMs: 'soon' } } });
    expect(expectError(create, 400, 'validation_failed', 'settings.receiptDelayMs').message).toMatch(/integer/);
    expect(await platform.store.connectors.get('broken')).toBeNull();
    expect(platform.gateway.connectors.has('broken')).toBe(false);

    // A bad update leaves the running connector and its stored settings as they were.
    const good = await platform.http.inject({ method: 'POST', url: '/v1/connectors', headers: bearer(admin), payload: { id: 'fine', type: 'simulator', settings: { receiptDelayMs: 10 } } });
    expect(good.statusCode, good.body).toBe(201);
    const update = await platform.http.inject({ method: 'PUT', url: '/v1/connectors/fine', headers: bearer(admin), payload: { type: 'simulator', settings: { outcomes: { lost: 1 } } } });
    expectError(update, 400, 'validation_failed', 'settings.outcomes.lost');
    expect((await platform.store.connectors.get('fine'))?.settings).toEqual({ receiptDelayMs: 10 });
    expect(platform.gateway.connectors.get('fine')?.stats().state).toBe('up');
  });

  it('a route set without exactly one default, or naming an unknown connector, is refused', async () => {
    const second = await platform.http.inject({ method: 'POST', url: '/v1/routes', headers: bearer(admin), payload: { id: 'd2', connectors: ['simulator'], isDefault: true } });
    expect(expectError(second, 400, 'validation_failed', 'routes').message).toMatch(/exactly one enabled default/);
    expectError(await platform.http.inject({ method: 'DELETE', url: '/v1/routes/default', headers: bearer(admin) }), 400, 'validation_failed', 'routes');
    expectError(await platform.http.inject({ method: 'POST', url: '/v1/routes', headers: bearer(admin), payload: { connectors: ['ghost'] } }), 400, 'validation_failed', 'connectors');
    expectError(await platform.http.inject({ method: 'POST', url: '/v1/routes', headers: bearer(admin), payload: { connectors: ['simulator'], filters: { regex: '(' } } }), 400, 'validation_failed', 'filters.regex');
    expect((await platform.store.routes.list()).map((r) => r.id)).toEqual(['default']);
  });
});

describe('over real sockets', () => {
  it('malformed JSON, a missing token and an oversized body get JSON errors; a good request is accepted', async () => {
    const url = `${platform.httpUrl}/v1/messages`;
    const malformed = await fetch(url, { method: 'POST', headers: { ...bearer(demoKey), 'content-type': 'application/json' }, body: '{"to":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: ApiError }).error.code).toBe('bad_request');

    const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: ApiError }).error.code).toBe('unauthorized');

    const huge = await fetch(url, { method: 'POST', headers: { ...bearer(demoKey), 'content-type': 'application/json' }, body: JSON.stringify({ to: '13800138000', text: 'y'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: ApiError }).error.code).toBe('payload_too_large');

    const good = await fetch(url, { method: 'POST', headers: { ...bearer(demoKey), 'content-type': 'application/json' }, body: JSON.stringify({ to: '13800138000', text: 'still here' }) });
    expect(good.status).toBe(202);
  });
});

describe('fuzz: the platform never answers 5xx and keeps serving', () => {
  // Mostly valid values with now and then a wild one, so bodies get past the schema and reach intake.
  const likely = <T, U>(valid: fc.Arbitrary<T>, wild: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: wild, weight: 1 });
  const anyValue = fc.jsonValue({ maxDepth: 3 });
  const number = likely(fc.constantFrom(...GOOD), fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^\+?[0-9 -]{0,20}$/)));
  const time = fc.oneof(
    fc.integer({ min: 0, max: 2 ** 53 }),
    fc.constantFrom(8.64e15, 8.64e15 + 1, 1e17, 1e300, -1),
    fc.double(),
    fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid' : d.toISOString())),
    fc.string(),
  );
  const messageFields = {
    to: likely(fc.oneof(number, fc.array(number, { maxLength: 6 })), anyValue),
    text: likely(fc.oneof(fc.string({ minLength: 1, maxLength: 200, unit: 'binary' }), fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme' })), anyValue),
    from: likely(fc.stringMatching(/^[A-Za-z0-9]{1,20}$/), fc.oneof(fc.string({ maxLength: 24 }), anyValue)),
    clientRef: likely(fc.string({ minLength: 1, maxLength: 64 }), anyValue),
    tag: likely(fc.string({ maxLength: 64 }), anyValue),
  };
  const sharedFields = {
    priority: likely(fc.constantFrom('urgent', 'normal', 'bulk'), anyValue),
    scheduleAt: likely(time, anyValue),
    validitySeconds: likely(fc.integer({ min: 60, max: 7 * 86400 }), fc.oneof(fc.integer(), anyValue)),
    callbackUrl: likely(fc.webUrl(), fc.oneof(fc.string(), anyValue)),
  };
  const sendBody = fc.record({ ...messageFields, ...sharedFields, receipt: likely(fc.boolean(), anyValue) }, { requiredKeys: ['to', 'text'] });
  const batchBody = fc.record(
    { messages: likely(fc.array(fc.record(messageFields, { requiredKeys: ['to', 'text'] }), { minLength: 1, maxLength: 5 }), anyValue), ...sharedFields },
    { requiredKeys: ['messages'] },
  );

  async function check(url: string, body: string): Promise<void> {
    const res = await sendRaw(url, body);
    expect(res.statusCode, `${url} ${body.slice(0, 300)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
    const json = res.json() as { error?: ApiError; messages?: SendItem[] };
    if (res.statusCode >= 400) {
      expect(typeof json.error?.code, res.body).toBe('string');
      expect(typeof json.error?.message, res.body).toBe('string');
    } else {
      expect(res.statusCode).toBe(202);
      expect(Array.isArray(json.messages)).toBe(true);
    }
  }

  for (const url of ['/v1/messages', '/v1/messages/batch']) {
    it(`${url}: random JSON values and random strings`, async () => {
      await fc.assert(fc.asyncProperty(anyValue, (value) => check(url, JSON.stringify(value) ?? 'null')), { numRuns: 200 });
      await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200, unit: 'binary' }), (text) => check(url, text)), { numRuns: 200 });
    });

    it(`${url}: random bodies shaped like requests`, async () => {
      await fc.assert(fc.asyncProperty(url.endsWith('batch') ? batchBody : sendBody, (body) => check(url, JSON.stringify(body))), { numRuns: 200 });
      const res = await send({ to: '13800138000', text: 'after the fuzz' });
      expect(res.statusCode, res.body).toBe(202);
      expect((res.json() as SendAnswer).messages[0].status).toBe('accepted');
    });
  }
});
