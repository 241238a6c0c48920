// The message composer on a real SQLite store: 【签名】 + body, opt-out for marketing, signature
// enforcement, and the segments of the final text at the 70 / 67 boundary.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/core/errors.ts';
import { billableLength, billableSegments } from '../../../../src/core/templates/billable-length.ts';
import { MessageComposer } from '../../../../src/core/templates/message-composer.ts';
import { TemplateBook } from '../../../../src/core/templates/template-book.ts';
import { countSegments } from '../../../../src/protocols/encoding/split.ts';
import { SqliteStore } from '../../../../src/store/sqlite/sqlite-store.ts';

const T = 1_700_000_000_000;
let store: SqliteStore;
let book: TemplateBook;

async function signature(id: string, name: string, status: 'approved' | 'pending', isDefault = false) {
  await store.templates.addSignature({ id, accountId: 'acme', name, status, reason: null, isDefault, remark: null, createdAt: T, updatedAt: T, reviewedAt: null });
}
async function template(category: 'verification' | 'notification' | 'marketing', body: string, status: 'approved' | 'pending' = 'approved') {
  return (await store.templates.addTemplate({ accountId: 'acme', name: 't', category, body, status, reason: null, remark: null, createdAt: T, updatedAt: T, reviewedAt: null })).code;
}
const rejection = async (p: Promise<unknown>) => {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

beforeEach(async () => {
  store = await SqliteStore.open(':memory:');
  book = new TemplateBook(store);
});
afterEach(() => store.close());

describe('message composer', () => {
  it('renders a template under the default signature, per recipient, with the template category', async () => {
    await signature('s1', '快信', 'approved');
    await signature('s2', '快信科技', 'approved', true);
    const code = await template('notification', '${name}您好，订单${order}已发货。');
    const c = await new MessageComposer(book).prepare({ accountId: 'acme', templateId: code, category: 'marketing' });
    expect(c.category).toBe('notification');
    expect(c.fixedText).toBeNull();
    expect(c.render({ name: '张三', order: 'A1' })).toEqual({ ok: true, text: '【快信科技】张三您好，订单A1已发货。' });
    const missing = c.render({ name: '李四' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatchObject({ code: 'missing_parameter', field: 'params', details: [{ variable: 'order' }] });
    const other = await new MessageComposer(book).prepare({ accountId: 'acme', templateId: code, signatureId: 's1' });
    expect(other.render({ name: 'a', order: 'b' })).toMatchObject({ text: '【快信】a您好，订单b已发货。' });
  });

  it('personalises a plain text with params: signature and opt-out once, variables per recipient', async () => {
    await signature('s1', '快信', 'approved', true);
    const c = await new MessageComposer(book).prepare({ accountId: 'acme', text: '${姓名}您好，积分${points}', params: [] });
    expect(c.fixedText).toBeNull();
    expect(c.signature).toBe('快信');
    expect(c.render({ 姓名: '张三', points: 5 })).toEqual({ ok: true, text: '【快信】张三您好，积分5' });
    expect(c.render({ 姓名: '李四' })).toMatchObject({ ok: false, error: { code: 'missing_parameter', field: 'params', details: [{ variable: 'points' }] } });
    expect(c.render({ 姓名: '【假】', points: 1 })).toMatchObject({ ok: false, error: { code: 'misplaced_brackets', field: 'params' } });
    // Without params the same text is sent as written, variables and all.
    const plain = await new MessageComposer(book).prepare({ accountId: 'acme', text: '${姓名}您好' });
    expect(plain.fixedText).toBe('【快信】${姓名}您好');
  });

  it('refuses unapproved templates and signatures, and values that add brackets', async () => {
    await signature('s1', '快信', 'approved');
    await signature('s2', '待审', 'pending');
    const pending = await template('verification', '验证码${code}', 'pending');
    expect(await rejection(new MessageComposer(book).prepare({ accountId: 'acme', templateId: pending }))).toMatchObject({ code: 'template_not_approved' });
    expect(await rejection(new MessageComposer(book).prepare({ accountId: 'other', templateId: pending }))).toMatchObject({ code: 'not_found' });
    const code = await template('verification', '验证码${code}');
    book.invalidate('acme');
    expect(await rejection(new MessageComposer(book).prepare({ accountId: 'acme', templateId: code, signatureId: 's2' }))).toMatchObject({ code: 'signature_not_approved' });
    const c = await new MessageComposer(book).prepare({ accountId: 'acme', templateId: code });
    expect(c.render({ code: '【假】1' })).toMatchObject({ ok: false, error: { code: 'misplaced_brackets' } });
  });

  it('plain texts: untouched without signatures; with one approved, prefixed or checked', async () => {
    const composer = new MessageComposer(book);
    expect((await composer.prepare({ accountId: 'acme', text: '【任意】hi' })).fixedText).toBe('【任意】hi');
    await signature('s1', '快信', 'approved');
    book.invalidate('acme');
    expect((await composer.prepare({ accountId: 'acme', text: 'hi' })).fixedText).toBe('【快信】hi');
    expect((await composer.prepare({ accountId: 'acme', text: '【快信】hi' })).fixedText).toBe('【快信】hi');
    expect((await composer.prepare({ accountId: 'acme', text: 'hi【快信】' })).fixedText).toBe('hi【快信】');
    expect(await rejection(composer.prepare({ accountId: 'acme', text: '【别家】hi' }))).toMatchObject({ code: 'signature_not_approved', field: 'text' });
    expect(await rejection(composer.prepare({ accountId: 'acme', text: 'hi【x】there' }))).toMatchObject({ code: 'misplaced_brackets' });
    expect((await new MessageComposer(book, 'off').prepare({ accountId: 'acme', text: '【别家】hi' })).fixedText).toBe('【别家】hi');
    expect(await rejection(new MessageComposer(book, 'always').prepare({ accountId: 'nobody', text: 'hi' }))).toMatchObject({ code: 'signature_not_approved' });
  });

  it('marketing ends with the account opt-out text, once', async () => {
    const composer = new MessageComposer(book);
    expect((await composer.prepare({ accountId: 'acme', text: '8折', category: 'marketing' })).fixedText).toBe('8折拒收请回复R');
    expect((await composer.prepare({ accountId: 'acme', text: '8折回T退订', category: 'marketing' })).fixedText).toBe('8折回T退订');
    await store.settings.set('compose:acme', JSON.stringify({ optOutText: '' }));
    book.invalidate('acme');
    expect((await composer.prepare({ accountId: 'acme', text: '8折', category: 'marketing' })).fixedText).toBe('8折');
  });

  it('caches per account until invalidated (an edit is not seen before)', async () => {
    const composer = new MessageComposer(book);
    expect((await composer.prepare({ accountId: 'acme', text: 'hi' })).fixedText).toBe('hi');
    await signature('s1', '快信', 'approved');
    expect((await composer.prepare({ accountId: 'acme', text: 'hi' })).fixedText).toBe('hi');
    book.invalidate('acme');
    expect((await composer.prepare({ accountId: 'acme', text: 'hi' })).fixedText).toBe('【快信】hi');
  });

  it('re-reads an account after the time to live, serving the old view meanwhile (edits on other nodes)', async () => {
    let now = T;
    const timed = new TemplateBook(store, 5000, () => now);
    expect((await timed.forAccount('acme')).signatures.size).toBe(0);
    await signature('s1', '快信', 'approved');
    now += 4999;
    expect((await timed.forAccount('acme')).signatures.size).toBe(0);
    now += 1;
    expect((await timed.forAccount('acme')).signatures.size).toBe(0);
    await expect.poll(async () => (await timed.forAccount('acme')).signatures.size).toBe(1);
  });

  it('segments count the signature: 【签名】 + body at 70 is one message, at 71 two (67 per part)', async () => {
    await signature('s1', '快信', 'approved');
    const code = await template('notification', '${x}通知');
    const c = await new MessageComposer(book).prepare({ accountId: 'acme', templateId: code });
    // 【快信】 = 4, 通知 = 2: 64 characters of value make 70.
    for (const [valueLength, segments] of [[64, 1], [65, 2], [128, 2], [129, 3]] as const) {
      const r = c.render({ x: '字'.repeat(valueLength) });
      if (!r.ok) throw r.error;
      expect(billableLength(r.text)).toBe(valueLength + 6);
      expect(billableSegments(billableLength(r.text))).toBe(segments);
      expect(countSegments(r.text).segments).toBe(segments);
    }
  });
});
