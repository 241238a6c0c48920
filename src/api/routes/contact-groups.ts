// /v1/contact-groups: static groups (members added and removed in bulk) and dynamic groups (a filter
// over tags and custom fields), with member counts and paged member lists, per account.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { countAudience, filterPage, groupAudience } from '../../core/contacts/contact-audience.ts';
import { parseFilter } from '../../core/contacts/contact-filter.ts';
import { AppError } from '../../core/errors.ts';
import type { ContactGroup } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { AccountId, contactView, groupView, IdParams, Ids, notFound, ownAccount, Paging } from './contact-views.ts';

const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const Name = Type.String({ minLength: 1, maxLength: 64 });
const Filter = Type.Object(
  {
    match: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('any')])),
    conditions: Type.Array(
      Type.Object({ field: Type.String({ minLength: 1, maxLength: 64 }), op: Type.String({ maxLength: 16 }), value: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Number()])) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
const NewBody = Type.Object({ name: Name, kind: Type.Optional(Type.Union([Type.Literal('static'), Type.Literal('dynamic')])), filter: Type.Optional(Filter) }, { additionalProperties: false });
const EditBody = Type.Object({ name: Type.Optional(Name), filter: Type.Optional(Filter) }, { additionalProperties: false });
const MembersBody = Type.Object({ contactIds: Ids }, { additionalProperties: false });
const MembersQuery = Type.Object({ ...Paging, accountId: AccountId }, { additionalProperties: false });

export async function contactGroupRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const repo = store.contacts;

  const owned = async (accountId: string, id: string): Promise<ContactGroup> => {
    const group = await repo.getGroup(accountId, id);
    if (!group) throw notFound('contact group', id);
    return group;
  };
  const staticGroup = async (accountId: string, id: string): Promise<ContactGroup> => {
    const group = await owned(accountId, id);
    if (group.kind !== 'static') throw new AppError('conflict', 'a dynamic group has no hand-picked members; edit its filter', 'id');
    return group;
  };
  const noNul = (name: string | undefined) => {
    if (name?.includes('\u0000')) throw new AppError('validation_failed', 'name must not contain U+0000', 'name');
  };

  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/contact-groups',
    { schema: { querystring: AccountQuery, tags: ['contacts'], summary: "The account's groups; static groups with their member count" } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const groups = await repo.listGroups(accountId);
      // Counting a dynamic group walks the account's contacts: only GET /v1/contact-groups/{id} does that.
      return { items: await Promise.all(groups.map(async (g) => groupView(g, g.kind === 'static' ? await repo.count(accountId, g.id) : null))) };
    },
  );

  app.post<{ Body: Static<typeof NewBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contact-groups',
    { schema: { body: NewBody, querystring: AccountQuery, tags: ['contacts'], summary: 'Create a static group, or a dynamic one with a filter' } },
    async (request, reply) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const { name, kind = request.body.filter ? 'dynamic' : 'static' } = request.body;
      noNul(name);
      if (kind === 'dynamic' && !request.body.filter) throw new AppError('validation_failed', 'a dynamic group needs a filter', 'filter');
      if (kind === 'static' && request.body.filter) throw new AppError('validation_failed', 'a static group has no filter', 'filter');
      const filter = kind === 'dynamic' ? JSON.stringify(parseFilter(request.body.filter)) : null;
      const group = await repo.createGroup({ accountId, name, kind, filter }, Date.now());
      if (!group) throw new AppError('conflict', `a group named ${JSON.stringify(name)} exists`, 'name');
      return reply.status(201).send(groupView(group, kind === 'static' ? 0 : await countAudience(repo, accountId, groupAudience(group))));
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contact-groups/:id',
    { schema: { params: IdParams, querystring: AccountQuery, tags: ['contacts'], summary: 'One group with its member count' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const group = await owned(accountId, request.params.id);
      return groupView(group, await countAudience(repo, accountId, groupAudience(group)));
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof EditBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contact-groups/:id',
    { schema: { params: IdParams, body: EditBody, querystring: AccountQuery, tags: ['contacts'], summary: "Rename a group or change a dynamic group's filter" } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const group = await owned(accountId, request.params.id);
      noNul(request.body.name);
      if (request.body.filter && group.kind === 'static') throw new AppError('validation_failed', 'a static group has no filter', 'filter');
      const filter = request.body.filter ? JSON.stringify(parseFilter(request.body.filter)) : group.filter;
      const updated = await repo.updateGroup(accountId, group.id, { name: request.body.name ?? group.name, filter }, Date.now());
      if (updated === 'conflict') throw new AppError('conflict', 'another group has this name', 'name');
      if (!updated) throw notFound('contact group', group.id);
      return groupView(updated, await countAudience(repo, accountId, groupAudience(updated)));
    },
  );

  app.delete<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contact-groups/:id',
    { schema: { params: IdParams, querystring: AccountQuery, tags: ['contacts'], summary: 'Delete a group (its contacts stay)' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      if (!(await repo.deleteGroup(accountId, request.params.id))) throw notFound('contact group', request.params.id);
      return { deleted: 1 };
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof MembersQuery> }>(
    '/v1/contact-groups/:id/members',
    { schema: { params: IdParams, querystring: MembersQuery, tags: ['contacts'], summary: "A group's members, paged (a dynamic group's: whoever matches its filter now)" } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const group = await owned(accountId, request.params.id);
      const { cursor, limit = 50 } = request.query;
      const page = group.kind === 'dynamic'
        ? await filterPage(repo, accountId, parseFilter(JSON.parse(group.filter ?? '{}')), cursor, limit)
        : await repo.list({ accountId, groupId: group.id, cursor, limit });
      return { items: page.items.map(contactView), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MembersBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contact-groups/:id/members',
    { schema: { params: IdParams, body: MembersBody, querystring: AccountQuery, tags: ['contacts'], summary: "Add contacts to a static group (other accounts' ids are ignored)" } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const group = await staticGroup(accountId, request.params.id);
      return { added: await repo.addMembers(accountId, group.id, request.body.contactIds), members: await repo.count(accountId, group.id) };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MembersBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contact-groups/:id/members/remove',
    { schema: { params: IdParams, body: MembersBody, querystring: AccountQuery, tags: ['contacts'], summary: 'Remove contacts from a static group' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const group = await staticGroup(accountId, request.params.id);
      return { removed: await repo.removeMembers(accountId, group.id, request.body.contactIds), members: await repo.count(accountId, group.id) };
    },
  );
}
