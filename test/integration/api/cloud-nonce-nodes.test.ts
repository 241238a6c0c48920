// Two nodes on one PostgreSQL schema: an Aliyun request accepted by one node is refused as a replay by
// the other (the nonce ledger is shared), and a forged request does not use up the nonce anywhere.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunSignature } from '../../../src/core/auth/cloud-signatures.ts';
import { adminToken, bearer, createAccount } from '../../support/api.ts';
import { createTestSchema, type TestSchema } from '../../support/pg-schema.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let schema: TestSchema;
let first: TestPlatform;
let second: TestPlatform;
let key: { accessKeyId: string; accessKeySecret: string };

beforeAll(async () => {
  schema = await createTestSchema();
  first = await startTestPlatform({}, { schema });
  second = await startTestPlatform({}, { schema });
  const admin = await adminToken(first);
  await createAccount(first, admin, { id: 'nodes' });
  const created = await first.http.inject({ method: 'POST', url: '/v1/accounts/nodes/cloud-keys', headers: bearer(admin), payload: {} });
  expect(created.statusCode, created.body).toBe(201);
  key = created.json() as typeof key;
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await schema?.drop();
});

/** A signed QuerySendDetails (no message needed), with the given nonce. */
function query(nonce: string, secret = key.accessKeySecret): string {
  const params: Record<string, string> = {
    AccessKeyId: key.accessKeyId, Action: 'QuerySendDetails', Format: 'JSON', PhoneNumber: '13800138000', SendDate: '20261123', PageSize: '10', CurrentPage: '1',
    SignatureMethod: 'HMAC-SHA1', SignatureNonce: nonce, SignatureVersion: '1.0', Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), Version: '2017-05-25',
  };
  params.Signature = aliyunSignature(secret, 'GET', params);
  return `/aliyun/?${new URLSearchParams(params).toString()}`;
}

describe('the Aliyun nonce ledger across nodes', () => {
  it('a request replayed against another node is refused', async () => {
    const url = query(randomUUID());
    expect((await first.http.inject({ method: 'GET', url })).json()).toMatchObject({ Code: 'OK' });
    const replay = await second.http.inject({ method: 'GET', url });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ Code: 'SignatureNonceUsed' });
    expect((await first.http.inject({ method: 'GET', url })).json()).toMatchObject({ Code: 'SignatureNonceUsed' });
  });

  it('a forged request does not use up the nonce of the real one', async () => {
    const nonce = randomUUID();
    expect((await second.http.inject({ method: 'GET', url: query(nonce, 'not-the-secret') })).json()).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    expect((await first.http.inject({ method: 'GET', url: query(nonce) })).json()).toMatchObject({ Code: 'OK' });
  });
});
