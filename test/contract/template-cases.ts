// Store contract, signatures / templates / phrases: codes, review queues across accounts, paging,
// defaults, updates and the approved set intake caches.
import { expect, it } from 'vitest';
import type { Signature, Template } from '../../src/store/types.ts';
import { T, type StoreContext } from './fixtures.ts';

const sig = (over: Partial<Signature>): Signature => ({
  id: 's1', accountId: 'acme', name: '快信', status: 'pending', reason: null, isDefault: false, remark: null, createdAt: T, updatedAt: T, reviewedAt: null, ...over,
});
const tpl = (over: Partial<Omit<Template, 'code'>>): Omit<Template, 'code'> => ({
  accountId: 'acme', name: 't', category: 'notification', body: '您好${name}', status: 'pending', reason: null, remark: null, createdAt: T, updatedAt: T, reviewedAt: null, ...over,
});

export function templateCases(ctx: StoreContext): void {
  it('templates: codes are SMS_ + a never-reused sequence; get by code; save and remove', async () => {
    const { templates } = ctx.store();
    const a = await templates.addTemplate(tpl({}));
    const b = await templates.addTemplate(tpl({ accountId: 'globex', category: 'marketing' }));
    expect(a.code).toMatch(/^SMS_\d{6}$/);
    expect(Number(b.code.slice(4))).toBe(Number(a.code.slice(4)) + 1);
    expect(await templates.getTemplate(a.code)).toEqual(a);
    expect(await templates.getTemplate('SMS_999999')).toBeNull();
    expect(await templates.getTemplate('nonsense\u0000')).toBeNull();
    expect(await templates.saveTemplate({ ...a, body: '改了${x}', status: 'approved', reviewedAt: T + 5, updatedAt: T + 5 })).toBe(true);
    expect(await templates.getTemplate(a.code)).toMatchObject({ body: '改了${x}', status: 'approved', reviewedAt: T + 5 });
    expect(await templates.removeTemplate(a.code)).toBe(true);
    expect(await templates.removeTemplate(a.code)).toBe(false);
    const c = await templates.addTemplate(tpl({}));
    expect(Number(c.code.slice(4))).toBeGreaterThan(Number(b.code.slice(4)));
  });

  it('templates: listed newest first per account or across accounts by status, keyset paged', async () => {
    const { templates } = ctx.store();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await templates.addTemplate(tpl({ accountId: i % 2 ? 'globex' : 'acme', createdAt: T + (i < 3 ? 0 : i), status: i === 4 ? 'approved' : 'pending' }))).code);
    const first = await templates.listTemplates({ accountId: 'acme', limit: 2 });
    expect(first.items.map((t) => t.code)).toEqual([codes[4], codes[2]]);
    const second = await templates.listTemplates({ accountId: 'acme', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.code)).toEqual([codes[0]]);
    expect(second.nextCursor).toBeNull();
    const pending = await templates.listTemplates({ status: 'pending', limit: 10 });
    expect(pending.items.map((t) => t.code)).toEqual([codes[3], codes[2], codes[1], codes[0]]);
    expect((await templates.listTemplates({ accountId: 'acme', category: 'marketing', limit: 10 })).items).toEqual([]);
  });

  it('signatures: unique per account, one default, review updates, the approved set', async () => {
    const { templates } = ctx.store();
    await templates.addSignature(sig({}));
    await templates.addSignature(sig({ id: 's2', name: 'Kuaixin', status: 'approved', createdAt: T + 1 }));
    await templates.addSignature(sig({ id: 's3', accountId: 'globex', status: 'approved' }));
    await expect(templates.addSignature(sig({ id: 's4' }))).rejects.toThrow();
    await templates.setDefaultSignature('acme', 's1');
    await templates.setDefaultSignature('acme', 's2');
    expect((await templates.getSignature('s1'))?.isDefault).toBe(false);
    expect((await templates.getSignature('s2'))?.isDefault).toBe(true);
    expect((await templates.getSignature('s3'))?.isDefault).toBe(false);
    expect(await templates.saveSignature({ ...sig({}), status: 'rejected', reason: '缺少授权书', reviewedAt: T + 9 })).toBe(true);
    expect(await templates.getSignature('s1')).toMatchObject({ status: 'rejected', reason: '缺少授权书', reviewedAt: T + 9 });
    const approvedTemplate = await templates.addTemplate(tpl({ status: 'approved' }));
    await templates.addTemplate(tpl({}));
    const approved = await templates.approved('acme');
    expect(approved.signatures.map((s) => s.id)).toEqual(['s2']);
    expect(approved.templates.map((t) => t.code)).toEqual([approvedTemplate.code]);
    const page = await templates.listSignatures({ accountId: 'acme', limit: 1 });
    expect(page.items.map((s) => s.id)).toEqual(['s2']);
    expect((await templates.listSignatures({ accountId: 'acme', limit: 1, cursor: page.nextCursor! })).items.map((s) => s.id)).toEqual(['s1']);
    expect((await templates.listSignatures({ status: 'approved', limit: 10 })).items.map((s) => s.id).sort()).toEqual(['s2', 's3']);
    expect(await templates.removeSignature('s1')).toBe(true);
    expect(await templates.getSignature('s1')).toBeNull();
  });

  it('phrases: per account CRUD, newest first', async () => {
    const { templates } = ctx.store();
    await templates.addPhrase({ id: 'p1', accountId: 'acme', title: null, text: '祝您愉快', createdAt: T, updatedAt: T });
    await templates.addPhrase({ id: 'p2', accountId: 'acme', title: '问候', text: '您好', createdAt: T + 1, updatedAt: T + 1 });
    await templates.addPhrase({ id: 'p3', accountId: 'globex', title: null, text: 'x', createdAt: T, updatedAt: T });
    expect((await templates.listPhrases({ accountId: 'acme', limit: 10 })).items.map((p) => p.id)).toEqual(['p2', 'p1']);
    expect(await templates.savePhrase({ id: 'p1', accountId: 'acme', title: 't', text: '改', createdAt: T, updatedAt: T + 2 })).toBe(true);
    expect(await templates.getPhrase('p1')).toMatchObject({ title: 't', text: '改', updatedAt: T + 2 });
    expect(await templates.removePhrase('p1')).toBe(true);
    expect(await templates.getPhrase('p1')).toBeNull();
  });
}
