// The HTTP API: Fastify with one plugin per area, JSON errors, OpenAPI at /docs, the console at /.
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ApiDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { AuditTrail } from '../core/auth/audit-trail.ts';
import { LoginThrottle } from '../core/auth/login-throttle.ts';
import { auditRequest, authorize, type AccessContext } from './access-hook.ts';
import { AccountTree } from './account-tree.ts';
import { PrincipalCache, resolvePrincipal, type Principal } from './principal.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { auditRoutes } from './routes/audit.ts';
import { backupRoutes } from './routes/backups.ts';
import { subAccountRoutes } from './routes/sub-accounts.ts';
import { userRoutes } from './routes/users.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { carrierRoutes } from './routes/carriers.ts';
import { contactGroupRoutes } from './routes/contact-groups.ts';
import { contactImportRoutes } from './routes/contact-imports.ts';
import { contactRoutes } from './routes/contacts.ts';
import { healthRoutes } from './routes/health.ts';
import { kannelRoutes } from './routes/kannel.ts';
import { aliyunRoutes } from './routes/aliyun.ts';
import { callbackFormatRoutes } from './routes/callback-format.ts';
import { cloudKeyRoutes } from './routes/cloud-keys.ts';
import { tencentRoutes } from './routes/tencent.ts';
import { messageRoutes } from './routes/messages.ts';
import { moRoutes } from './routes/mo.ts';
import { blacklistRoutes } from './routes/blacklist.ts';
import { phraseRoutes } from './routes/phrases.ts';
import { signatureRoutes } from './routes/signatures.ts';
import { templateRoutes } from './routes/templates.ts';
import { billingAdminRoutes } from './routes/billing-admin.ts';
import { billingRoutes } from './routes/billing.ts';
import { complianceRoutes } from './routes/compliance.ts';
import { consentRoutes } from './routes/consents.ts';
import { sensitiveWordRoutes } from './routes/sensitive-words.ts';
import { recordRoutes } from './routes/records.ts';
import { statsRoutes } from './routes/stats.ts';
import { campaignRoutes } from './routes/campaigns.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** Paths reachable without a token. */
const PUBLIC = [/^\/healthz$/, /^\/metrics$/, /^\/docs(\/|$)/, /^\/v1\/auth\/login$/];

export async function buildApp(deps: ApiDeps, logger?: Logger): Promise<FastifyInstance> {
  // Typed as the default instance: route plugins do not care which pino logger is inside.
  const app = Fastify({
    loggerInstance: logger,
    // One line per request would be most of the log at thousands of messages a second.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }) as unknown as FastifyInstance;
  app.setErrorHandler(errorHandler);
  // Bodies are JSON only: without this, a text/plain body reached the schema as a string and got
  // "body must be object" instead of the 415 every other non-JSON type gets.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('principal', null as unknown as Principal);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Kuaixin SMS API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const access: AccessContext = {
    principals: new PrincipalCache(),
    tree: new AccountTree(deps.store),
    audit: deps.audit ?? new AuditTrail(deps.store.audit, { onError: (error) => app.log.error({ err: error }, 'audit log write failed') }),
    logins: deps.loginThrottle ?? new LoginThrottle(),
  };
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0];
    if (!path.startsWith('/v1/') || PUBLIC.some((p) => p.test(path))) return;
    const principal = await resolvePrincipal(request.headers.authorization, deps.store, deps.sessions, access.principals);
    // Set before the checks, so a refused write is audited under the caller's name.
    request.principal = principal;
    request.principal = await authorize(request, principal, access.tree);
  });
  app.addHook('onResponse', async (request, reply) => auditRequest(request, reply, access.audit));
  app.addHook('onClose', async () => access.audit.flush());

  await app.register(async (scope) => {
    await authRoutes(scope, deps, access);
    await userRoutes(scope, deps, access);
    await apiKeyRoutes(scope, deps, access);
    await cloudKeyRoutes(scope, deps);
    await callbackFormatRoutes(scope, deps);
    await subAccountRoutes(scope, deps, access);
    await auditRoutes(scope, deps, access);
    await messageRoutes(scope, deps);
    await moRoutes(scope, deps);
    await adminRoutes(scope, deps);
    await carrierRoutes(scope, deps);
    await sensitiveWordRoutes(scope, deps);
    await blacklistRoutes(scope, deps);
    await signatureRoutes(scope, deps);
    await templateRoutes(scope, deps);
    await phraseRoutes(scope, deps);
    await billingAdminRoutes(scope, deps);
    await billingRoutes(scope, deps);
    await complianceRoutes(scope, deps);
    await consentRoutes(scope, deps);
    await statsRoutes(scope, deps);
    // Its own scope: the raw-body parsers for recipient uploads stay inside it.
    await scope.register(async (campaigns) => campaignRoutes(campaigns, deps));
    await contactRoutes(scope, deps);
    await contactGroupRoutes(scope, deps);
    await contactImportRoutes(scope, deps);
    await recordRoutes(scope, deps);
    await healthRoutes(scope, deps);
  });
  // Its own scope (a raw-body parser for uploads); also serves /downloads/backups/{ticket}, outside /v1: a one-time link.
  await app.register(async (scope) => backupRoutes(scope, deps, access));
  // Outside /v1 on purpose: no Bearer token, it authenticates with username/password as Kannel does.
  await app.register(async (scope) => kannelRoutes(scope, deps, access.logins));
  // Also outside /v1: requests are signed with a cloud key, as with Aliyun and Tencent Cloud. The clouds'
  // SDKs take a host, not a path, so POST / answers both too (Tencent's carry X-TC-Action).
  await app.register(async (scope) => {
    const aliyun = await aliyunRoutes(scope, deps);
    const tencent = await tencentRoutes(scope, deps);
    const schema = { tags: ['compat'], summary: 'Aliyun- or Tencent-style request at the root, as their SDKs send it (X-TC-Action header → Tencent)', security: [] };
    scope.post('/', { schema }, (request, reply) => (request.headers['x-tc-action'] ? tencent(request, reply) : aliyun(request, reply)));
  });

  if (deps.webRoot && existsSync(deps.webRoot)) {
    await app.register(fastifyStatic, { root: deps.webRoot, prefix: '/', wildcard: false });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/v1/')) return reply.sendFile('index.html');
      return reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
    });
  } else {
    app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }));
  }
  return app;
}
