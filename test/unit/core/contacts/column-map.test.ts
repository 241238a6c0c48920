// Column detection of imported files: header rows by name (Chinese and English), header-less files,
// explicit choices, custom fields and tags; and the sniffers of the row source.
import { describe, expect, it } from 'vitest';
import { detectColumns, mapRow } from '../../../../src/core/contacts/column-map.ts';
import { cellText, sniffDelimiter, sniffEncoding } from '../../../../src/core/contacts/row-source.ts';

const isNumber = (cell: string) => /^\+?\d{11,13}$/.test(cell.trim());

describe('detectColumns', () => {
  it('finds 手机号 and 姓名 in a Chinese header; other columns become fields, 标签 the tags', () => {
    const map = detectColumns(['姓名', '手机号', '生日', '会员等级', '标签'], isNumber);
    expect(map).toEqual({ header: true, number: 1, name: 0, tags: 4, fields: [{ index: 2, key: '生日' }, { index: 3, key: '会员等级' }] });
    expect(mapRow(['张三', ' 13800138000 ', '1990-05-20', '', 'vip，gold、vip'], map)).toEqual({
      number: '13800138000', name: '张三', fields: { 生日: '1990-05-20' }, tags: ['vip', 'gold'],
    });
  });

  it('finds English names whatever their case and spacing', () => {
    expect(detectColumns(['Full Name', 'Mobile', 'City'], isNumber)).toMatchObject({ header: true, number: 1, name: 0, tags: null, fields: [{ index: 2, key: 'City' }] });
    expect(detectColumns(['PHONE'], isNumber)).toMatchObject({ header: true, number: 0, name: null, fields: [] });
  });

  it('takes a first row holding a phone number as data: the number column is where it is, the next one the name', () => {
    expect(detectColumns(['13800138000', '张三', '北京'], isNumber)).toEqual({ header: false, number: 0, name: 1, tags: null, fields: [{ index: 2, key: 'col3' }] });
    expect(detectColumns(['张三', '+8613800138000'], isNumber)).toMatchObject({ header: false, number: 1, name: 0 });
    expect(detectColumns(['13800138000'], isNumber)).toMatchObject({ header: false, number: 0, name: null });
  });

  it('uses explicit choices by header name or 1-based position, and names what is missing', () => {
    expect(detectColumns(['联系方式', '客户'], isNumber, { number: '联系方式', name: '客户' })).toMatchObject({ header: true, number: 0, name: 1 });
    expect(detectColumns(['x', '13800138000'], isNumber, { number: '2' })).toMatchObject({ header: false, number: 1, name: 0 });
    expect(() => detectColumns(['a', 'b'], isNumber, { number: '联系方式' })).toThrow(/no column "联系方式"/);
    expect(() => detectColumns(['a', 'b'], isNumber, { number: '3' })).toThrow(/no column "3"/);
    expect(() => detectColumns(['姓名', '城市'], isNumber)).toThrow(/no number column/);
  });

  it('gives empty, repeated or overlong headers their position as the field name; extra cells are ignored', () => {
    const map = detectColumns(['mobile', '', 'a', 'a', 'x'.repeat(65)], isNumber);
    expect(map.fields.map((f) => f.key)).toEqual(['col2', 'a', 'col4', 'col5']);
    expect(mapRow(['13800138000', 'p', 'q', 'r', 's', 'extra'], map).fields).toEqual({ col2: 'p', a: 'q', col4: 'r', col5: 's' });
    expect(mapRow([], map)).toEqual({ number: '', name: '', fields: {}, tags: [] });
  });
});

describe('row source sniffers', () => {
  it('picks the delimiter that splits the first line most', () => {
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('a;b;c,d')).toBe(';');
    expect(sniffDelimiter('13800138000')).toBe(',');
  });

  it('tells UTF-8 from GB18030, allowing a character cut at the end of the sample', () => {
    const utf8 = Buffer.from('姓名,手机号\n张三,13800138000', 'utf8');
    expect(sniffEncoding(utf8)).toBe('utf-8');
    expect(sniffEncoding(utf8.subarray(0, 4))).toBe('utf-8');
    expect(sniffEncoding(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c]))).toBe('gb18030'); // 姓名, in GBK
  });

  it('renders xlsx cells as text: dates, formulas, rich text, numbers', () => {
    expect(cellText(new Date(Date.UTC(1990, 4, 20)))).toBe('1990-05-20');
    expect(cellText({ formula: 'A1', result: 13800138000 })).toBe('13800138000');
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(cellText({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('true');
  });
});
