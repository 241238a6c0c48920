// Admin-only: connectors, MT and MO routes, and accounts.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ConnectorSettingsError } from '../../connectors/settings-error.ts';
import { hashApiKey, newSecret } from '../../core/auth/secrets.ts';
import { CARRIERS } from '../../core/carriers/carrier.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { CONNECTOR_TYPES, type ConnectorRecord, type RouteRecord } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAdmin } from '../principal.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }) });

const ConnectorBody = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })),
    type: Type.Union(CONNECTOR_TYPES.map((type) => Type.Literal(type))),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    enabled: Type.Optional(Type.Boolean()),
    settings: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);

const RouteBody = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    position: Type.Optional(Type.Integer()),
    filters: Type.Optional(
      Type.Object(
        {
          accounts: Type.Optional(Type.Array(Type.String())),
          prefixes: Type.Optional(Type.Array(Type.String({ pattern: '^\\+?\\d+$' }))),
          regex: Type.Optional(Type.String({ maxLength: 200 })),
          senders: Type.Optional(Type.Array(Type.String())),
          // Only the carriers the segment table can answer with: any other name would never match.
          carriers: Type.Optional(Type.Array(Type.Union(CARRIERS.map((c) => Type.Literal(c))))),
          tags: Type.Optional(Type.Array(Type.String())),
          priorities: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 2 }))),
          timeWindow: Type.Optional(Type.String({ pattern: '^\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2}$' })),
        },
        { additionalProperties: false },
      ),
    ),
    strategy: Type.Optional(Type.Union([Type.Literal('static'), Type.Literal('round_robin'), Type.Literal('failover')])),
    connectors: Type.Array(Type.Union([Type.String(), Type.Object({ id: Type.String(), weight: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })]), { minItems: 1 }),
    isDefault: Type.Optional(Type.Boolean()),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const ExplainBody = Type.Object(
  { accountId: Type.String(), to: Type.String(), from: Type.Optional(Type.String()), tag: Type.Optional(Type.String()), priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 })) },
  { additionalProperties: false },
);

const MoRouteBody = Type.Object({ id: Type.Optional(Type.String()), pattern: Type.String({ minLength: 1, pattern: '^\\+?\\d+$' }), accountId: Type.String() }, { additionalProperties: false });

const AccountBody = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    callbackUrl: Type.Optional(Type.String({ format: 'uri' })),
    tps: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** Passwords and keys never leave the server, nested ones (SGIP's listen.password) included. */
function hideSecrets(settings: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...settings };
  for (const [key, value] of Object.entries(copy)) {
    if (/password|secret/i.test(key)) copy[key] = '••••••';
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) copy[key] = hideSecrets(value as Record<string, unknown>);
  }
  return copy;
}

export async function adminRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store, gateway } = deps;
  // onRequest, before body validation: a non-admin learns nothing about admin schemas from a 400.
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0];
    // Sub-accounts of /v1/accounts/{id} are for that account's owners too (routes/sub-accounts.ts).
    if (/^\/v1\/(connectors|routes|mo-routes|accounts)(\/|$)/.test(path) && !/^\/v1\/accounts\/[^/]+\/sub-accounts\/?$/.test(path)) requireAdmin(request.principal);
  });

  app.get('/v1/connectors', { schema: { tags: ['admin'], summary: 'Connectors with their live state' } }, async () => {
    const depth = await store.messages.queueDepth();
    const records = await store.connectors.list();
    return {
      items: records.map((record) => {
        const stats = gateway.connectors.get(record.id)?.stats();
        return {
          id: record.id,
          type: record.type,
          name: record.name,
          enabled: record.enabled,
          settings: hideSecrets(record.settings),
          status: { ...(stats ?? { state: 'stopped', inFlight: 0, window: 0, sessionsUp: 0, sessionsTotal: 0, submitted: 0, failed: 0 }), queueDepth: depth[record.id] ?? 0 },
        };
      }),
    };
  });

  const saveConnector = async (id: string, body: Static<typeof ConnectorBody>, existing: ConnectorRecord | null) => {
    const now = Date.now();
    const record: ConnectorRecord = {
      id,
      type: body.type,
      name: body.name ?? existing?.name ?? id,
      enabled: body.enabled ?? existing?.enabled ?? true,
      settings: body.settings,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await store.connectors.upsert(record);
    try {
      await deps.connectorAdmin.apply(id);
    } catch (error) {
      if (!(error instanceof ConnectorSettingsError)) throw error;
      // Settings the connector refuses must not stay stored: the next start would fail on them.
      if (existing) await store.connectors.upsert(existing);
      else await store.connectors.delete(id);
      await deps.connectorAdmin.apply(id);
      throw new AppError('validation_failed', `settings.${error.message}`, `settings.${error.field}`);
    }
    return { ...record, settings: hideSecrets(record.settings) };
  };

  app.post<{ Body: Static<typeof ConnectorBody> }>('/v1/connectors', { schema: { body: ConnectorBody, tags: ['admin'] } }, async (request, reply) => {
    const id = request.body.id ?? newId();
    if (await store.connectors.get(id)) throw new AppError('conflict', `connector ${id} exists`, 'id');
    return reply.status(201).send(await saveConnector(id, request.body, null));
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof ConnectorBody> }>('/v1/connectors/:id', { schema: { params: IdParams, body: ConnectorBody, tags: ['admin'] } }, async (request) => {
    const existing = await store.connectors.get(request.params.id);
    if (!existing) throw new AppError('not_found', `no connector ${request.params.id}`, 'id');
    return saveConnector(existing.id, request.body, existing);
  });

  app.delete<{ Params: Static<typeof IdParams> }>('/v1/connectors/:id', { schema: { params: IdParams, tags: ['admin'] } }, async (request) => {
    const routes = await store.routes.list();
    const user = routes.find((r) => r.connectors.some((c) => c.id === request.params.id));
    if (user) throw new AppError('conflict', `route ${user.id} still uses connector ${request.params.id}`, 'id');
    if (!(await store.connectors.delete(request.params.id))) throw new AppError('not_found', `no connector ${request.params.id}`, 'id');
    await deps.connectorAdmin.apply(request.params.id);
    return { id: request.params.id, deleted: true };
  });

  app.get('/v1/routes', { schema: { tags: ['admin'] } }, async () => ({ items: await store.routes.list() }));

  /** Saves a route only if the whole rule set still loads (exactly one default, known connectors). */
  const saveRoute = async (id: string, body: Static<typeof RouteBody>, existing: RouteRecord | null) => {
    const route: RouteRecord = {
      id,
      name: body.name ?? existing?.name ?? id,
      position: body.position ?? existing?.position ?? 100,
      filters: body.filters ?? existing?.filters ?? {},
      strategy: body.strategy ?? existing?.strategy ?? 'static',
      connectors: body.connectors.map((c) => (typeof c === 'string' ? { id: c, weight: 1 } : c)),
      isDefault: body.isDefault ?? existing?.isDefault ?? false,
      enabled: body.enabled ?? existing?.enabled ?? true,
    };
    const known = new Set((await store.connectors.list()).map((c) => c.id));
    const unknown = route.connectors.find((c) => !known.has(c.id));
    if (unknown) throw new AppError('validation_failed', `no connector ${unknown.id}`, 'connectors');
    if (route.filters.regex) {
      try {
        new RegExp(route.filters.regex);
      } catch {
        throw new AppError('validation_failed', 'filters.regex is not a valid regular expression', 'filters.regex');
      }
    }
    const others = (await store.routes.list()).filter((r) => r.id !== id);
    gateway.router.load([...others, route]); // throws AppError when the set is not valid
    await store.routes.upsert(route);
    return route;
  };

  app.post<{ Body: Static<typeof RouteBody> }>('/v1/routes', { schema: { body: RouteBody, tags: ['admin'] } }, async (request, reply) => {
    const id = request.body.id ?? newId();
    if ((await store.routes.list()).some((r) => r.id === id)) throw new AppError('conflict', `route ${id} exists`, 'id');
    return reply.status(201).send(await saveRoute(id, request.body, null));
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof RouteBody> }>('/v1/routes/:id', { schema: { params: IdParams, body: RouteBody, tags: ['admin'] } }, async (request) => {
    const existing = (await store.routes.list()).find((r) => r.id === request.params.id);
    if (!existing) throw new AppError('not_found', `no route ${request.params.id}`, 'id');
    return saveRoute(existing.id, request.body, existing);
  });

  app.delete<{ Params: Static<typeof IdParams> }>('/v1/routes/:id', { schema: { params: IdParams, tags: ['admin'] } }, async (request) => {
    const remaining = (await store.routes.list()).filter((r) => r.id !== request.params.id);
    gateway.router.load(remaining); // refuses to delete the only default route
    if (!(await store.routes.delete(request.params.id))) throw new AppError('not_found', `no route ${request.params.id}`, 'id');
    return { id: request.params.id, deleted: true };
  });

  app.post<{ Body: Static<typeof ExplainBody> }>('/v1/routes/explain', { schema: { body: ExplainBody, tags: ['admin'], summary: 'Which route a message would take' } }, async (request) => {
    const { accountId, to, from, tag, priority } = request.body;
    // Normalised as intake does (13800138000 → +8613800138000), so the answer is the route a send would take.
    const number = deps.normalizeNumber(to) ?? (/^\+\d+$/.test(to) ? to : `+${to.replace(/^00/, '')}`);
    const choice = gateway.router.route({ accountId, recipient: number, sender: from ?? null, tag: tag ?? null, priority: priority ?? 1 });
    return { routeId: choice.routeId, routeName: choice.routeName, connectorIds: choice.candidates };
  });

  app.get('/v1/mo-routes', { schema: { tags: ['admin'] } }, async () => ({ items: await store.routes.listMo() }));

  app.post<{ Body: Static<typeof MoRouteBody> }>('/v1/mo-routes', { schema: { body: MoRouteBody, tags: ['admin'] } }, async (request, reply) => {
    if (!(await store.accounts.get(request.body.accountId))) throw new AppError('validation_failed', `no account ${request.body.accountId}`, 'accountId');
    const route = { id: request.body.id ?? newId(), pattern: request.body.pattern, accountId: request.body.accountId };
    await store.routes.upsertMo(route);
    await gateway.reloadRoutes();
    return reply.status(201).send(route);
  });

  app.delete<{ Params: Static<typeof IdParams> }>('/v1/mo-routes/:id', { schema: { params: IdParams, tags: ['admin'] } }, async (request) => {
    if (!(await store.routes.deleteMo(request.params.id))) throw new AppError('not_found', `no MO route ${request.params.id}`, 'id');
    await gateway.reloadRoutes();
    return { id: request.params.id, deleted: true };
  });

  app.get('/v1/accounts', { schema: { tags: ['admin'] } }, async () => ({
    items: (await store.accounts.list()).map(({ callbackSecret: _secret, ...account }) => account),
  }));

  app.post<{ Body: Static<typeof AccountBody> }>('/v1/accounts', { schema: { body: AccountBody, tags: ['admin'], summary: 'Create an account and its first API key (shown once)' } }, async (request, reply) => {
    const { id, name, callbackUrl, tps } = request.body;
    if (await store.accounts.get(id)) throw new AppError('conflict', `account ${id} exists`, 'id');
    const now = Date.now();
    const account = { id, name, status: 'active' as const, callbackUrl: callbackUrl ?? null, callbackSecret: newSecret(), tps: tps ?? 0, createdAt: now };
    await store.accounts.upsert(account);
    const apiKey = `kx_${newSecret(24)}`;
    await store.credentials.upsert({ id: newId(now), accountId: id, kind: 'api_key', identifier: hashApiKey(apiKey), secretHash: '', scope: 'account', maxBinds: 0, ipAllowlist: [], createdAt: now });
    return reply.status(201).send({ account, apiKey });
  });
}
