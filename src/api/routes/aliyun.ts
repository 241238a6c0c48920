// Aliyun dysmsapi 2017-05-25 on GET|POST /aliyun/: SendSms, SendBatchSms and QuerySendDetails with RPC
// Signature v1 or V3 (ACS3-HMAC-SHA256), answering in Aliyun's envelope, so an Aliyun integration moves
// over by changing its endpoint.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { beijingTime, decodeCloudCallback, encodeCloudCallback, nationalOrE164 } from '../../core/cloud-report.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { RecipientResult, SubmitRequest } from '../../core/intake-port.ts';
import { isFinal, type Message } from '../../core/message.ts';
import { approvedCatalog } from '../compat/cloud-catalog.ts';
import { authenticateAliyun, authenticateAliyunV3, isAliyunV3 } from '../compat/cloud-auth.ts';
import { aliyunCode } from '../compat/cloud-error-codes.ts';
import { senderFor, type SenderChoice } from '../compat/extend-code.ts';
import type { ApiDeps } from '../deps.ts';

type Params = Record<string, string>;
type Answer = { status: number; body: Record<string, unknown> };

/** Aliyun's limits: SendSms ≤ 1000 numbers, SendBatchSms ≤ 100, QuerySendDetails pages ≤ 50. */
const MAX_SEND = 1000;
const MAX_BATCH = 100;
const MAX_PAGE = 50;

/** Business refusals (isv.* / isp.*) come with HTTP 200, as Aliyun sends them; malformed requests with 400. */
const refusal = (code: string, message: string): Answer => ({ status: /^is[vp]\./.test(code) ? 200 : 400, body: { Code: code, Message: message } });

function jsonParam<T>(params: Params, name: string, check: (value: unknown) => value is T): T | AppError {
  try {
    const value: unknown = JSON.parse(params[name]);
    if (check(value)) return value;
  } catch {
    // falls through to the refusal below
  }
  return new AppError('validation_failed', `${name} is not valid JSON of the expected shape`, name);
}

const isObject = (v: unknown): v is Record<string, string | number> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isObjectArray = (v: unknown): v is Array<Record<string, string | number>> => Array.isArray(v) && v.every(isObject);

/** An extension code that is malformed, too long, or whose replies would go to another account. */
const extendRefusal = (choice: Extract<SenderChoice, { ok: false }>): Answer => refusal('isv.INVALID_PARAMETERS', choice.message);

/** SendSms answers for the whole request: OK with the BizId if any number was taken, else the first refusal. */
function sendAnswer(results: RecipientResult[], bizId: string): Answer {
  if (results.some((r) => r.ok)) return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: bizId } };
  const first = results.find((r) => !r.ok);
  const error = first && !first.ok ? first.error : { code: 'validation_failed' as const, message: 'no number accepted', field: undefined };
  return refusal(aliyunCode(error.code, error.field), error.message);
}

/** 1 waiting, 2 failed, 3 delivered (QuerySendDetails' SendStatus). */
function sendStatus(message: Message): 1 | 2 | 3 {
  if (message.state === 'delivered') return 3;
  return isFinal(message.state) ? 2 : 1;
}

function detailOf(message: Message) {
  const cloud = decodeCloudCallback(message.callbackUrl);
  const status = sendStatus(message);
  return {
    PhoneNum: nationalOrE164(message.recipient),
    SendStatus: status,
    ErrCode: status === 3 ? 'DELIVERED' : status === 2 ? (message.errorCode ?? message.state.toUpperCase()) : '',
    TemplateCode: cloud?.templateCode ?? '',
    Content: message.text,
    SendDate: beijingTime(message.createdAt),
    ReceiveDate: status === 1 ? '' : beijingTime(message.doneAt ?? message.updatedAt),
    OutId: cloud?.outId ?? '',
  };
}

/** Registers /aliyun and /aliyun/; answers the handler, which the platform root also uses for POSTs. */
export async function aliyunRoutes(app: FastifyInstance, deps: ApiDeps): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<unknown>> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));

  /** Numbers as intake stores them; null when any is not a valid number (Aliyun refuses the whole request). */
  const numbers = (raw: string[]): string[] | null => {
    const out: string[] = [];
    for (const n of raw) {
      const e164 = deps.normalizeNumber(n.trim());
      if (!e164) return null;
      out.push(e164);
    }
    return out;
  };

  const submitAll = async (requests: SubmitRequest[]): Promise<RecipientResult[] | Answer> => {
    try {
      const responses = await Promise.all(requests.map((r) => deps.gateway.intake.submit(r)));
      return responses.flatMap((r) => r.results);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return refusal(aliyunCode(error.code, error.field), error.message);
    }
  };

  const sendSms = async (accountId: string, p: Params): Promise<Answer> => {
    for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode']) if (!p[name]) return refusal('MissingParameter', `${name} is mandatory for this action.`);
    const raw = p.PhoneNumbers.split(',').filter((n) => n.trim() !== '');
    if (raw.length > MAX_SEND) return refusal('isv.MOBILE_COUNT_OVER_LIMIT', `at most ${MAX_SEND} numbers per request`);
    const recipients = numbers(raw);
    if (!recipients || recipients.length === 0) return refusal('isv.MOBILE_NUMBER_ILLEGAL', 'PhoneNumbers holds an invalid number');
    const signature = (await approvedCatalog(deps, accountId)).signatures.get(p.SignName);
    if (!signature) return refusal('isv.SMS_SIGNATURE_ILLEGAL', `SignName ${p.SignName} is not an approved signature of this account`);
    const params = p.TemplateParam ? jsonParam(p, 'TemplateParam', isObject) : undefined;
    if (params instanceof AppError) return refusal('isv.INVALID_JSON_PARAM', params.message);
    const sender = senderFor(deps.gateway.moRouter, accountId, p.SmsUpExtendCode, undefined, 'SmsUpExtendCode');
    if (!sender.ok) return extendRefusal(sender);
    const bizId = newId();
    const callbackUrl = encodeCloudCallback({ format: 'aliyun', templateCode: p.TemplateCode, outId: p.OutId || null, url: null });
    const results = await submitAll([{ accountId, source: 'api', recipients, templateId: p.TemplateCode, params, signatureId: signature.id, sender: sender.sender, batchId: bizId, callbackUrl }]);
    return Array.isArray(results) ? sendAnswer(results, bizId) : results;
  };

  const sendBatchSms = async (accountId: string, p: Params): Promise<Answer> => {
    for (const name of ['PhoneNumberJson', 'SignNameJson', 'TemplateCode']) if (!p[name]) return refusal('MissingParameter', `${name} is mandatory for this action.`);
    const phones = jsonParam(p, 'PhoneNumberJson', isStringArray);
    const signs = jsonParam(p, 'SignNameJson', isStringArray);
    const params = p.TemplateParamJson ? jsonParam(p, 'TemplateParamJson', isObjectArray) : undefined;
    const extendCodes = p.SmsUpExtendCodeJson ? jsonParam(p, 'SmsUpExtendCodeJson', isStringArray) : undefined;
    for (const parsed of [phones, signs, params, extendCodes]) if (parsed instanceof AppError) return refusal('isv.INVALID_JSON_PARAM', parsed.message);
    const [phoneList, signList, paramList, extendList] = [phones as string[], signs as string[], params as Array<Record<string, string | number>> | undefined, extendCodes as string[] | undefined];
    if (phoneList.length === 0 || phoneList.length > MAX_BATCH) return refusal('isv.MOBILE_COUNT_OVER_LIMIT', `PhoneNumberJson must hold 1 to ${MAX_BATCH} numbers`);
    if (signList.length !== phoneList.length || (paramList && paramList.length !== phoneList.length) || (extendList && extendList.length !== phoneList.length)) {
      return refusal('isv.INVALID_PARAMETERS', 'PhoneNumberJson, SignNameJson, TemplateParamJson and SmsUpExtendCodeJson must have the same length');
    }
    const senders: Array<string | undefined> = [];
    for (const code of extendList ?? []) {
      const sender = senderFor(deps.gateway.moRouter, accountId, code, undefined, 'SmsUpExtendCodeJson');
      if (!sender.ok) return extendRefusal(sender);
      senders.push(sender.sender);
    }
    const recipients = numbers(phoneList);
    if (!recipients) return refusal('isv.MOBILE_NUMBER_ILLEGAL', 'PhoneNumberJson holds an invalid number');
    const catalog = await approvedCatalog(deps, accountId);
    const unknown = signList.find((name) => !catalog.signatures.has(name));
    if (unknown !== undefined) return refusal('isv.SMS_SIGNATURE_ILLEGAL', `SignName ${unknown} is not an approved signature of this account`);
    const bizId = newId();
    const callbackUrl = encodeCloudCallback({ format: 'aliyun', templateCode: p.TemplateCode, outId: p.OutId || null, url: null });
    const requests: SubmitRequest[] = recipients.map((recipient, i) => ({
      accountId, source: 'api', recipients: [recipient], templateId: p.TemplateCode, params: paramList?.[i], signatureId: catalog.signatures.get(signList[i])!.id, sender: senders[i], batchId: bizId, callbackUrl,
    }));
    const results = await submitAll(requests);
    return Array.isArray(results) ? sendAnswer(results, bizId) : results;
  };

  const querySendDetails = async (accountId: string, p: Params): Promise<Answer> => {
    for (const name of ['PhoneNumber', 'SendDate', 'PageSize', 'CurrentPage']) if (!p[name]) return refusal('MissingParameter', `${name} is mandatory for this action.`);
    const day = /^(\d{4})(\d\d)(\d\d)$/.exec(p.SendDate);
    if (!day) return refusal('isv.INVALID_PARAMETERS', 'SendDate must be yyyyMMdd');
    const pageSize = Number(p.PageSize);
    const page = Number(p.CurrentPage);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE || !Number.isInteger(page) || page < 1) {
      return refusal('isv.INVALID_PARAMETERS', `PageSize must be 1 to ${MAX_PAGE} and CurrentPage at least 1`);
    }
    const recipient = deps.normalizeNumber(p.PhoneNumber);
    if (!recipient) return refusal('isv.MOBILE_NUMBER_ILLEGAL', 'PhoneNumber is not a valid number');
    // SendDate is a Beijing day (UTC+8).
    const from = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) - 8 * 3_600_000;
    // One number on one day: a single bounded page holds them all; the account scope keeps BizIds private.
    const found = await deps.store.messages.list({ accountId, recipient, batchId: p.BizId || undefined, createdFrom: from, createdTo: from + 86_400_000, limit: 1000 });
    const items = found.items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    const slice = items.slice((page - 1) * pageSize, page * pageSize);
    return { status: 200, body: { Code: 'OK', Message: 'OK', TotalCount: String(items.length), SmsSendDetailDTOs: { SmsSendDetailDTO: slice.map(detailOf) } } };
  };

  const ACTIONS: Record<string, (accountId: string, p: Params) => Promise<Answer>> = { SendSms: sendSms, SendBatchSms: sendBatchSms, QuerySendDetails: querySendDetails };

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const requestId = randomUUID().toUpperCase();
    const params: Params = {};
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const raw = typeof request.body === 'string' ? request.body : Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    // Only a form body holds parameters (V3 may also send other bodies, which it signs by their hash).
    const form = /^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '') ? raw : '';
    // The signature covers query and form parameters alike; a name given twice keeps its first value.
    for (const source of [query, form]) for (const [name, value] of new URLSearchParams(source)) if (!(name in params)) params[name] = value;
    const send = (answer: Answer) => reply.status(answer.status).send({ ...answer.body, RequestId: requestId });
    const v3 = isAliyunV3(request.headers);
    const auth = v3
      ? await authenticateAliyunV3(deps.store, { method: request.method, path: request.url.split('?')[0], query, headers: request.headers, body: Buffer.isBuffer(request.body) ? request.body : Buffer.from(raw, 'utf8') }, Date.now())
      : await authenticateAliyun(deps.store, request.method, params, Date.now());
    if (!auth.ok) return send({ status: auth.code === 'InvalidAccessKeyId.NotFound' ? 404 : 400, body: { Code: auth.code, Message: auth.message } });
    // V3 names the action in a signed header (x-acs-action), v1 in a parameter.
    const actionName = (v3 ? (request.headers['x-acs-action'] as string | undefined) : undefined) ?? params.Action ?? '';
    const action = ACTIONS[actionName];
    if (!action) return send({ status: 404, body: { Code: 'InvalidAction.NotFound', Message: `Specified api ${actionName} is not found; supported: ${Object.keys(ACTIONS).join(', ')}.` } });
    return send(await action(auth.accountId, params));
  };

  // security: [] — signed with an AccessKeyId, not a Bearer token.
  const schema = { tags: ['compat'], summary: 'Aliyun dysmsapi 2017-05-25: SendSms, SendBatchSms, QuerySendDetails (Signature v1 or V3 ACS3-HMAC-SHA256 with a cloud key)', security: [] };
  // No automatic HEAD: a HEAD carrying the parameters would send the message.
  // With and without the slash: SDKs given "https://host/aliyun" as endpoint differ in which they ask for.
  for (const url of ['/aliyun', '/aliyun/']) {
    app.get(url, { schema, exposeHeadRoute: false }, handle);
    app.post(url, { schema }, handle);
  }
  return handle;
}
