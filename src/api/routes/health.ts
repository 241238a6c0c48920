// Liveness/readiness and Prometheus metrics.
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

export async function healthRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Health', security: [] } }, async (_request, reply) => {
    let store = 'ok';
    try {
      await deps.store.settings.get('health');
    } catch {
      store = 'failing';
    }
    const connectors = [...deps.gateway.connectors.values()];
    const up = connectors.filter((c) => c.stats().state === 'up').length;
    return reply.status(store === 'ok' ? 200 : 503).send({ status: store === 'ok' ? 'ok' : 'degraded', store, connectors: { up, total: connectors.length } });
  });

  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics', security: [] } }, async (_request, reply) => {
    return reply.header('content-type', deps.metrics.contentType).send(await deps.metrics.metrics());
  });
}
