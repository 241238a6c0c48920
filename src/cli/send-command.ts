// `kuaixin send`: sends a text through a running platform's REST API and, with --wait, follows it to its final state.
import { setTimeout as delay } from 'node:timers/promises';
import { httpUrl, integer, list, oneOf, parseOptions, RefusedError, required, runCommand, UsageError } from './cli-args.ts';

const HELP = `usage: kuaixin send --to NUMBER[,NUMBER…] --text TEXT [options]

Sends one text to one or more recipients through a running platform (POST /v1/messages) and
prints one line per recipient: its message id, or the error code and reason it was rejected.

  --to LIST              recipients, comma-separated (up to 1000); local numbers use the
                         platform's default country
  --text TEXT            the message; long texts are split into segments by the platform
  --from SENDER          sender id or number (default: the platform's)
  --priority P           urgent | normal | bulk (default normal)
  --schedule TIME        send later, at an ISO-8601 time such as 2030-01-01T09:00:00+08:00
  --url URL              the platform's API (default http://127.0.0.1:8080)
  --key KEY              the account's API key (default: KUAIXIN_API_KEY from the environment)
  --wait                 follow each message until it is final (delivered, undelivered,
                         expired, rejected, failed or cancelled) and print the final states
  --timeout SECONDS      how long --wait follows them (default 60)
  -h, --help             this text

Exit codes: 0 every recipient accepted (with --wait: every message delivered), 1 a recipient
rejected, the request refused or the platform unreachable (with --wait also: a message not
delivered, or not final in time), 2 usage error.
`;

const FINAL = new Set(['delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled']);
const REQUEST_TIMEOUT_MS = 30_000;
const LOOKUP_CONCURRENCY = 8;

interface SendItem {
  to: string;
  id?: string;
  status: string;
  error?: { code: string; message: string; field?: string };
}

interface Tracked {
  to: string;
  id: string;
  state: string;
  detail: string;
}

export function sendCommand(argv: string[]): Promise<number> {
  return runCommand('kuaixin send', () => send(argv));
}

async function send(argv: string[]): Promise<number> {
  const values = parseOptions(argv, {
    to: { type: 'string' },
    text: { type: 'string' },
    from: { type: 'string' },
    priority: { type: 'string' },
    schedule: { type: 'string' },
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    key: { type: 'string' },
    wait: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const to = list(required('--to', values.to));
  if (to.length === 0) throw new UsageError('--to names no recipient');
  if (to.length > 1000) throw new UsageError(`--to may name at most 1000 recipients, got ${to.length}`);
  const text = required('--text', values.text);
  const priority = values.priority === undefined ? undefined : oneOf('--priority', values.priority, ['urgent', 'normal', 'bulk'] as const);
  const scheduleAt = values.schedule === undefined ? undefined : isoTime('--schedule', values.schedule);
  const base = httpUrl('--url', values.url).replace(/\/+$/, '');
  const key = values.key ?? process.env.KUAIXIN_API_KEY;
  if (!key) throw new UsageError('--key is required (or set KUAIXIN_API_KEY)');
  if (values.timeout !== undefined && !values.wait) throw new UsageError('--timeout only applies with --wait');
  const timeoutMs = integer('--timeout', values.timeout ?? '60', 1) * 1000;

  const api = new Api(base, key);
  const { status, body } = await api.request('POST', '/v1/messages', { to, text, from: values.from, priority, scheduleAt });
  const items = (body as { messages?: SendItem[] } | null)?.messages;
  if ((status !== 202 && status !== 400) || !Array.isArray(items)) throw new RefusedError(`the platform refused the request: ${describeError(status, body)}`);

  const width = Math.max(...items.map((item) => item.to.length));
  for (const item of items) {
    const detail = item.id ?? (item.error ? `${item.error.code}: ${item.error.message}` : '');
    process.stdout.write(`${item.to.padEnd(width)}  ${item.status.padEnd(11)}  ${detail}\n`);
  }
  const allAccepted = items.every((item) => item.status !== 'rejected');
  if (!values.wait) return allAccepted ? 0 : 1;

  const tracked: Tracked[] = items.filter((item) => item.id !== undefined).map((item) => ({ to: item.to, id: item.id!, state: item.status, detail: '' }));
  if (tracked.length === 0) return 1;
  process.stderr.write(`waiting up to ${timeoutMs / 1000} s for final states…\n`);
  await follow(api, tracked, Date.now() + timeoutMs);
  for (const t of tracked) {
    const state = FINAL.has(t.state) ? t.state : `${t.state} (not final after ${timeoutMs / 1000} s)`;
    process.stdout.write(`${t.to.padEnd(width)}  ${state.padEnd(11)}  ${t.id}${t.detail ? `  ${t.detail}` : ''}\n`);
  }
  return allAccepted && tracked.every((t) => t.state === 'delivered') ? 0 : 1;
}

/** Polls GET /v1/messages/:id for every message not final yet, backing off to once a second, until all are final or the deadline passes. */
async function follow(api: Api, tracked: Tracked[], deadline: number): Promise<void> {
  for (let round = 0; ; round++) {
    const pending = tracked.filter((t) => !FINAL.has(t.state));
    for (let i = 0; i < pending.length; i += LOOKUP_CONCURRENCY) await Promise.all(pending.slice(i, i + LOOKUP_CONCURRENCY).map((t) => lookUp(api, t)));
    const left = deadline - Date.now();
    if (tracked.every((t) => FINAL.has(t.state)) || left <= 0) return;
    await delay(Math.min(left, 200 * 1.5 ** Math.min(round, 4)));
  }
}

async function lookUp(api: Api, tracked: Tracked): Promise<void> {
  try {
    const { status, body } = await api.request('GET', `/v1/messages/${encodeURIComponent(tracked.id)}`);
    if (status !== 200) {
      tracked.detail = `lookup failed: ${describeError(status, body)}`;
      return;
    }
    const message = body as { state: string; errorCode: string | null; errorMessage: string | null };
    tracked.state = message.state;
    tracked.detail = message.errorCode ? `${message.errorCode}${message.errorMessage ? `: ${message.errorMessage}` : ''}` : '';
  } catch (error) {
    tracked.detail = (error as Error).message; // unreachable for a moment: try again next round
  }
}

class Api {
  constructor(
    private readonly base: string,
    private readonly key: string,
  ) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new RefusedError(`cannot reach the platform at ${this.base}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }
}

function describeError(status: number, body: unknown): string {
  const error = (body as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
  if (!error) return `HTTP ${status}${typeof body === 'string' && body ? ` ${body.slice(0, 200)}` : ''}`;
  return `HTTP ${status} ${error.code}: ${error.message}${error.field ? ` (field ${error.field})` : ''}`;
}

function isoTime(flag: string, text: string): string {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || !Number.isFinite(ms)) throw new UsageError(`${flag} must be an ISO-8601 time such as 2030-01-01T09:00:00+08:00, got '${text}'`);
  return new Date(ms).toISOString();
}
