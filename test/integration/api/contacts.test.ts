// The address book over HTTP on both stores: contacts CRUD and search, static and dynamic groups, imports
// of CSV (100,000 rows), TXT and XLSX with per-row errors, all-or-nothing on a broken file, exports, and
// one account never seeing or touching another's contacts, groups or imports.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createAccount, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let platform: TestPlatform;
let acme: string;
let globex: string;

type Json = Record<string, unknown>;
type Job = { id: string; status: string; phase: string; progress: number; total: number; inserted: number; updated: number; skipped: number; errors: number; message: string | null };

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object) =>
  platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
const upload = (url: string, token: string, body: string | Buffer, type = 'text/csv') =>
  platform.http.inject({ method: 'POST', url, headers: { ...bearer(token), 'content-type': type }, payload: body });
const num = (i: number) => `138${String(i).padStart(8, '0')}`;

async function finished(token: string, id: string): Promise<Job> {
  return pollUntil(async () => (await call('GET', `/v1/contacts/imports/${id}`, token)).json() as Job, (j) => j.status !== 'running', `import ${id}`, 60_000);
}
async function importFile(token: string, body: string | Buffer, query = '', type = 'text/csv'): Promise<Job> {
  const res = await upload(`/v1/contacts/imports${query}`, token, body, type);
  expect(res.statusCode, res.body).toBe(202);
  return finished(token, (res.json() as Job).id);
}

describe.each(['sqlite', 'postgres'] as const)('address book on %s', (store) => {
  beforeAll(async () => {
    platform = await startTestPlatform({}, { store });
    const admin = await adminToken(platform);
    acme = await createAccount(platform, admin, { id: 'acme' });
    globex = await createAccount(platform, admin, { id: 'globex' });
  });
  afterAll(() => platform?.stop());

  it('contacts: add in E.164, one per number, edit, search by name and number prefix, filter by tag, page', async () => {
    const created = await call('POST', '/v1/contacts', acme, { number: '138 0013 8000', name: '张三', fields: { birthday: '1990-05-20', level: '3' }, tags: ['vip'] });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as Json;
    expect(c).toMatchObject({ number: '+8613800138000', name: '张三', fields: { birthday: '1990-05-20', level: '3' }, tags: ['vip'] });
    expectError(await call('POST', '/v1/contacts', acme, { number: '+86 13800138000' }), 409, 'conflict', 'number');
    expectError(await call('POST', '/v1/contacts', acme, { number: '12345' }), 400, 'invalid_number', 'number');
    expectError(await call('POST', '/v1/contacts', acme, { number: '13800138001', extra: 1 }), 400, 'validation_failed');
    for (const [n, name] of [['13900139000', '李四'], ['13700137000', '张伟']]) expect((await call('POST', '/v1/contacts', acme, { number: n, name })).statusCode).toBe(201);
    const edited = await call('PATCH', `/v1/contacts/${c.id}`, acme, { name: '张三丰', tags: ['vip', 'gold'] });
    expect(edited.json()).toMatchObject({ name: '张三丰', tags: ['vip', 'gold'], fields: { level: '3' } });
    const names = async (q: string) => ((await call('GET', `/v1/contacts?${q}`, acme)).json() as { items: Json[] }).items.map((x) => x.name);
    expect(await names(`q=${encodeURIComponent('张')}`)).toEqual(['张伟', '张三丰']);
    expect(await names('q=1390')).toEqual(['李四']);
    expect(await names(`q=${encodeURIComponent('+86137')}`)).toEqual(['张伟']);
    expect(await names('tag=gold')).toEqual(['张三丰']);
    const first = (await call('GET', '/v1/contacts?limit=2', acme)).json() as { items: Json[]; nextCursor: string };
    const second = (await call('GET', `/v1/contacts?limit=2&cursor=${first.nextCursor}`, acme)).json() as { items: Json[]; nextCursor: string | null };
    expect([...first.items, ...second.items].map((x) => x.name)).toEqual(['张伟', '李四', '张三丰']);
    expect(second.nextCursor).toBeNull();
  });

  it('groups: static members in bulk, a dynamic group by tag and level and birthday month, counts and member pages', async () => {
    const all = ((await call('GET', '/v1/contacts?limit=100', acme)).json() as { items: Array<{ id: string; name: string }> }).items;
    const g = (await call('POST', '/v1/contact-groups', acme, { name: '老客户' })).json() as { id: string; members: number };
    expect(g.members).toBe(0);
    expectError(await call('POST', '/v1/contact-groups', acme, { name: '老客户' }), 409, 'conflict', 'name');
    expect((await call('POST', `/v1/contact-groups/${g.id}/members`, acme, { contactIds: all.map((c) => c.id) })).json()).toEqual({ added: 3, members: 3 });
    expect((await call('POST', `/v1/contact-groups/${g.id}/members/remove`, acme, { contactIds: [all[0]!.id] })).json()).toEqual({ removed: 1, members: 2 });
    const members = (await call('GET', `/v1/contact-groups/${g.id}/members`, acme)).json() as { items: Json[] };
    expect(members.items.length).toBe(2);
    const filter = { match: 'all', conditions: [{ field: 'tags', op: 'has', value: 'vip' }, { field: 'level', op: 'gte', value: 3 }, { field: 'birthday', op: 'month', value: 5 }] };
    const d = await call('POST', '/v1/contact-groups', acme, { name: 'VIP 五月', filter });
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json()).toMatchObject({ kind: 'dynamic', members: 1 });
    const dyn = (await call('GET', `/v1/contacts?group=${(d.json() as Json).id}`, acme)).json() as { items: Json[] };
    expect(dyn.items.map((x) => x.name)).toEqual(['张三丰']);
    expectError(await call('POST', `/v1/contact-groups/${(d.json() as Json).id}/members`, acme, { contactIds: ['1'] }), 409, 'conflict');
    expectError(await call('POST', '/v1/contact-groups', acme, { name: 'bad', filter: { conditions: [{ field: 'x', op: 'like', value: 1 }] } }), 400, 'validation_failed', 'filter');
    const listed = (await call('GET', '/v1/contact-groups', acme)).json() as { items: Json[] };
    expect(listed.items.map((x) => [x.name, x.members])).toEqual([['老客户', 2], ['VIP 五月', null]]);
  });

  it('tenant isolation: another account neither sees nor touches contacts, groups or imports', async () => {
    const mine = ((await call('GET', '/v1/contacts', acme)).json() as { items: Array<{ id: string }> }).items[0]!;
    const group = ((await call('GET', '/v1/contact-groups', acme)).json() as { items: Array<{ id: string }> }).items[0]!;
    const job = await importFile(acme, 'mobile\n13600136000\n');
    expect(((await call('GET', '/v1/contacts', globex)).json() as { items: unknown[] }).items).toEqual([]);
    expectError(await call('GET', `/v1/contacts/${mine.id}`, globex), 404, 'not_found');
    expectError(await call('PATCH', `/v1/contacts/${mine.id}`, globex, { name: 'x' }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/contacts/${mine.id}`, globex), 404, 'not_found');
    expect((await call('POST', '/v1/contacts/delete', globex, { ids: [mine.id] })).json()).toEqual({ deleted: 0 });
    expectError(await call('GET', `/v1/contact-groups/${group.id}`, globex), 404, 'not_found');
    expectError(await call('GET', `/v1/contact-groups/${group.id}/members`, globex), 404, 'not_found');
    expectError(await call('POST', `/v1/contact-groups/${group.id}/members`, globex, { contactIds: [mine.id] }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/contact-groups/${group.id}`, globex), 404, 'not_found');
    expectError(await call('GET', `/v1/contacts?group=${group.id}`, globex), 404, 'not_found', 'group');
    expectError(await call('GET', `/v1/contacts/export?group=${group.id}`, globex), 404, 'not_found', 'group');
    expectError(await upload(`/v1/contacts/imports?group=${group.id}`, globex, 'mobile\n13600136001\n'), 404, 'not_found', 'group');
    expectError(await call('GET', `/v1/contacts/imports/${job.id}`, globex), 404, 'not_found');
    expectError(await call('GET', `/v1/contacts/imports/${job.id}/errors`, globex), 404, 'not_found');
    expect(((await call('GET', '/v1/contacts/imports', globex)).json() as { items: unknown[] }).items).toEqual([]);
    // A contact of globex's cannot be added to acme's group either.
    const theirs = (await call('POST', '/v1/contacts', globex, { number: '13500135000' })).json() as { id: string };
    expect((await call('POST', `/v1/contact-groups/${group.id}/members`, acme, { contactIds: [theirs.id] })).json()).toMatchObject({ added: 0 });
    expect((await call('GET', `/v1/contacts/${mine.id}`, acme)).statusCode).toBe(200);
  });

  it('imports 100,000 CSV rows with custom fields into a group; bad, duplicate and existing rows are reported per row', async () => {
    const group = (await call('POST', '/v1/contact-groups', acme, { name: '导入' })).json() as { id: string };
    const lines = ['姓名,手机号,生日,会员等级,标签'];
    for (let i = 0; i < 100_000; i++) lines.push(`用户${i},${num(1_000_000 + i)},1990-0${(i % 9) + 1}-15,${i % 5},${i % 10 === 0 ? 'vip' : ''}`);
    lines.push('坏号码,12345,,,', '重复,13801000000,,,', '已有,13800138000,,,');
    const job = await importFile(acme, lines.join('\r\n'), `?group=${group.id}`);
    expect(job).toMatchObject({ status: 'done', progress: 100, total: 100_003, inserted: 100_000, skipped: 1, errors: 3 });
    const errors = (await call('GET', `/v1/contacts/imports/${job.id}/errors`, acme)).body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(errors[0]).toBe('row,number,reason,message');
    expect(errors.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['100002,12345,invalid_number', '100003,13801000000,duplicate_in_file', '100004,+8613800138000,exists']);
    expect((await call('GET', `/v1/contact-groups/${group.id}`, acme)).json()).toMatchObject({ members: 100_001 });
    const one = ((await call('GET', `/v1/contacts?q=${num(1_000_007)}`, acme)).json() as { items: Json[] }).items;
    expect(one).toMatchObject([{ name: '用户7', fields: { 生日: '1990-08-15', 会员等级: '2' }, tags: [] }]);
    expect(((await call('GET', '/v1/contacts?tag=vip&limit=500', acme)).json() as { items: unknown[] }).items.length).toBe(500);
  }, 120_000);

  it('update mode refreshes existing contacts; a .txt list imports; an xlsx file imports with dates and numbers as cells', async () => {
    const job = await importFile(acme, 'name,mobile,level\n张三新,13800138000,9\n', '?mode=update');
    expect(job).toMatchObject({ status: 'done', inserted: 0, updated: 1, errors: 0 });
    expect(((await call('GET', '/v1/contacts?q=13800138000', acme)).json() as { items: Json[] }).items[0]).toMatchObject({ name: '张三新', fields: { birthday: '1990-05-20', level: '9' } });
    expect(await importFile(acme, '13300133000\n13300133001\nnot a number\n', '', 'text/plain')).toMatchObject({ status: 'done', inserted: 2, errors: 1 });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['号码', '姓名', '生日']);
    sheet.addRow([13200132000, '王五', new Date(Date.UTC(1985, 4, 3))]);
    sheet.addRow(['13200132001', '赵六', '1988-12-01']);
    sheet.addRow(['abc', '坏', '']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const x = await importFile(acme, xlsx, '', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(x).toMatchObject({ status: 'done', inserted: 2, errors: 1 });
    expect(((await call('GET', '/v1/contacts?q=13200132000', acme)).json() as { items: Json[] }).items[0]).toMatchObject({ name: '王五', fields: { 生日: '1985-05-03' } });
  });

  it('a file that breaks midway, a broken xlsx and a file without a number column leave no rows; bad uploads are 4xx', async () => {
    const before = (await call('GET', '/v1/contact-groups', acme)).json();
    // Every number of the broken files starts 138050… or 1390000…: none of them may be found afterwards.
    const staged = async () => ((await call('GET', '/v1/contacts?q=13805', acme)).json() as { items: unknown[] }).items.length;
    const lines = ['mobile,name'];
    for (let i = 0; i < 30_000; i++) lines.push(`${num(5_000_000 + i)},x${i}`);
    lines.push('13900000000,"never closed');
    const broken = await importFile(acme, lines.join('\n'));
    expect(broken.status).toBe('failed');
    expect(broken.message).toMatch(/quote/i);
    expect(await staged()).toBe(0);
    const xlsx = await importFile(acme, Buffer.from('PK\u0003\u0004 not really a zip'), '?format=xlsx', 'application/octet-stream');
    expect(xlsx.status).toBe('failed');
    const noNumber = await importFile(acme, '姓名,城市\n张,北京\n');
    expect(noNumber).toMatchObject({ status: 'failed' });
    expect(noNumber.message).toMatch(/number column/);
    expect(await staged()).toBe(0);
    expect((await call('GET', '/v1/contact-groups', acme)).json()).toEqual(before);
    expectError(await upload('/v1/contacts/imports', acme, '', 'text/csv'), 400, 'validation_failed', 'body');
    expectError(await upload('/v1/contacts/imports', acme, 'x', 'application/octet-stream'), 400, 'validation_failed', 'format');
    expectError(await upload('/v1/contacts/imports?mode=merge', acme, 'x'), 400, 'validation_failed');
  });

  it('exports every contact or a group as CSV and XLSX with the custom fields as columns', async () => {
    const csv = await call('GET', '/v1/contacts/export?format=csv', acme);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]!.split(',').slice(0, 3)).toEqual(['number', 'name', 'tags']);
    expect(rows[0]).toContain('会员等级');
    const numbers = rows.slice(1).map((r) => r.split(',')[0]);
    expect(numbers.length).toBeGreaterThan(100_000);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toContain('+8613800138000');
    const group = ((await call('GET', '/v1/contact-groups', acme)).json() as { items: Array<{ id: string; name: string }> }).items.find((g) => g.name === '老客户')!;
    const xlsx = await platform.http.inject({ method: 'GET', url: `/v1/contacts/export?format=xlsx&group=${group.id}`, headers: bearer(acme) });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect([...header.slice(0, 3), ...header.slice(3).sort()]).toEqual(['number', 'name', 'tags', 'birthday', 'level']);
  }, 60_000);
});
