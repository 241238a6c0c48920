// /v1/campaigns: create a campaign (群发), stage its recipients (JSON or an uploaded CSV/TXT stream),
// start, pause, resume, cancel, and follow its runs' progress and delivery report. Account-scoped.
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { MAX_AUDIENCE_GROUPS, MAX_SELECTED_CONTACTS, type Campaign, type CampaignAudience, type CampaignRun, type CampaignSchedule } from '../../core/campaigns/campaign.ts';
import { CampaignControl } from '../../core/campaigns/campaign-control.ts';
import { runReport } from '../../core/campaigns/campaign-report.ts';
import { readUpload, stageRecipients, type RawRecipient } from '../../core/campaigns/recipient-staging.ts';
import { validateSchedule, validateWindow } from '../../core/campaigns/schedule.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { MESSAGE_CATEGORIES } from '../../core/message.ts';
import type { ApiDeps } from '../deps.ts';
import { actingAccount, requireAccount, type Principal } from '../principal.ts';
import { iso, parseTime } from '../time.ts';

const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const UploadQuery = Type.Object(
  { accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('txt')])) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const TimeZone = Type.String({ minLength: 1, maxLength: 64 });
const Recipient = Type.Union([
  Type.String({ minLength: 1, maxLength: 32 }),
  Type.Object({ to: Type.String({ minLength: 1, maxLength: 32 }), params: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 500 }))) }, { additionalProperties: false }),
]);
/** Contact and group ids are the address book's row numbers. */
const ContactRef = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const Schedule = Type.Union([
  Type.Object({ kind: Type.Literal('once'), at: Type.Optional(Type.Union([Type.String(), Type.Integer({ minimum: 0 })])) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('cron'), expression: Type.String({ minLength: 1, maxLength: 100 }), timeZone: Type.Optional(TimeZone), until: Type.Optional(Type.Union([Type.String(), Type.Integer({ minimum: 0 })])) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('date-field'), field: Type.String({ minLength: 1, maxLength: 64 }), time: Clock, timeZone: Type.Optional(TimeZone) }, { additionalProperties: false }),
]);
const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    text: Type.String({ minLength: 1, maxLength: 5000 }),
    from: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    category: Type.Optional(Type.Union(MESSAGE_CATEGORIES.map((c) => Type.Literal(c)))),
    priority: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('bulk')])),
    validitySeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 7 * 86400 })),
    recipients: Type.Optional(Type.Array(Recipient, { maxItems: 10_000 })),
    groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    groupIds: Type.Optional(Type.Array(ContactRef, { minItems: 1, maxItems: MAX_AUDIENCE_GROUPS })),
    contactIds: Type.Optional(Type.Array(ContactRef, { minItems: 1, maxItems: MAX_SELECTED_CONTACTS })),
    schedule: Type.Optional(Schedule),
    sendWindow: Type.Optional(Type.Object({ start: Clock, end: Clock, timeZone: Type.Optional(TimeZone) }, { additionalProperties: false })),
    start: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const RecipientsBody = Type.Object({ recipients: Type.Array(Recipient, { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false });

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** A recipient upload may be large; it is streamed into the store, never held whole. */
const UPLOAD_LIMIT = 256 * 1024 * 1024;

function runView(run: CampaignRun) {
  return {
    id: run.id, status: run.status, dueAt: iso(run.dueAt), total: run.total, processed: run.processed, accepted: run.accepted,
    rejected: run.rejected, rejections: run.rejections, error: run.error, startedAt: iso(run.startedAt), finishedAt: iso(run.finishedAt),
  };
}

function campaignView(c: Campaign, runs: CampaignRun[] = []) {
  return {
    id: c.id, accountId: c.accountId, name: c.name, status: c.status, text: c.content.text, from: c.content.sender ?? null,
    category: c.content.category, priority: c.content.priority, audience: c.audience, schedule: c.schedule, sendWindow: c.sendWindow,
    recipients: c.recipientCount, nextRunAt: iso(c.nextRunAt), createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt), runs: runs.map(runView),
  };
}

function scheduleOf(body: Static<typeof CreateBody>['schedule']): CampaignSchedule {
  if (!body || body.kind === 'once') return { kind: 'once', at: parseTime(body?.at, 'schedule.at') };
  if (body.kind === 'cron') return { kind: 'cron', expression: body.expression, timeZone: body.timeZone ?? DEFAULT_TIME_ZONE, until: parseTime(body.until, 'schedule.until') };
  return { kind: 'date-field', field: body.field, time: body.time, timeZone: body.timeZone ?? DEFAULT_TIME_ZONE };
}

function* jsonRecipients(items: Static<typeof RecipientsBody>['recipients']): Generator<RawRecipient> {
  for (const [i, item] of items.entries()) yield typeof item === 'string' ? { line: i + 1, number: item, params: {} } : { line: i + 1, number: item.to, params: item.params ?? {} };
}

export async function campaignRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const control = new CampaignControl(store);
  const wake = () => void deps.campaigns?.tick();

  // Uploads arrive as the raw body (text/csv or text/plain) and are parsed as a stream.
  for (const type of ['text/csv', 'text/plain']) app.addContentTypeParser(type, (_request, payload, done) => done(null, payload));

  /**
   * Who the new campaign goes to: its own recipient list, or contact groups and picked contacts of the
   * caller's account (an unknown id, or another account's, is not found, naming the offending item).
   */
  const audienceOf = async (accountId: string, body: Static<typeof CreateBody>, schedule: CampaignSchedule): Promise<CampaignAudience> => {
    const toContacts = body.groupId !== undefined || body.groupIds !== undefined || body.contactIds !== undefined;
    const dateField = schedule.kind === 'date-field' ? schedule.field : undefined;
    if (!toContacts) {
      if (dateField) throw new AppError('validation_failed', 'a date-field schedule needs groupIds or contactIds (contacts with that field)', 'schedule');
      return { kind: 'list' };
    }
    const field = body.groupId !== undefined ? 'groupId' : body.groupIds !== undefined ? 'groupIds' : 'contactIds';
    if (body.recipients) throw new AppError('validation_failed', `give either recipients or ${field}, not both`, field);
    if (body.groupId !== undefined && body.groupIds !== undefined) throw new AppError('validation_failed', 'give groupIds (several groups) or groupId, not both', 'groupId');
    if (body.groupId !== undefined && body.contactIds === undefined) {
      if (!(await store.contacts.getGroup(accountId, body.groupId))) throw new AppError('not_found', `no contact group ${body.groupId}`, 'groupId');
      return { kind: 'group', groupId: body.groupId, dateField };
    }
    const groupIds = [...new Set(body.groupIds ?? (body.groupId !== undefined ? [body.groupId] : []))];
    for (const id of groupIds) {
      if (!(await store.contacts.getGroup(accountId, id))) throw new AppError('not_found', `no contact group ${id}`, body.groupIds ? `groupIds[${body.groupIds.indexOf(id)}]` : 'groupId');
    }
    const contactIds = [...new Set(body.contactIds ?? [])];
    for (let start = 0; start < contactIds.length; start += 1000) {
      const wanted = contactIds.slice(start, start + 1000);
      const found = new Set((await store.contacts.getMany(accountId, wanted)).map((c) => c.id));
      const missing = wanted.find((id) => !found.has(id));
      if (missing !== undefined) throw new AppError('not_found', `no contact ${missing}`, `contactIds[${body.contactIds!.indexOf(missing)}]`);
    }
    return { kind: 'contacts', groupIds, contactIds, dateField };
  };

  /** The campaign if the caller may see it: its own account's, or any for an administrator. */
  const owned = async (id: string, principal: Principal, requested: string | undefined): Promise<Campaign> => {
    const campaign = await store.campaigns.get(id, actingAccount(principal, requested));
    if (!campaign) throw new AppError('not_found', `no campaign ${id}`, 'id');
    return campaign;
  };
  const withRuns = async (campaign: Campaign) => campaignView(campaign, await store.campaigns.listRuns(campaign.id, 20));

  app.post<{ Body: Static<typeof CreateBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/campaigns',
    { schema: { body: CreateBody, querystring: AccountQuery, tags: ['campaigns'], summary: 'Create a campaign (optionally with its recipients, and started at once)' } },
    async (request, reply) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      const body = request.body;
      if (body.text.includes('\u0000') || body.name.includes('\u0000')) throw new AppError('validation_failed', 'name and text must not contain U+0000', 'text');
      const schedule = scheduleOf(body.schedule);
      validateSchedule(schedule);
      const audience = await audienceOf(accountId, body, schedule);
      const sendWindow = body.sendWindow ? { start: body.sendWindow.start, end: body.sendWindow.end, timeZone: body.sendWindow.timeZone ?? DEFAULT_TIME_ZONE } : null;
      if (sendWindow) validateWindow(sendWindow);
      const now = Date.now();
      let campaign: Campaign = {
        id: newId(now),
        accountId,
        name: body.name,
        status: 'draft',
        content: { text: body.text, sender: body.from, category: body.category ?? 'marketing', priority: body.priority ?? 'bulk', validitySeconds: body.validitySeconds },
        audience,
        schedule,
        sendWindow,
        nextRunAt: null,
        recipientCount: 0,
        createdAt: now,
        updatedAt: now,
      };
      await store.campaigns.insert(campaign);
      let staging = null;
      if (body.recipients) {
        staging = await stageRecipients(store, campaign, jsonRecipients(body.recipients), deps.normalizeNumber);
        campaign = (await store.campaigns.get(campaign.id))!;
      }
      if (body.start) {
        campaign = await control.start(campaign);
        wake();
      }
      return reply.status(201).send({ ...campaignView(campaign), staging });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Querystring: Static<typeof UploadQuery> }>(
    '/v1/campaigns/:id/recipients',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: { params: IdParams, querystring: UploadQuery, tags: ['campaigns'], summary: 'Add recipients to a draft: JSON {recipients}, or a CSV / TXT upload as the body' },
    },
    async (request) => {
      const campaign = await owned(request.params.id, request.principal, request.query.accountId);
      const body = request.body;
      if (body instanceof Readable) {
        const format = request.query.format ?? ((request.headers['content-type'] ?? '').startsWith('text/csv') ? 'csv' : 'txt');
        return stageRecipients(store, campaign, readUpload(body, format), deps.normalizeNumber);
      }
      if (!Value.Check(RecipientsBody, body)) {
        const first = Value.Errors(RecipientsBody, body).First();
        const where = first?.path ? first.path.slice(1).replaceAll('/', '.') : 'recipients';
        throw new AppError('validation_failed', `send {"recipients": [...]} (at most 10,000) as JSON, or the list as a text/csv or text/plain body${first ? `: ${where} ${first.message}` : ''}`, where || 'recipients');
      }
      return stageRecipients(store, campaign, jsonRecipients(body.recipients), deps.normalizeNumber);
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>('/v1/campaigns', { schema: { querystring: ListQuery, tags: ['campaigns'], summary: 'Campaigns, newest first' } }, async (request) => {
    const accountId = actingAccount(request.principal, request.query.accountId);
    const page = await store.campaigns.list({ accountId, cursor: request.query.cursor, limit: request.query.limit ?? 50 });
    // The latest run of each, for its progress in the list.
    const items = await Promise.all(page.items.map(async (c) => campaignView(c, await store.campaigns.listRuns(c.id, 1))));
    return { items, nextCursor: page.nextCursor };
  });

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/campaigns/:id',
    { schema: { params: IdParams, querystring: AccountQuery, tags: ['campaigns'], summary: 'A campaign with its latest runs and their progress' } },
    async (request) => withRuns(await owned(request.params.id, request.principal, request.query.accountId)),
  );

  app.get<{ Params: Static<typeof IdParams> & { runId: string }; Querystring: Static<typeof AccountQuery> }>(
    '/v1/campaigns/:id/runs/:runId/report',
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }), runId: Type.String({ maxLength: 64 }) }), querystring: AccountQuery, tags: ['campaigns'], summary: 'Delivery report of one run' } },
    async (request) => {
      const campaign = await owned(request.params.id, request.principal, request.query.accountId);
      const run = await store.campaigns.getRun(request.params.runId);
      if (!run || run.campaignId !== campaign.id) throw new AppError('not_found', `no run ${request.params.runId} in campaign ${campaign.id}`, 'runId');
      return { run: runView(run), report: runReport(await store.campaigns.tally(run.id), deps.failureTable.classify) };
    },
  );

  const action = (name: 'start' | 'pause' | 'resume' | 'cancel', summary: string) =>
    app.post<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
      `/v1/campaigns/:id/${name}`,
      { schema: { params: IdParams, querystring: AccountQuery, tags: ['campaigns'], summary } },
      async (request) => {
        const campaign = await owned(request.params.id, request.principal, request.query.accountId);
        const changed = await control[name](campaign);
        wake();
        return withRuns(changed);
      },
    );
  action('start', 'Start a draft: at once, or at its schedule');
  action('pause', 'Stop sending; queued messages wait until resumed');
  action('resume', 'Carry on where the campaign was paused');
  action('cancel', 'Stop for good; messages not yet sent are cancelled');

  app.delete<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/campaigns/:id',
    { schema: { params: IdParams, querystring: AccountQuery, tags: ['campaigns'], summary: 'Delete a draft, completed or cancelled campaign (its messages stay)' } },
    async (request, reply) => {
      const campaign = await owned(request.params.id, request.principal, request.query.accountId);
      if (campaign.status === 'active' || campaign.status === 'paused') throw new AppError('conflict', `campaign is ${campaign.status}; cancel it first`, 'id');
      await store.campaigns.delete(campaign.id);
      return reply.status(204).send();
    },
  );
}
