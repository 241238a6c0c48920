// Raw CGI parameter parsing for /cgi-bin/sendsms: octets kept, first occurrence wins, '+' is a space.
import { describe, expect, it } from 'vitest';
import { formString, parseForm, percentDecode } from '../../../src/api/kannel/form.ts';
import { splitReceivers } from '../../../src/api/kannel/sendsms-params.ts';

describe('Kannel form parsing', () => {
  it('decodes %XX to octets and + to a space, leaving stray % alone', () => {
    expect([...percentDecode(Buffer.from('%E9a+b%2B%zz%4'))]).toEqual([0xe9, 0x61, 0x20, 0x62, 0x2b, 0x25, 0x7a, 0x7a, 0x25, 0x34]);
  });

  it('keeps the first value of a repeated name and merges later sources without overriding', () => {
    const form = parseForm('to=1&to=2&text=&flag');
    parseForm(Buffer.from('to=3&from=X'), form);
    expect(formString(form, 'to')).toBe('1');
    expect(formString(form, 'from')).toBe('X');
    expect(formString(form, 'text')).toBe('');
    expect(formString(form, 'flag')).toBe('');
    expect(formString(form, 'missing', 'from')).toBe('X');
  });

  it('splits receivers on whitespace, dropping repeats', () => {
    expect(splitReceivers(' +861 862  +861\t863 ')).toEqual(['+861', '862', '863']);
  });
});
