// Carrier attribution (any account) and, for administrators, the number-segment table and ported-number overrides.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BUILTIN_SEGMENTS_DATE } from '../../core/carriers/builtin-segments.ts';
import { CARRIERS, SEGMENT_KINDS, type CarrierSegment } from '../../core/carriers/carrier.ts';
import { AppError } from '../../core/errors.ts';
import type { CarrierOverride } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAdmin } from '../principal.ts';

const CarrierSchema = Type.Union(CARRIERS.map((c) => Type.Literal(c)));
const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }) });

const SegmentsBody = Type.Object(
  {
    // 'builtin': the rows extend the built-in table (and win on the same prefix); 'empty': they replace it.
    base: Type.Union([Type.Literal('builtin'), Type.Literal('empty')]),
    segments: Type.Array(
      Type.Object(
        {
          prefix: Type.String({ pattern: '^1\\d{2,4}$', description: '3 to 5 national digits, starting with 1' }),
          carrier: CarrierSchema,
          virtual: Type.Optional(Type.Boolean()),
          kind: Type.Optional(Type.Union(SEGMENT_KINDS.map((k) => Type.Literal(k)))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10_000 },
    ),
  },
  { additionalProperties: false },
);

const OverrideBody = Type.Object(
  {
    // null: the number was ported, destination unknown (carrier-filtered routes then skip it).
    carrier: Type.Union([CarrierSchema, Type.Null()]),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const OverridesQuery = Type.Object(
  { after: Type.Optional(Type.String({ maxLength: 32 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
);

export async function carrierRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { carriers } = deps;

  // onRequest, before body validation: a non-admin learns nothing about admin schemas from a 400.
  app.addHook('onRequest', async (request) => {
    if (/^\/v1\/carriers(\/|$)/.test(request.url.split('?')[0])) requireAdmin(request.principal);
  });

  /** E.164 of a number in the path, or a 400 naming the field. IoT numbers (13 digits) pass too. */
  const e164Of = (input: string): string => {
    const e164 = deps.normalizeNumber(input) ?? iotNumber(input);
    if (!e164) throw new AppError('validation_failed', `number '${input}' is not a phone number`, 'number');
    return e164;
  };

  app.get<{ Params: Static<typeof NumberParams> }>(
    '/v1/numbers/:number/carrier',
    { schema: { params: NumberParams, tags: ['numbers'], summary: 'The carrier a number is routed as: ported-number override, else number segment' } },
    async (request) => {
      const number = e164Of(request.params.number);
      const answer = carriers.lookup(number);
      return { number, carrier: answer.carrier, virtual: answer.virtual, kind: answer.kind, source: answer.source, segment: answer.segment, tableVersion: answer.tableVersion };
    },
  );

  const segmentsView = () => {
    const stored = carriers.segments;
    return {
      version: stored.version,
      base: stored.base,
      updatedAt: stored.updatedAt === null ? null : new Date(stored.updatedAt).toISOString(),
      builtinDate: BUILTIN_SEGMENTS_DATE,
      segments: stored.segments,
      effective: carriers.effectiveRows(),
    };
  };

  app.get('/v1/carriers/segments', { schema: { tags: ['admin'], summary: 'The operator segment rows, their version and the table in force' } }, async () => {
    await carriers.refresh(); // another node may have changed it since this node last looked
    return segmentsView();
  });

  app.put<{ Body: Static<typeof SegmentsBody> }>(
    '/v1/carriers/segments',
    { schema: { body: SegmentsBody, tags: ['admin'], summary: 'Replace the operator segment rows (version +1)' } },
    async (request) => {
      const seen = new Set<string>();
      const segments: CarrierSegment[] = request.body.segments.map((s, i) => {
        if (seen.has(s.prefix)) throw new AppError('validation_failed', `segments[${i}].prefix '${s.prefix}' is listed twice`, `segments[${i}].prefix`);
        seen.add(s.prefix);
        return { prefix: s.prefix, carrier: s.carrier, virtual: s.virtual ?? false, kind: s.kind ?? 'mobile' };
      });
      await carriers.replaceSegments(request.body.base, segments);
      return segmentsView();
    },
  );

  app.get<{ Querystring: Static<typeof OverridesQuery> }>(
    '/v1/carriers/overrides',
    { schema: { querystring: OverridesQuery, tags: ['admin'], summary: 'Ported-number overrides, by number' } },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const items = await deps.store.carriers.listOverrides(request.query.after ?? null, limit);
      return { items: items.map(overrideView), next: items.length === limit ? items[items.length - 1].number : null };
    },
  );

  app.put<{ Params: Static<typeof NumberParams>; Body: Static<typeof OverrideBody> }>(
    '/v1/carriers/overrides/:number',
    { schema: { params: NumberParams, body: OverrideBody, tags: ['admin'], summary: 'Add or replace the override of a number' } },
    async (request) => {
      const override: CarrierOverride = { number: e164Of(request.params.number), carrier: request.body.carrier, origin: 'manual', note: request.body.note ?? null, updatedAt: Date.now() };
      await carriers.setOverride(override);
      return overrideView(override);
    },
  );

  app.delete<{ Params: Static<typeof NumberParams> }>(
    '/v1/carriers/overrides/:number',
    { schema: { params: NumberParams, tags: ['admin'], summary: 'Remove the override of a number' } },
    async (request, reply) => {
      const number = e164Of(request.params.number);
      if (!(await carriers.removeOverride(number))) throw new AppError('not_found', `no override for ${number}`, 'number');
      return reply.status(204).send();
    },
  );
}

function overrideView(o: CarrierOverride) {
  return { number: o.number, carrier: o.carrier, origin: o.origin, note: o.note, updatedAt: new Date(o.updatedAt).toISOString() };
}

/** 13-digit IoT numbers (14x), which the message normaliser rejects since they cannot take SMS from an SMS cloud. */
function iotNumber(input: string): string | null {
  const m = /^(?:\+86|0086|86)?(14\d{11})$/.exec(input.replace(/[\s-]/g, ''));
  return m ? `+86${m[1]}` : null;
}
