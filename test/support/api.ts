// Helpers for API tests against a real platform: auth headers, error assertions, bounded polling.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestPlatform } from './platform.ts';

export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A console session token for the seeded admin (admin/admin123). */
export async function adminToken(platform: TestPlatform): Promise<string> {
  const res = await platform.http.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'admin', password: 'admin123' } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { token: string }).token;
}

/** Creates an account through the admin API; returns its one-time API key. */
export async function createAccount(platform: TestPlatform, admin: string, body: { id: string; name?: string; callbackUrl?: string; tps?: number }): Promise<string> {
  const res = await platform.http.inject({ method: 'POST', url: '/v1/accounts', headers: bearer(admin), payload: { name: body.id, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { apiKey: string }).apiKey;
}

/** Asserts the status and the `{ error: { code, message, field? } }` body; returns the error. */
/**
 * Marketing messages wait outside the sending hours (08:00–21:00 Beijing by default); tests that only
 * need them sent open the platform's window all day, so they pass at any hour.
 */
export async function openMarketingHoursAllDay(platform: TestPlatform, admin: string): Promise<void> {
  const hours = { start: '00:00', end: '00:00', timeZone: 'Asia/Shanghai', days: null };
  const res = await platform.http.inject({ method: 'PUT', url: '/v1/compliance/sending-hours/platform', headers: bearer(admin), payload: { hours } });
  if (res.statusCode !== 200) throw new Error(`setting the platform's sending hours failed: ${res.statusCode} ${res.body}`);
}

export function expectError(res: LightMyRequestResponse, status: number, code: string, field?: string): ApiError {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as { error?: ApiError };
  expect(body.error, res.body).toBeDefined();
  const error = body.error!;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(error.field).toBe(field);
  return error;
}

/** Calls `read` until `done` holds for its value, at most `timeoutMs`; fails naming `what`. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    last = await read();
  }
  return last;
}
