// Every error the API returns: JSON with a stable code and, when known, the offending field.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { isStoreUnavailable } from '../store/store-errors.ts';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** "/to/2" + additionalProperty "foo" → "to[2].foo" */
function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = (issue.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const extra = (issue.params?.additionalProperty ?? issue.params?.missingProperty) as string | undefined;
  const field = extra ? (path ? `${path}.${extra}` : extra) : path;
  return field || (context === 'body' ? 'body' : (context ?? 'request'));
}

/**
 * The issue to report and the rule it broke. For a union (anyOf) Ajv lists every branch's failure
 * and then 'anyOf'; a branch failing on 'type' merely did not apply, so the branch that got past
 * its type check names the real problem ("to must NOT have more than 1000 items", not "to must be
 * string"). Unions of literals and of bare types are summed up as "must be one of …".
 */
function explain(issues: ValidationIssue[]): { issue: ValidationIssue; rule: string } {
  const first = issues[0];
  const branches = issues.filter((i) => i.keyword !== 'anyOf');
  if (branches.length === issues.length || branches.length === 0) return { issue: first, rule: first.message ?? 'is invalid' };
  const applied = branches.find((i) => i.keyword !== 'type' && i.keyword !== 'const');
  if (applied) return { issue: applied, rule: applied.message ?? 'is invalid' };
  // A branch whose type matched and failed further in (["ok", 5] against string | string[]).
  const deeper = branches.find((i) => (i.instancePath ?? '').length > (first.instancePath ?? '').length);
  if (deeper) return { issue: deeper, rule: deeper.message ?? 'is invalid' };
  const allowed = branches.map((i) => (i.keyword === 'const' ? JSON.stringify(i.params?.allowedValue) : String(i.params?.type ?? '?')));
  return { issue: first, rule: `must be one of ${[...new Set(allowed)].join(', ')}` };
}

/** Stable codes for the client errors Fastify raises itself, by HTTP status. */
const CLIENT_ERROR_CODES: Record<number, string> = { 413: 'payload_too_large', 415: 'unsupported_media_type' };

export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    void reply.status(error.status).send({ error: error.toJSON() });
    return;
  }
  const fastifyError = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fastifyError.validation && fastifyError.validation.length > 0) {
    const { issue, rule } = explain(fastifyError.validation);
    const field = fieldOf(issue, fastifyError.validationContext);
    const message = issue.keyword === 'additionalProperties' ? `unknown field '${field}'` : `${field} ${rule}`;
    void reply.status(400).send({ error: { code: 'validation_failed', message, field } });
    return;
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    void reply.status(415).send({ error: { code: 'unsupported_media_type', message: 'send the body as application/json' } });
    return;
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Malformed JSON, oversized bodies and the like: Fastify's message names the problem.
    void reply.status(status).send({ error: { code: CLIENT_ERROR_CODES[status] ?? 'bad_request', message: fastifyError.message } });
    return;
  }
  request.log.error({ err: error }, 'request failed');
  if (isStoreUnavailable(error)) {
    // Nothing was acknowledged: the client may safely retry (with its Idempotency-Key).
    void reply.status(503).send({ error: { code: 'unavailable', message: 'the message store is unavailable; retry shortly' } });
    return;
  }
  void reply.status(500).send({ error: { code: 'internal', message: 'internal error' } });
}
