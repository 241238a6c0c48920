// The streaming delimited-text parser: quotes, doubled quotes, line breaks inside quotes, CRLF, BOM, blank
// lines, chunks split anywhere, and an unclosed quote reported instead of swallowing the file.
import { describe, expect, it } from 'vitest';
import { DelimitedParser } from '../../../../src/core/contacts/delimited-parser.ts';

function parseAll(text: string, chunkSize: number, delimiter = ',', quoting = true): string[][] {
  const parser = new DelimitedParser(delimiter, quoting);
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...parser.push(text.slice(i, i + chunkSize)));
  out.push(...parser.end());
  return out;
}

const SAMPLE = '\uFEFF姓名,手机号,备注\r\n张三,13800138000,"说 ""你好"", 再见"\r\n\r\n"李\n四", 13900139000 ,\n王五,13700137000';
const EXPECTED = [['姓名', '手机号', '备注'], ['张三', '13800138000', '说 "你好", 再见'], ['李\n四', '13900139000', ''], ['王五', '13700137000']];

describe('DelimitedParser', () => {
  it('parses quoted fields, doubled quotes, embedded line breaks, CRLF, a BOM and blank lines', () => {
    expect(parseAll(SAMPLE, SAMPLE.length)).toEqual(EXPECTED);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (let size = 1; size <= 12; size++) expect(parseAll(SAMPLE, size), `chunks of ${size}`).toEqual(EXPECTED);
  });

  it('ends with or without a final line break, and on a trailing empty field', () => {
    expect(parseAll('a,b\n', 3)).toEqual([['a', 'b']]);
    expect(parseAll('a,b', 3)).toEqual([['a', 'b']]);
    expect(parseAll('a,', 1)).toEqual([['a', '']]);
    expect(parseAll('"a"', 1)).toEqual([['a']]);
  });

  it('reads a plain list with quoting off and another delimiter', () => {
    expect(parseAll('13800138000\t"vip\n13900139000\n', 4, '\t', false)).toEqual([['13800138000', '"vip'], ['13900139000']]);
  });

  it('reports a quote never closed, at the end or when the record grows past the limit', () => {
    expect(() => parseAll('a,b\n"c,d\n', 2)).toThrow(/row 2 has a quote that is never closed/);
    const parser = new DelimitedParser(',', true);
    parser.push('x\n"');
    expect(() => parser.push('y'.repeat(1024 * 1024 + 1))).toThrow(/row 2 is longer than/);
  });
});
