// The checks done when a template is submitted (domain.md 2.3): each failed rule is reported with a
// stable rule code and a message, so the author sees everything to fix at once.
import type { MessageCategory } from '../message.ts';
import { billableLength } from './billable-length.ts';
import { endsWithOptOut, OPT_OUT_ANYWHERE } from './opt-out-text.ts';
import { variableSpans } from './template-text.ts';

export interface RuleViolation {
  rule: string;
  message: string;
}

/** Body limit: 500 characters with the signature (longest 【12 chars】 = 14) left room for. */
export const MAX_BODY_LENGTH = 500 - 14;

const VERIFICATION_WORDS = ['验证码', '注册码', '校验码', '动态码', '动态密码'];
/** Characters that turn into garbage on many handsets or gateways. */
const GARBLING = /[￥★☆※√■□▲△◆◇●○♀♂]|\^_\^/u;
const LINK = /(https?:\/\/|www\.)\S*/iu;
/** A phone or landline number written out (7+ digits, optionally with dashes). */
const CONTACT_NUMBER = /(?<!\d)(?:\+?86[- ]?)?(?:1\d{10}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})(?!\d)/u;
const BROKEN_VARIABLE = /\$\{(?![A-Za-z_][A-Za-z0-9_]{0,31}\})/u;

export function checkTemplate(category: MessageCategory, body: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const fail = (rule: string, message: string) => out.push({ rule, message });
  const spans = variableSpans(body);

  if (body.trim().length === 0) fail('body_empty', 'the body must not be empty');
  if (billableLength(body) > MAX_BODY_LENGTH) fail('body_too_long', `the body may have at most ${MAX_BODY_LENGTH} characters (500 with the signature)`);
  if (/[【】]/u.test(body)) fail('body_has_brackets', 'the body must not contain 【 or 】: they are reserved for the signature');
  const symbol = GARBLING.exec(body);
  if (symbol) fail('forbidden_symbol', `the symbol ${symbol[0]} shows as garbage on many phones; remove it`);
  if (BROKEN_VARIABLE.test(body)) fail('malformed_variable', 'a variable is written ${name}: a letter or _ first, then letters, digits or _ (at most 32)');
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start === spans[i - 1].end) {
      fail('adjacent_variables', `the variables \${${spans[i - 1].name}} and \${${spans[i].name}} must be separated by fixed text`);
      break;
    }
  }
  if (spans.length > 0 && body.replace(/\$\{[A-Za-z0-9_]*\}/gu, '').replace(/[\s\p{P}]/gu, '') === '') {
    fail('all_variables', 'a template must not consist of variables only: write the fixed text around them');
  }
  const link = LINK.exec(body);
  if (link && link[0].includes('${')) fail('variable_in_link', 'a link must be fixed text; it must not contain a variable');

  if (category === 'verification') {
    if (!VERIFICATION_WORDS.some((w) => body.includes(w))) fail('verification_keyword_missing', `a verification template must contain one of ${VERIFICATION_WORDS.join('/')}`);
    if (spans.length === 0) fail('verification_variable_missing', 'a verification template needs a variable for the code, e.g. ${code}');
    if (link) fail('verification_has_link', 'a verification template must not contain links');
    if (CONTACT_NUMBER.test(body.replace(/\$\{[^}]*\}/gu, ''))) fail('verification_has_contact_number', 'a verification template must not contain phone numbers');
    if (OPT_OUT_ANYWHERE.test(body)) fail('verification_has_opt_out', 'a verification template must not contain opt-out text');
  } else if (category === 'notification') {
    if (OPT_OUT_ANYWHERE.test(body)) fail('notification_has_opt_out', 'a notification template must not contain opt-out text (拒收请回复R): that marks it as marketing');
  } else if (OPT_OUT_ANYWHERE.test(body) && !endsWithOptOut(body)) {
    fail('opt_out_not_at_end', 'the opt-out text must stand at the end of a marketing template');
  }
  return out;
}
