// The shape of an account's status callbacks: ours, Aliyun's SmsReport or Tencent's status callback
// ('auto' = the shape of the API each message came through). Read by the notifier within a few seconds.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CALLBACK_FORMATS, callbackFormatKey, parseCallbackFormat } from '../../core/cloud-report.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount } from '../principal.ts';

const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const FormatBody = Type.Object({ format: Type.Union(CALLBACK_FORMATS.map((f) => Type.Literal(f))) }, { additionalProperties: false });

export async function callbackFormatRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const tags = ['messages'];

  app.get<{ Querystring: Static<typeof AccountQuery> }>('/v1/callback-format', { schema: { querystring: AccountQuery, tags, summary: 'The shape of status callbacks (auto, kuaixin, aliyun, tencent)' } }, async (request) => ({
    format: parseCallbackFormat(await store.settings.get(callbackFormatKey(requireAccount(request.principal, request.query.accountId)))),
  }));

  app.put<{ Querystring: Static<typeof AccountQuery>; Body: Static<typeof FormatBody> }>(
    '/v1/callback-format',
    { schema: { querystring: AccountQuery, body: FormatBody, tags, summary: 'Choose the shape of status callbacks (applies within a few seconds)' } },
    async (request) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      await store.settings.set(callbackFormatKey(accountId), request.body.format);
      return { format: request.body.format };
    },
  );
}
