// Live counters and throughput for the dashboard.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { actingAccount } from '../principal.ts';
import { iso } from '../time.ts';

const SummaryQuery = Type.Object({ accountId: Type.Optional(Type.String()) }, { additionalProperties: false });
const ThroughputQuery = Type.Object({ minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })) }, { additionalProperties: false });

export async function statsRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store, gateway } = deps;

  app.get<{ Querystring: Static<typeof SummaryQuery> }>('/v1/stats/summary', { schema: { querystring: SummaryQuery, tags: ['stats'] } }, async (request) => {
    const accountId = actingAccount(request.principal, request.query.accountId);
    const [states, depth] = await Promise.all([store.messages.countByState(accountId), store.messages.queueDepth()]);
    const meter = gateway.throughput;
    return {
      states,
      throughput: { acceptedPerSecond: meter.rate('accepted'), submittedPerSecond: meter.rate('submitted'), deliveredPerSecond: meter.rate('delivered') },
      connectors: [...gateway.connectors.values()].map((c) => ({ id: c.id, state: c.stats().state, queueDepth: depth[c.id] ?? 0 })),
    };
  });

  app.get<{ Querystring: Static<typeof ThroughputQuery> }>('/v1/stats/throughput', { schema: { querystring: ThroughputQuery, tags: ['stats'] } }, async (request) => ({
    points: gateway.throughput.series(request.query.minutes ?? 15).map((p) => ({ ...p, at: iso(p.at) })),
  }));
}
