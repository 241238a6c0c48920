// Every error the API returns: JSON with a stable code and, when known, the offending field.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';

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

export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    void reply.status(error.status).send({ error: error.toJSON() });
    return;
  }
  const fastifyError = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fastifyError.validation && fastifyError.validation.length > 0) {
    const issue = fastifyError.validation[0];
    const field = fieldOf(issue, fastifyError.validationContext);
    const message = issue.keyword === 'additionalProperties' ? `unknown field '${field}'` : `${field} ${issue.message ?? 'is invalid'}`;
    void reply.status(400).send({ error: { code: 'validation_failed', message, field } });
    return;
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    void reply.status(415).send({ error: { code: 'bad_request', message: 'send the body as application/json' } });
    return;
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Malformed JSON, oversized bodies and the like: Fastify's message names the problem.
    void reply.status(status).send({ error: { code: 'bad_request', message: fastifyError.message } });
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply.status(500).send({ error: { code: 'internal', message: 'internal error' } });
}
