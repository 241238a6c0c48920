// Tencent Cloud sms 2021-01-11 SendSms on POST /tencent/ (X-TC-Action header, TC3-HMAC-SHA256 with a
// cloud key), answering in Tencent's envelope with a status per number, so a Tencent integration moves over.
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encodeCloudCallback } from '../../core/cloud-report.ts';
import { AppError } from '../../core/errors.ts';
import type { RecipientResult } from '../../core/intake-port.ts';
import { approvedCatalog, paramsFromSet, templateCodeOf } from '../compat/cloud-catalog.ts';
import { authenticateTencent } from '../compat/cloud-auth.ts';
import { tencentCode } from '../compat/cloud-error-codes.ts';
import { senderFor } from '../compat/extend-code.ts';
import type { ApiDeps } from '../deps.ts';

/** Tencent's limit per SendSms call. */
const MAX_NUMBERS = 200;

interface SendSmsBody {
  PhoneNumberSet: string[];
  SmsSdkAppId: string;
  TemplateId: string;
  SignName?: string;
  TemplateParamSet?: string[];
  SessionContext?: string;
  ExtendCode?: string;
  SenderId?: string;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The body's shape, or the name of the first parameter that is missing or of the wrong type. */
function checkBody(raw: unknown): SendSmsBody | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'the request body';
  const body = raw as Record<string, unknown>;
  if (!isStringArray(body.PhoneNumberSet) || body.PhoneNumberSet.length === 0) return 'PhoneNumberSet';
  for (const name of ['SmsSdkAppId', 'TemplateId']) if (typeof body[name] !== 'string' || body[name] === '') return name;
  for (const name of ['SignName', 'SessionContext', 'ExtendCode', 'SenderId']) if (body[name] !== undefined && typeof body[name] !== 'string') return name;
  if (body.TemplateParamSet !== undefined && !isStringArray(body.TemplateParamSet)) return 'TemplateParamSet';
  return body as unknown as SendSmsBody;
}

function statusOf(result: RecipientResult, given: string, sessionContext: string) {
  const number = parsePhoneNumberFromString(result.ok ? result.normalized : given);
  const common = { PhoneNumber: result.ok ? result.normalized : given, SessionContext: sessionContext, IsoCode: number?.country ?? '' };
  if (result.ok) return { SerialNo: result.messageId, ...common, Fee: result.segments, Code: 'Ok', Message: 'send success' };
  return { SerialNo: '', ...common, Fee: 0, Code: tencentCode(result.error.code, result.error.field), Message: result.error.message };
}

/** Registers /tencent and /tencent/; answers the handler, which the platform root also uses for POSTs. */
export async function tencentRoutes(app: FastifyInstance, deps: ApiDeps): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<unknown>> {
  // The body stays octets: TC3 signs the SHA-256 of exactly what was sent.
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const requestId = randomUUID();
    // Tencent answers every error with HTTP 200 and an Error object in the Response.
    const fail = (code: string, message: string) => reply.status(200).send({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    // TC3's CanonicalURI is always "/" for API 3.0, whatever path the request was sent to.
    const auth = await authenticateTencent(deps.store, { method: request.method, path: '/', query, headers: request.headers, body: raw }, Date.now());
    if (!auth.ok) return fail(auth.code, auth.message);
    const action = request.headers['x-tc-action'];
    if (action !== 'SendSms') return fail('InvalidAction', `action ${String(action ?? '')} is not supported; only SendSms is`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return fail('InvalidParameter', 'the request body is not valid JSON');
    }
    const body = checkBody(parsed);
    if (typeof body === 'string') return fail('MissingParameter', `${body} is missing or of the wrong type`);
    if (body.PhoneNumberSet.length > MAX_NUMBERS) return fail('LimitExceeded.PhoneNumberCountLimit', `at most ${MAX_NUMBERS} numbers per request`);

    const catalog = await approvedCatalog(deps, auth.accountId);
    const templateCode = templateCodeOf(body.TemplateId);
    const template = catalog.templates.get(templateCode);
    if (!template) return fail('FailedOperation.TemplateIncorrectOrUnapproved', `template ${body.TemplateId} is not an approved template of this account`);
    const signature = body.SignName ? catalog.signatures.get(body.SignName) : undefined;
    if (body.SignName && !signature) return fail('FailedOperation.SignatureIncorrectOrUnapproved', `SignName ${body.SignName} is not an approved signature of this account`);
    const params = paramsFromSet(template, body.TemplateParamSet ?? []);
    if (!params) return fail('FailedOperation.TemplateParamSetNotMatchApprovedTemplate', `TemplateParamSet must hold one value for each of the template's variables, in order`);

    // ExtendCode extends the account's number (or a numeric SenderId); SenderId alone is the sender as it is.
    const sender = senderFor(deps.gateway.moRouter, auth.accountId, body.ExtendCode, body.SenderId, 'ExtendCode');
    if (!sender.ok) return fail('InvalidParameterValue', sender.message);

    const callbackUrl = encodeCloudCallback({ format: 'tencent', templateCode, outId: null, url: null });
    try {
      const response = await deps.gateway.intake.submit({ accountId: auth.accountId, source: 'api', recipients: body.PhoneNumberSet, templateId: templateCode, params, signatureId: signature?.id, sender: sender.sender, callbackUrl });
      const sessionContext = body.SessionContext ?? '';
      const set = response.results.map((result, i) => statusOf(result, body.PhoneNumberSet[i], sessionContext));
      return reply.status(200).send({ Response: { SendStatusSet: set, RequestId: requestId } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return fail(tencentCode(error.code, error.field), error.message);
    }
  };

  // security: [] — signed with a SecretId (TC3-HMAC-SHA256), not a Bearer token.
  const schema = { tags: ['compat'], summary: 'Tencent Cloud sms 2021-01-11 SendSms (X-TC-Action header, TC3-HMAC-SHA256 with a cloud key)', security: [] };
  for (const url of ['/tencent', '/tencent/']) app.post(url, { schema }, handle);
  return handle;
}
