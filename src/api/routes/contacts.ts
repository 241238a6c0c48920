// /v1/contacts: an account's address book — create, read, edit, delete, search by name or number
// prefix, filter by group or tag, cursor paging — and the streamed CSV / XLSX export.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { audienceOfGroup, filterPage, type Audience } from '../../core/contacts/contact-audience.ts';
import { exportCsv, exportXlsx } from '../../core/contacts/contact-export.ts';
import { parseFilter } from '../../core/contacts/contact-filter.ts';
import { AppError } from '../../core/errors.ts';
import type { ContactListFilter } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { AccountId, contactView, Fields, IdParams, Ids, notFound, ownAccount, Paging, Tags } from './contact-views.ts';

const ListQuery = Type.Object(
  { ...Paging, q: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), group: Type.Optional(Type.String({ maxLength: 40 })), tag: Type.Optional(Type.String({ maxLength: 32 })), accountId: AccountId },
  { additionalProperties: false },
);
const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const NewBody = Type.Object(
  { number: Type.String({ minLength: 1, maxLength: 32 }), name: Type.Optional(Type.String({ maxLength: 100 })), fields: Type.Optional(Fields), tags: Type.Optional(Tags) },
  { additionalProperties: false },
);
const EditBody = Type.Partial(NewBody, { additionalProperties: false });
const DeleteBody = Type.Object({ ids: Ids }, { additionalProperties: false });
const ExportQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])), group: Type.Optional(Type.String({ maxLength: 40 })), accountId: AccountId },
  { additionalProperties: false },
);

const NUMBERISH = /^\+?[\d\s-]+$/;

/** A search box entry as the store's prefix ranges: digits match numbers (with or without +86), anything else names. */
function searchFilter(q: string | undefined): Pick<ContactListFilter, 'namePrefix' | 'numberPrefixes'> {
  if (q === undefined || q.trim() === '') return {};
  const text = q.trim();
  if (!NUMBERISH.test(text)) return { namePrefix: text };
  const digits = text.replace(/\D/g, '');
  return { numberPrefixes: text.startsWith('+') ? [`+${digits}`] : [`+86${digits}`, `+${digits}`] };
}

export async function contactRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const repo = store.contacts;

  const e164 = (input: string): string => {
    const number = input.includes('\u0000') ? null : deps.normalizeNumber(input);
    if (!number) throw new AppError('invalid_number', `${JSON.stringify(input)} is not a valid phone number`, 'number');
    return number;
  };
  const noNul = (values: Array<string | undefined>, field: string) => {
    if (values.some((v) => v?.includes('\u0000'))) throw new AppError('validation_failed', `${field} must not contain U+0000`, field);
  };
  const checkText = (body: Partial<Static<typeof NewBody>>) => {
    noNul([body.name], 'name');
    noNul([...Object.keys(body.fields ?? {}), ...Object.values(body.fields ?? {})], 'fields');
    noNul(body.tags ?? [], 'tags');
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/contacts',
    { schema: { querystring: ListQuery, tags: ['contacts'], summary: 'Contacts, newest first; search by name or number prefix, filter by group or tag' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const { group, tag, cursor, q } = request.query;
      const limit = request.query.limit ?? 50;
      if (group !== undefined) {
        const found = await repo.getGroup(accountId, group);
        if (!found) throw new AppError('not_found', `no contact group ${group}`, 'group');
        if (found.kind === 'dynamic') {
          const page = await filterPage(repo, accountId, parseFilter(JSON.parse(found.filter ?? '{}')), cursor, limit);
          return { items: page.items.map(contactView), nextCursor: page.nextCursor };
        }
      }
      noNul([q, tag], 'q');
      const page = await repo.list({ accountId, ...searchFilter(q), groupId: group, tag, cursor, limit });
      return { items: page.items.map(contactView), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof NewBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts',
    { schema: { body: NewBody, querystring: AccountQuery, tags: ['contacts'], summary: 'Add a contact (409 when the account already has the number)' } },
    async (request, reply) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      checkText(request.body);
      const { name = '', fields = {}, tags = [] } = request.body;
      const created = await repo.insert({ accountId, number: e164(request.body.number), name, fields, tags: [...new Set(tags)] }, Date.now());
      if (!created) throw new AppError('conflict', 'the address book already has this number', 'number');
      return reply.status(201).send(contactView(created));
    },
  );

  app.get<{ Querystring: Static<typeof ExportQuery> }>(
    '/v1/contacts/export',
    { schema: { querystring: ExportQuery, tags: ['contacts'], summary: 'All contacts, or a group, as a streamed CSV or XLSX file' } },
    async (request, reply) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const audience: Audience = request.query.group === undefined ? { kind: 'all' } : await audienceOfGroup(repo, accountId, request.query.group);
      const format = request.query.format ?? 'csv';
      const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      void reply.header('content-type', type).header('content-disposition', `attachment; filename="contacts.${format}"`);
      return reply.send(format === 'csv' ? exportCsv(repo, accountId, audience) : exportXlsx(repo, accountId, audience));
    },
  );

  app.post<{ Body: Static<typeof DeleteBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts/delete',
    { schema: { body: DeleteBody, querystring: AccountQuery, tags: ['contacts'], summary: 'Delete several contacts (and their group memberships)' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      return { deleted: await repo.delete(accountId, request.body.ids) };
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts/:id',
    { schema: { params: IdParams, querystring: AccountQuery, tags: ['contacts'], summary: 'One contact' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const found = await repo.get(accountId, request.params.id);
      if (!found) throw notFound('contact', request.params.id);
      return contactView(found);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof EditBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts/:id',
    { schema: { params: IdParams, body: EditBody, querystring: AccountQuery, tags: ['contacts'], summary: 'Edit a contact; given fields and tags replace the old ones' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      checkText(request.body);
      const current = await repo.get(accountId, request.params.id);
      if (!current) throw notFound('contact', request.params.id);
      const { number, name = current.name, fields = current.fields, tags = current.tags } = request.body;
      const updated = await repo.update(accountId, current.id, { number: number === undefined ? current.number : e164(number), name, fields, tags: [...new Set(tags)] }, Date.now());
      if (updated === 'conflict') throw new AppError('conflict', 'another contact has this number', 'number');
      if (!updated) throw notFound('contact', request.params.id);
      return contactView(updated);
    },
  );

  app.delete<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts/:id',
    { schema: { params: IdParams, querystring: AccountQuery, tags: ['contacts'], summary: 'Delete a contact' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      if ((await repo.delete(accountId, [request.params.id])) === 0) throw notFound('contact', request.params.id);
      return { deleted: 1 };
    },
  );
}
