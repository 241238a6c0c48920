// A stand-in for the REST API (docs/api.md) with in-memory data, serving web/dist too, so the
// console's e2e test runs before the real back end exists. Users: admin/admin123, acme/acme123.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countSegments } from '../../../src/protocols/encoding/split.ts';
import { FakeStore } from './fake-store.ts';
import { serveStatic } from './static-files.ts';

interface User {
  username: string;
  password: string;
  role: 'admin' | 'account';
  accountId: string | null;
}

const USERS: User[] = [
  { username: 'admin', password: 'admin123', role: 'admin', accountId: null },
  { username: 'acme', password: 'acme123', role: 'account', accountId: 'acme' },
];

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  user: User;
}

export interface FakeApi {
  url: string;
  store: FakeStore;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'bad_request', 'the body is not JSON');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function publicMessage({ history: _history, parts: _parts, scheduleAt: _scheduleAt, seeded: _seeded, ...summary }: FakeStore['messages'][number]) {
  return summary;
}

function throughput(minutes: number) {
  const now = Math.floor(Date.now() / 10_000) * 10_000;
  const count = minutes * 6;
  return Array.from({ length: count }, (_, i) => {
    const accepted = Math.round(40 + 25 * Math.sin(i / 7) + 10 * Math.sin(i / 2.3));
    const failed = i % 11 === 0 ? 3 : 1;
    return { at: new Date(now - (count - 1 - i) * 10_000).toISOString(), accepted, submitted: accepted - 2, delivered: accepted - 4 - failed, failed };
  });
}

function handle(store: FakeStore, req: Request): [number, unknown] {
  const { method, path, query, body, user } = req;
  const scope = user.accountId;
  const messageId = /^\/v1\/messages\/([^/]+)$/.exec(path)?.[1];

  if (method === 'GET' && path === '/v1/me') return [200, { username: user.username, role: user.role, accountId: scope, accountName: scope ?? 'platform' }];
  if (method === 'GET' && path === '/v1/stats/summary') {
    const rate = 30 + Math.round(Math.random() * 10);
    return [200, {
      states: store.countByState(scope),
      throughput: { acceptedPerSecond: rate + 1.5, submittedPerSecond: rate, deliveredPerSecond: rate - 2.5 },
      connectors: [{ id: 'sim-1', state: 'up', queueDepth: 3 }],
    }];
  }
  if (method === 'GET' && path === '/v1/stats/throughput') return [200, { points: throughput(Number(query.get('minutes') ?? 15)) }];
  if (method === 'POST' && path === '/v1/messages/preview') {
    const count = countSegments(String(body.text ?? ''));
    return [200, { encoding: count.encoding, segments: count.segments, length: count.unitsUsed, perSegment: count.unitsPerSegment, remainingInSegment: count.charsRemainingInSegment }];
  }
  if (method === 'POST' && path === '/v1/messages') {
    const to = Array.isArray(body.to) ? body.to.map(String) : [String(body.to ?? '')];
    const text = typeof body.text === 'string' ? body.text : '';
    if (!text) throw new HttpError(400, 'validation_failed', 'text is required', 'text');
    const scheduleAt = body.scheduleAt ? Date.parse(String(body.scheduleAt)) : undefined;
    const results = to.map((recipient) => {
      if (!/^\+?\d{6,15}$/.test(recipient)) return { to: recipient, status: 'rejected', error: { code: 'invalid_number', message: 'not a valid phone number', field: 'to' } };
      const normalized = recipient.startsWith('+') ? recipient : `+${recipient}`;
      const from = typeof body.from === 'string' ? body.from : null;
      const message = store.create({ accountId: scope ?? 'acme', to: normalized, text, from, priority: String(body.priority ?? 'normal'), scheduleAt });
      return { to: recipient, id: message.id, normalized, segments: message.segments, encoding: message.encoding, status: message.state };
    });
    if (results.every((result) => result.status === 'rejected')) throw new HttpError(400, 'invalid_number', 'every recipient was rejected', 'to');
    return [202, { duplicate: false, messages: results }];
  }
  if (method === 'GET' && path === '/v1/messages') {
    const from = query.get('createdFrom');
    const until = query.get('createdTo');
    const matching = store.visibleTo(scope).filter((m) =>
      (!query.get('state') || m.state === query.get('state')) &&
      (!query.get('to') || m.to.includes(query.get('to') ?? '')) &&
      (!from || m.createdAt >= new Date(from).toISOString()) &&
      (!until || m.createdAt <= new Date(until).toISOString()));
    const start = Number(query.get('cursor') ?? 0);
    const limit = Number(query.get('limit') ?? 50);
    const next = start + limit < matching.length ? String(start + limit) : null;
    return [200, { items: matching.slice(start, start + limit).map(publicMessage), nextCursor: next }];
  }
  if (messageId) {
    const message = store.visibleTo(scope).find((m) => m.id === messageId);
    if (!message) throw new HttpError(404, 'not_found', 'no such message');
    if (method === 'GET') return [200, { ...publicMessage(message), history: message.history, parts: message.parts }];
    if (method === 'DELETE') {
      if (!['scheduled', 'accepted', 'queued'].includes(message.state)) throw new HttpError(409, 'conflict', 'the message has already been submitted');
      store.moveTo(message, 'cancelled');
      return [200, { id: message.id, state: 'cancelled' }];
    }
  }
  if (method === 'GET' && path === '/v1/connectors') {
    if (user.role !== 'admin') throw new HttpError(403, 'forbidden', 'admin only');
    const inFlight = Math.round(Math.random() * 20);
    return [200, { items: [
      { id: 'sim-1', type: 'simulator', name: 'Built-in simulator', enabled: true, settings: {}, status: { state: 'up', inFlight, window: 64, sessionsUp: 1, sessionsTotal: 1, submitted: 1200 + store.messages.length, failed: 7, queueDepth: 3, tps: 100 } },
      { id: 'cmcc-sz', type: 'smpp', name: 'China Mobile Shenzhen', enabled: true, settings: { host: '10.0.0.5', password: '***' }, status: { state: 'down', inFlight: 0, window: 32, sessionsUp: 0, sessionsTotal: 2, submitted: 0, failed: 0, queueDepth: 41, tps: 50 } },
    ] }];
  }
  throw new HttpError(404, 'not_found', `no route ${method} ${path}`);
}

export async function startFakeApi(staticDir: string): Promise<FakeApi> {
  const store = new FakeStore();
  const sessions = new Map<string, User>();

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith('/v1/')) return serveStatic(staticDir, url.pathname, response);
      try {
        const body = await readJson(request);
        if (request.method === 'POST' && url.pathname === '/v1/auth/login') {
          const user = USERS.find((u) => u.username === body.username && u.password === body.password);
          if (!user) throw new HttpError(401, 'unauthorized', 'wrong username or password');
          const token = randomBytes(16).toString('hex');
          sessions.set(token, user);
          return send(response, 200, { token, expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(), user: { username: user.username, role: user.role, accountId: user.accountId } });
        }
        const user = sessions.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
        if (!user) throw new HttpError(401, 'unauthorized', 'missing or invalid credentials');
        const [status, answer] = handle(store, { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, body, user });
        send(response, status, answer);
      } catch (error) {
        const known = error instanceof HttpError ? error : new HttpError(500, 'internal', String(error));
        send(response, known.status, { error: { code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}) } });
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    close: () => {
      store.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
