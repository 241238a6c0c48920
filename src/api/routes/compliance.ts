// /v1/compliance/*: frequency rules (platform defaults for admins, per-account overrides), the
// account's frequency whitelist, marketing sending hours and the marketing-consent switch.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_FREQUENCY_RULES, EMPTY_POLICY, mergeRules } from '../../core/compliance/compliance-book.ts';
import { DEFAULT_SENDING_HOURS, isTimeZone, minutesOf } from '../../core/compliance/sending-hours.ts';
import { MAX_LIMIT } from '../../core/compliance/sliding-counter.ts';
import { AppError } from '../../core/errors.ts';
import { MESSAGE_CATEGORIES } from '../../core/message.ts';
import type { CompliancePolicy, FrequencyRule, SendingHoursRecord } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount, requireAdmin } from '../principal.ts';

/** Aliyun allows 300 whitelisted numbers; more would make the exemption the rule. */
const MAX_WHITELIST = 300;

const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const Rule = Type.Object(
  {
    category: Type.Union([...MESSAGE_CATEGORIES.map((c) => Type.Literal(c)), Type.Literal('all')]),
    window: Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')]),
    // Per recipient: carriers allow tens a day at most (domain.md §2.7), and the counters are one byte.
    limit: Type.Integer({ minimum: 0, maximum: MAX_LIMIT }),
  },
  { additionalProperties: false },
);
const RulesBody = Type.Object({ rules: Type.Union([Type.Array(Rule, { maxItems: 50 }), Type.Null()]) }, { additionalProperties: false });
const Hours = Type.Object(
  {
    start: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    end: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    days: Type.Optional(Type.Union([Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true }), Type.Null()])),
  },
  { additionalProperties: false },
);
const HoursBody = Type.Object({ hours: Type.Union([Hours, Type.Null()]) }, { additionalProperties: false });
const NumberBody = Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false });
const NumberQuery = Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }), accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const ConsentPolicyBody = Type.Object({ requireMarketingConsent: Type.Boolean() }, { additionalProperties: false });

function checkedRules(rules: FrequencyRule[]): FrequencyRule[] {
  const seen = new Set<string>();
  for (const [i, r] of rules.entries()) {
    const key = `${r.category}/${r.window}`;
    if (seen.has(key)) throw new AppError('validation_failed', `two rules for ${r.category} per ${r.window}`, `rules[${i}]`);
    seen.add(key);
  }
  return rules.map((r) => ({ category: r.category, window: r.window, limit: r.limit }));
}

function checkedHours(hours: Static<typeof Hours>): SendingHoursRecord {
  const timeZone = hours.timeZone ?? DEFAULT_SENDING_HOURS.timeZone;
  if (!isTimeZone(timeZone)) throw new AppError('validation_failed', `${JSON.stringify(timeZone)} is not a known time zone`, 'hours.timeZone');
  if (minutesOf(hours.start) === null || minutesOf(hours.end) === null) throw new AppError('validation_failed', 'times are HH:MM', 'hours.start');
  return { start: hours.start, end: hours.end, timeZone, days: hours.days ? [...hours.days].sort() : null };
}

export async function complianceRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const load = async (owner: string): Promise<CompliancePolicy> => (await store.compliance.getPolicy(owner)) ?? EMPTY_POLICY;
  /** Stores a change and applies it on this node before answering (other nodes poll). */
  const save = async (owner: string, change: Partial<CompliancePolicy>): Promise<void> => {
    await store.compliance.putPolicy(owner, { ...(await load(owner)), ...change }, Date.now());
    await deps.compliance?.refresh();
  };
  const ownAccount = async (principal: Parameters<typeof requireAccount>[0], requested: string | undefined): Promise<string> => {
    const accountId = requireAccount(principal, requested);
    if (!(await store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
    return accountId;
  };
  const platformRules = async () => (await load('')).frequencyRules ?? [...DEFAULT_FREQUENCY_RULES];
  const platformHours = async () => (await load('')).sendingHours ?? DEFAULT_SENDING_HOURS;
  const rulesView = async (accountId: string) => {
    const platform = await platformRules();
    const own = (await load(accountId)).frequencyRules;
    return { platform, account: own, effective: mergeRules(platform, own) };
  };
  const hoursView = async (accountId: string) => {
    const platform = await platformHours();
    const own = (await load(accountId)).sendingHours;
    return { platform, account: own, effective: own ?? platform };
  };

  app.get('/v1/compliance/frequency-rules/platform', { schema: { tags: ['compliance'], summary: 'Platform default frequency rules (admin)' } }, async (request) => {
    requireAdmin(request.principal);
    return { rules: await platformRules() };
  });
  app.put<{ Body: Static<typeof RulesBody> }>(
    '/v1/compliance/frequency-rules/platform',
    { schema: { body: RulesBody, tags: ['compliance'], summary: 'Replace the platform default frequency rules; null restores the built-in ones (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      await save('', { frequencyRules: request.body.rules === null ? null : checkedRules(request.body.rules) });
      return { rules: await platformRules() };
    },
  );
  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/compliance/frequency-rules',
    { schema: { querystring: AccountQuery, tags: ['compliance'], summary: "The account's frequency rules: platform defaults, its overrides, the result" } },
    async (request) => rulesView(await ownAccount(request.principal, request.query.accountId)),
  );
  app.put<{ Body: Static<typeof RulesBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/compliance/frequency-rules',
    { schema: { body: RulesBody, querystring: AccountQuery, tags: ['compliance'], summary: "Set the account's overrides (same category and window replace the platform's; limit 0 removes it; null = platform rules)" } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      await save(accountId, { frequencyRules: request.body.rules === null ? null : checkedRules(request.body.rules) });
      return rulesView(accountId);
    },
  );

  const e164 = (input: string): string => {
    const number = input.includes('\u0000') ? null : deps.normalizeNumber(input);
    if (!number) throw new AppError('invalid_number', `${JSON.stringify(input)} is not a valid phone number`, 'number');
    return number;
  };
  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/compliance/whitelist',
    { schema: { querystring: AccountQuery, tags: ['compliance'], summary: 'Numbers exempt from frequency limits' } },
    async (request) => ({ numbers: (await load(await ownAccount(request.principal, request.query.accountId))).whitelist }),
  );
  app.post<{ Body: Static<typeof NumberBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/compliance/whitelist',
    { schema: { body: NumberBody, querystring: AccountQuery, tags: ['compliance'], summary: 'Exempt a number from frequency limits' } },
    async (request, reply) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const number = e164(request.body.number);
      const { whitelist } = await load(accountId);
      if (!whitelist.includes(number)) {
        if (whitelist.length >= MAX_WHITELIST) throw new AppError('validation_failed', `at most ${MAX_WHITELIST} whitelisted numbers`, 'number');
        await save(accountId, { whitelist: [...whitelist, number] });
      }
      return reply.status(201).send({ number });
    },
  );
  app.delete<{ Querystring: Static<typeof NumberQuery> }>(
    '/v1/compliance/whitelist',
    { schema: { querystring: NumberQuery, tags: ['compliance'], summary: 'Remove a number from the whitelist' } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const number = e164(request.query.number);
      const { whitelist } = await load(accountId);
      if (!whitelist.includes(number)) return { removed: 0 };
      await save(accountId, { whitelist: whitelist.filter((n) => n !== number) });
      return { removed: 1 };
    },
  );

  app.get('/v1/compliance/sending-hours/platform', { schema: { tags: ['compliance'], summary: 'Platform default marketing hours (admin)' } }, async (request) => {
    requireAdmin(request.principal);
    return { hours: await platformHours() };
  });
  app.put<{ Body: Static<typeof HoursBody> }>(
    '/v1/compliance/sending-hours/platform',
    { schema: { body: HoursBody, tags: ['compliance'], summary: 'Set the platform default marketing hours; null = 08:00–21:00 Beijing (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      await save('', { sendingHours: request.body.hours === null ? null : checkedHours(request.body.hours) });
      return { hours: await platformHours() };
    },
  );
  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/compliance/sending-hours',
    { schema: { querystring: AccountQuery, tags: ['compliance'], summary: "The account's marketing hours: platform default, its own, the result" } },
    async (request) => hoursView(await ownAccount(request.principal, request.query.accountId)),
  );
  app.put<{ Body: Static<typeof HoursBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/compliance/sending-hours',
    { schema: { body: HoursBody, querystring: AccountQuery, tags: ['compliance'], summary: "Set the account's marketing hours; null = the platform's" } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      await save(accountId, { sendingHours: request.body.hours === null ? null : checkedHours(request.body.hours) });
      return hoursView(accountId);
    },
  );

  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/compliance/consent-policy',
    { schema: { querystring: AccountQuery, tags: ['compliance'], summary: 'Whether marketing needs a current consent grant' } },
    async (request) => ({ requireMarketingConsent: (await load(await ownAccount(request.principal, request.query.accountId))).requireMarketingConsent }),
  );
  app.put<{ Body: Static<typeof ConsentPolicyBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/compliance/consent-policy',
    { schema: { body: ConsentPolicyBody, querystring: AccountQuery, tags: ['compliance'], summary: 'Require (or stop requiring) consent for marketing' } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      await save(accountId, { requireMarketingConsent: request.body.requireMarketingConsent });
      return { requireMarketingConsent: request.body.requireMarketingConsent };
    },
  );
}
