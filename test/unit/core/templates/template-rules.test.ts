// Template content rules (domain.md 2.3), signature names (2.2), variables and rendering.
import { describe, expect, it } from 'vitest';
import { signatureProblem } from '../../../../src/core/templates/signature-rules.ts';
import { checkTemplate } from '../../../../src/core/templates/template-rules.ts';
import { renderBody, variablesOf } from '../../../../src/core/templates/template-text.ts';
import { endsWithOptOut, withOptOut } from '../../../../src/core/templates/opt-out-text.ts';

const rules = (category: 'verification' | 'notification' | 'marketing', body: string) => checkTemplate(category, body).map((v) => v.rule);

describe('template rules', () => {
  it('accepts well-formed templates of each category', () => {
    expect(rules('verification', '您的验证码是${code}，5分钟内有效，请勿泄露。')).toEqual([]);
    expect(rules('verification', '您的动态密码为${code}。')).toEqual([]);
    expect(rules('notification', '${name}您好，您的订单${order}已发货。')).toEqual([]);
    expect(rules('marketing', '会员${name}专享8折，拒收请回复R')).toEqual([]);
    expect(rules('marketing', '春季新品上市')).toEqual([]);
  });

  it('verification needs a keyword and a variable, and no links, numbers or opt-out', () => {
    expect(rules('verification', '您的密码是${code}')).toEqual(['verification_keyword_missing']);
    expect(rules('verification', '您的验证码是1234')).toEqual(['verification_variable_missing']);
    expect(rules('verification', '验证码${code}，详见 https://a.cn')).toEqual(['verification_has_link']);
    expect(rules('verification', '验证码${code}，客服13800138000')).toEqual(['verification_has_contact_number']);
    expect(rules('verification', '验证码${code}，拒收请回复R')).toEqual(['verification_has_opt_out']);
  });

  it('notification must not carry opt-out text; marketing keeps it at the end', () => {
    expect(rules('notification', '订单已发货，拒收请回复R')).toEqual(['notification_has_opt_out']);
    expect(rules('marketing', '回TD退订，新品8折')).toEqual(['opt_out_not_at_end']);
  });

  it('common rules: brackets, symbols, adjacent and all-variable bodies, broken variables, variables in links', () => {
    expect(rules('notification', '【快信】订单${id}已发货')).toEqual(['body_has_brackets']);
    expect(rules('notification', '特价￥${p}')).toEqual(['forbidden_symbol']);
    expect(rules('notification', '您好${a}${b}')).toEqual(['adjacent_variables']);
    expect(rules('notification', '${a}，${b}')).toEqual(['all_variables']);
    expect(rules('notification', '您好${1a}')).toEqual(['malformed_variable']);
    expect(rules('notification', '点击 https://a.cn/${p} 查看')).toEqual(['variable_in_link']);
    expect(rules('notification', '   ')).toContain('body_empty');
    expect(rules('notification', '长'.repeat(487))).toEqual(['body_too_long']);
    expect(rules('notification', '长'.repeat(486))).toEqual([]);
  });

  it('each violation has a message', () => {
    for (const v of checkTemplate('verification', '【x】${a}${b}')) expect(v.message.length).toBeGreaterThan(10);
  });
});

describe('signature names', () => {
  it('2–12 Chinese, English or digits, submitted without brackets', () => {
    expect(signatureProblem('快信')).toBeNull();
    expect(signatureProblem('Kuaixin2026')).toBeNull();
    expect(signatureProblem('十二个字的签名十二个字的')).toBeNull();
    expect(signatureProblem('十三个字的签名十三个字的签')).toMatch(/2–12/);
    expect(signatureProblem('快')).toMatch(/2–12/);
    expect(signatureProblem('【快信】')).toMatch(/without 【】/);
    expect(signatureProblem('快 信')).toMatch(/no symbols or spaces/);
    expect(signatureProblem('快信!')).toMatch(/no symbols/);
  });
});

describe('variables and rendering', () => {
  it('lists distinct variables in order and fills them', () => {
    expect(variablesOf('${a}x${b}y${a}')).toEqual(['a', 'b']);
    expect(renderBody('${a}x${b}y${a}', { a: 1, b: '二' })).toEqual({ ok: true, text: '1x二y1' });
  });

  it('names every missing or empty variable', () => {
    expect(renderBody('${name}您好，订单${order}，${code}', { name: '张三', code: '' })).toEqual({ ok: false, missing: ['order', 'code'] });
    expect(renderBody('${name}', undefined)).toEqual({ ok: false, missing: ['name'] });
  });

  it('leaves "$" and "{" that are not variables alone', () => {
    expect(renderBody('价格$5 {x}', {})).toEqual({ ok: true, text: '价格$5 {x}' });
  });
});

describe('opt-out text', () => {
  it('is appended once, and recognised in the usual wordings', () => {
    expect(withOptOut('新品8折', '拒收请回复R')).toBe('新品8折拒收请回复R');
    expect(withOptOut('新品8折拒收请回复R', '拒收请回复R')).toBe('新品8折拒收请回复R');
    expect(withOptOut('新品8折，回TD退订。', '拒收请回复R')).toBe('新品8折，回TD退订。');
    expect(withOptOut('新品8折', '')).toBe('新品8折');
    for (const text of ['退订回T', '回T退订', '拒收回R', 'Reply STOP to unsubscribe']) expect(endsWithOptOut(`x${text}`)).toBe(true);
    expect(endsWithOptOut('退订回T之后再说')).toBe(false);
  });
});
