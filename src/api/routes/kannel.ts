// Kannel-compatible GET/POST /cgi-bin/sendsms: an existing Kannel integration moves over by changing
// the URL. Authenticates with an account's SMPP system_id/password and answers in Kannel's words.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { retryAfterSeconds, type LoginThrottle } from '../../core/auth/login-throttle.ts';
import { verifyPassword } from '../../core/auth/secrets.ts';
import { AppError } from '../../core/errors.ts';
import type { RecipientResult } from '../../core/intake-port.ts';
import { ipAllowed } from '../../ingress/ip-allowlist.ts';
import type { ApiDeps } from '../deps.ts';
import { formString, parseForm, type Form } from '../kannel/form.ts';
import { parseSendsms, type KannelReply } from '../kannel/sendsms-params.ts';

const AUTH_FAILED: KannelReply = { status: 403, text: 'Authorization failed for sendsms' };

/** Our intake's field names → the Kannel parameter the customer sent. */
const PARAMETER: Record<string, string> = { text: 'text', sender: 'from', tag: 'smsc', validitySeconds: 'validity', scheduleAt: 'deferred', callbackUrl: 'dlr-url' };

/** " (<parameter>)" for an error about one, else nothing (rate limits, unavailability). */
function parameterOf(field: string | undefined): string {
  if (!field) return '';
  if (field.startsWith('recipients')) return ' (to)';
  return ` (${PARAMETER[field] ?? field})`;
}

/** The account owning these SMPP credentials, checked exactly as an SMPP bind is; unknown names and wrong passwords count against the address. */
async function authenticate(deps: ApiDeps, form: Form, remoteAddress: string, throttle: LoginThrottle): Promise<string | null> {
  const username = formString(form, 'username', 'user');
  const password = formString(form, 'password', 'pass');
  if (!username || password === undefined) return null;
  const credential = await deps.store.credentials.findSmpp(username);
  if (!credential || credential.kind !== 'smpp') {
    throttle.failed(remoteAddress);
    return null;
  }
  if (!ipAllowed(remoteAddress, credential.ipAllowlist)) return null;
  if (!(await verifyPassword(password, credential.secretHash))) {
    throttle.failed(remoteAddress);
    return null;
  }
  const account = await deps.store.accounts.get(credential.accountId);
  return account && account.status === 'active' ? account.id : null;
}

/**
 * One receiver: "0: Accepted for delivery" (the answer Kannel gives once its bearerbox took the
 * message). Several: Kannel's multi-cast answer "Sent.", naming the receivers that were refused.
 */
function replyFor(results: RecipientResult[], single: boolean): KannelReply {
  const accepted = results.filter((r) => r.ok);
  const refused = results.filter((r) => !r.ok);
  if (accepted.length === 0) {
    const first = refused[0];
    const reason = first && !first.ok ? first.error.message : 'no receiver accepted';
    // A refused text (sensitive words) is refused for every receiver: it names the text, not them.
    if (first && !first.ok && first.error.field === 'text') return { status: 400, text: `${reason}, rejected (text)` };
    if (single) return { status: 400, text: `Receiver ${first?.recipient ?? ''} rejected: ${reason} (to)` };
    return { status: 400, text: `Number(s) has/have been denied, rejected (to): ${refused.map((r) => r.recipient).join(' ')}` };
  }
  if (single) return { status: 202, text: '0: Accepted for delivery' };
  let text = 'Sent.';
  if (refused.length > 0) text += ` Denied receivers are: ${refused.map((r) => r.recipient).join(' ')}`;
  const splits = Math.max(...accepted.map((r) => (r.ok ? r.segments : 1)));
  if (splits > 1) text += ` Message splits: ${splits}`;
  return { status: 202, text };
}

export async function kannelRoutes(app: FastifyInstance, deps: ApiDeps, throttle: LoginThrottle): Promise<void> {
  // Form bodies stay octets: the text's charset is a parameter, so decoding waits for it.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));

  const send = (reply: FastifyReply, answer: KannelReply) => reply.status(answer.status).type('text/html; charset=utf-8').send(answer.text);

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const form = parseForm(query);
    if (Buffer.isBuffer(request.body)) parseForm(request.body, form);
    const wait = throttle.waitMs(request.ip);
    if (wait > 0) {
      void reply.header('Retry-After', String(retryAfterSeconds(wait)));
      return send(reply, { status: 429, text: 'Too many failed authorizations from this address, try again later' });
    }
    const accountId = await authenticate(deps, form, request.ip, throttle);
    if (!accountId) return send(reply, AUTH_FAILED);
    const parsed = parseSendsms(form, Date.now());
    if (!parsed.ok) return send(reply, parsed.reply);
    try {
      const response = await deps.gateway.intake.submit({ ...parsed.input, accountId, source: 'api' });
      return send(reply, replyFor(response.results, parsed.input.recipients.length === 1));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // Throttling and unavailability keep their status, so the client retries as it would with Kannel.
      const status = error.status >= 500 ? error.status : error.status === 429 ? 429 : 400;
      return send(reply, { status, text: `${error.message}, rejected${parameterOf(error.field)}` });
    }
  };

  // security: [] — no Bearer token here, whatever the document's default says.
  const schema = { tags: ['kannel'], summary: 'Kannel-compatible sendsms (username/password are SMPP credentials; plain-text replies)', security: [] };
  // No automatic HEAD: a HEAD carrying the parameters would send the message.
  app.get('/cgi-bin/sendsms', { schema, exposeHeadRoute: false }, handle);
  app.post('/cgi-bin/sendsms', { schema }, handle);
}
