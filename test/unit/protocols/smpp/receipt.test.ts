// Tests for receipt text parsing/formatting and the merge of receipt text with receipt TLVs.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatReceiptText,
  parseReceiptText,
  receiptFromTlvs,
  type ReceiptText,
  type ReceiptTextResult,
} from '../../../../src/protocols/smpp/receipt.ts';
import { RECEIPT_STATS } from '../../../../src/protocols/smpp/message-state.ts';

// Vector S5 (smpp_deliver_sm_receipt): sm_length at offset 0x31, short_message follows.
const S5_HEX =
  '000000ad00000005000000000000000700010138363133383030313338303030000500494e464f0004000000000000000069' +
  '69643a3166326533643463207375623a30303120646c7672643a303031207375626d697420646174653a3233313132303230' +
  '333220646f6e6520646174653a3233313132303230333320737461743a44454c49565244206572723a30303020746578743a' +
  '48656c6c6f001e00093166326533643463000427000102';
const s5 = Buffer.from(S5_HEX, 'hex');
const S5_TEXT = s5.subarray(0x32, 0x32 + s5[0x31]!).toString('latin1');

function ok(r: ReceiptTextResult): ReceiptText {
  if (!r.ok) throw new Error(`expected a receipt, got ${r.reason}`);
  return r.receipt;
}

const iso = (d: { date: Date | undefined } | undefined): string | undefined => d?.date?.toISOString();

describe('S5 receipt text', () => {
  it('is what the vector carries', () => {
    expect(S5_TEXT).toBe(
      'id:1f2e3d4c sub:001 dlvrd:001 submit date:2311202032 done date:2311202033 stat:DELIVRD err:000 text:Hello',
    );
  });

  it('is reproduced exactly by formatReceiptText', () => {
    const text = formatReceiptText({
      id: '1f2e3d4c',
      submitDate: new Date('2023-11-20T20:32:00Z'),
      doneDate: new Date('2023-11-20T20:33:00Z'),
      stat: 'DELIVRD',
      text: 'Hello',
    });
    expect(Buffer.from(text, 'latin1').equals(s5.subarray(0x32, 0x32 + 105))).toBe(true);
  });

  it('parses into every field', () => {
    expect(ok(parseReceiptText(S5_TEXT))).toEqual({
      id: '1f2e3d4c',
      sub: 1,
      dlvrd: 1,
      submitDate: { raw: '2311202032', date: new Date('2023-11-20T20:32:00Z') },
      doneDate: { raw: '2311202033', date: new Date('2023-11-20T20:33:00Z') },
      stat: 'DELIVRD',
      state: 2,
      err: '000',
      text: 'Hello',
    });
  });
});

describe('parseReceiptText variants seen in the wild', () => {
  it('upper-case labels', () => {
    const r = ok(
      parseReceiptText('ID:ABC123 SUB:001 DLVRD:000 SUBMIT DATE:2311202032 DONE DATE:2311202100 STAT:UNDELIV ERR:011 TEXT:Hi'),
    );
    expect(r).toMatchObject({ id: 'ABC123', sub: 1, dlvrd: 0, stat: 'UNDELIV', state: 5, err: '011', text: 'Hi' });
    expect(iso(r.doneDate)).toBe('2023-11-20T21:00:00.000Z');
  });

  it('capitalised Text: label', () => {
    const r = ok(parseReceiptText('id:42 sub:001 dlvrd:001 submit date:2311202032 done date:2311202033 stat:DELIVRD err:000 Text:Your code'));
    expect(r.text).toBe('Your code');
  });

  it('missing err and text', () => {
    const r = ok(parseReceiptText('id:123 sub:001 dlvrd:001 submit date:2311202032 done date:2311202033 stat:EXPIRED'));
    expect(r).toMatchObject({ id: '123', stat: 'EXPIRED', state: 3, err: undefined, text: undefined });
  });

  it('only id and stat', () => {
    expect(ok(parseReceiptText('id:9 stat:REJECTD'))).toEqual({
      id: '9',
      sub: undefined,
      dlvrd: undefined,
      submitDate: undefined,
      doneDate: undefined,
      stat: 'REJECTD',
      state: 8,
      err: undefined,
      text: undefined,
    });
  });

  it('reordered fields', () => {
    const r = ok(parseReceiptText('stat:DELIVRD err:000 id:77 done date:2311202033 submit date:2311202032 dlvrd:001 sub:001'));
    expect(r).toMatchObject({ id: '77', stat: 'DELIVRD', sub: 1, dlvrd: 1, err: '000' });
    expect(iso(r.submitDate)).toBe('2023-11-20T20:32:00.000Z');
    expect(iso(r.doneDate)).toBe('2023-11-20T20:33:00.000Z');
  });

  it('extra blanks around labels and values', () => {
    const r = ok(
      parseReceiptText('  id: 1f2e   sub: 001  dlvrd:001 submit date : 2311202032 done date:2311202033   stat: DELIVRD  err: 000 text:  Hello world  '),
    );
    expect(r).toMatchObject({ id: '1f2e', sub: 1, stat: 'DELIVRD', err: '000', text: 'Hello world' });
    expect(r.submitDate?.raw).toBe('2311202032');
  });

  it('12-digit dates with seconds', () => {
    const r = ok(parseReceiptText('id:5 sub:001 dlvrd:001 submit date:231120203215 done date:231120203316 stat:DELIVRD err:000'));
    expect(iso(r.submitDate)).toBe('2023-11-20T20:32:15.000Z');
    expect(iso(r.doneDate)).toBe('2023-11-20T20:33:16.000Z');
  });

  it('14-digit dates with a four-digit year', () => {
    const r = ok(parseReceiptText('id:5 sub:001 dlvrd:001 submit date:20231120203215 done date:20231120203316 stat:DELIVRD err:000'));
    expect(r.submitDate).toEqual({ raw: '20231120203215', date: new Date('2023-11-20T20:32:15Z') });
  });

  it('long decimal and UUID-like ids', () => {
    expect(ok(parseReceiptText('id:18446744073709551615 stat:DELIVRD')).id).toBe('18446744073709551615');
    const uuid = '9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b';
    expect(ok(parseReceiptText(`id:${uuid} sub:001 dlvrd:001 stat:DELIVRD err:000 text:`)).id).toBe(uuid);
  });

  it('a trailing NUL', () => {
    const r = ok(parseReceiptText(`${S5_TEXT}\0`));
    expect(r.text).toBe('Hello');
    expect(ok(parseReceiptText('id:1 stat:DELIVRD\0\0')).stat).toBe('DELIVRD');
    expect(ok(parseReceiptText('id:1 stat:DELIVRD text:Hi\0 \r\n')).text).toBe('Hi');
  });

  it('text that contains label-like words stays text', () => {
    const r = ok(parseReceiptText('id:8 sub:001 dlvrd:001 stat:DELIVRD err:000 text:stat:UNDELIV err:9 id:x'));
    expect(r).toMatchObject({ id: '8', stat: 'DELIVRD', err: '000', text: 'stat:UNDELIV err:9 id:x' });
  });

  it('lower-case and unknown stat words, vendor err codes', () => {
    expect(ok(parseReceiptText('id:1 stat:delivrd')).state).toBe(2);
    expect(ok(parseReceiptText('id:1 stat:DELIVERED')).state).toBe(2);
    const r = ok(parseReceiptText('id:1 sub:001 dlvrd:000 stat:NOROUTE err:MK:0005 text:x'));
    expect(r).toMatchObject({ stat: 'NOROUTE', state: undefined, err: 'MK:0005' });
  });

  it('submit_date with an underscore and words inside ids not mistaken for labels', () => {
    const r = ok(parseReceiptText('id:subid1 submit_date:2311202032 done  date:2311202033 stat:ACCEPTD'));
    expect(r).toMatchObject({ id: 'subid1', stat: 'ACCEPTD', state: 6 });
    expect(r.submitDate?.raw).toBe('2311202032');
    expect(r.doneDate?.raw).toBe('2311202033');
  });

  it('an empty text: value', () => {
    expect(ok(parseReceiptText('id:1 stat:DELIVRD text:')).text).toBe('');
  });

  it('keeps unreadable dates raw', () => {
    const r = ok(parseReceiptText('id:1 submit date:2313202032 done date:23-11-20 stat:DELIVRD'));
    expect(r.submitDate).toEqual({ raw: '2313202032', date: undefined });
    expect(r.doneDate).toEqual({ raw: '23-11-20', date: undefined });
  });

  it('reads dates in the configured SMSC clock', () => {
    const r = ok(parseReceiptText(S5_TEXT, { utcOffsetMinutes: 480 }));
    expect(iso(r.submitDate)).toBe('2023-11-20T12:32:00.000Z');
  });
});

describe('parseReceiptText rejects what is not a receipt', () => {
  it.each([
    ['', 'empty'],
    ['\0\0 ', 'empty'],
    ['Hello, are you coming tonight?', 'not-receipt'],
    ['id:123 see you', 'missing-stat'],
    ['stat:DELIVRD err:000', 'missing-id'],
    ['id: stat:DELIVRD', 'missing-id'],
  ])('%j → %s', (input, reason) => {
    expect(parseReceiptText(input)).toEqual({ ok: false, reason });
  });

  it('never throws on random strings', () => {
    // Any UTF-16 unit, lone surrogates and NUL included.
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200, unit })), (s) => {
        expect(typeof parseReceiptText(s).ok).toBe('boolean');
      }),
    );
  });

  it('never throws on strings made of receipt fragments', () => {
    const fragment = fc.constantFrom(
      'id:', 'ID:', 'sub:', 'dlvrd:', 'submit date:', 'done date:', 'stat:', 'err:', 'text:', 'Text:',
      'DELIVRD', '2311202032', '99999999999999', '001', ' ', '  ', ':', '\0', 'x', '1f2e', '-',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const r = parseReceiptText(parts.join(''));
        if (r.ok) {
          expect(r.receipt.id.length).toBeGreaterThan(0);
          expect(r.receipt.stat.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('formatReceiptText', () => {
  const base = {
    id: 'abc',
    submitDate: new Date('2023-11-20T20:32:59Z'),
    doneDate: new Date('2023-11-21T00:05:00Z'),
  } as const;

  it('uses 000 for dlvrd on failures, pads err and cuts text at 20 characters', () => {
    expect(formatReceiptText({ ...base, stat: 'UNDELIV', err: 11, text: 'abcdefghijklmnopqrstuvwxyz' })).toBe(
      'id:abc sub:001 dlvrd:000 submit date:2311202032 done date:2311210005 stat:UNDELIV err:011 text:abcdefghijklmnopqrst',
    );
  });

  it('cuts text by code points, not UTF-16 units', () => {
    const text = `${'a'.repeat(19)}😀tail`;
    expect(formatReceiptText({ ...base, stat: 'DELIVRD', text }).endsWith(`text:${'a'.repeat(19)}😀`)).toBe(true);
  });

  it('writes dates in the SMSC clock when an offset is given', () => {
    expect(formatReceiptText({ ...base, stat: 'DELIVRD' }, { utcOffsetMinutes: 480 })).toContain(
      'submit date:2311210432 done date:2311210805',
    );
  });

  it('refuses values that cannot be written canonically', () => {
    expect(() => formatReceiptText({ ...base, id: 'a b', stat: 'DELIVRD' })).toThrow(RangeError);
    expect(() => formatReceiptText({ ...base, id: '', stat: 'DELIVRD' })).toThrow(RangeError);
    expect(() => formatReceiptText({ ...base, sub: 1000, stat: 'DELIVRD' })).toThrow(RangeError);
    expect(() => formatReceiptText({ ...base, err: '1234', stat: 'DELIVRD' })).toThrow(RangeError);
    expect(() => formatReceiptText({ ...base, stat: 'DELIVERED' as 'DELIVRD' })).toThrow(RangeError);
    expect(() => formatReceiptText({ ...base, submitDate: new Date(Number.NaN), stat: 'DELIVRD' })).toThrow(RangeError);
  });

  it('round-trips: parse(format(x)) gives x back', () => {
    const minute = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2037-12-31T23:59:00Z'), noInvalidDate: true })
      .map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000));
    const hexId = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => n.toString(16));
    const decId = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => n.toString(10));
    const id = fc.oneof(hexId, decId, fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_.-]{1,65}$/));
    const text = fc.string({ maxLength: 30, unit: 'grapheme-ascii' }).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(
        fc.record({
          id,
          sub: fc.integer({ min: 0, max: 999 }),
          dlvrd: fc.integer({ min: 0, max: 999 }),
          submitDate: minute,
          doneDate: minute,
          stat: fc.constantFrom(...RECEIPT_STATS),
          err: fc.integer({ min: 0, max: 999 }),
          text,
        }),
        (x) => {
          const parsed = ok(parseReceiptText(formatReceiptText(x)));
          expect(parsed.id).toBe(x.id);
          expect(parsed.sub).toBe(x.sub);
          expect(parsed.dlvrd).toBe(x.dlvrd);
          expect(parsed.submitDate?.date?.getTime()).toBe(x.submitDate.getTime());
          expect(parsed.doneDate?.date?.getTime()).toBe(x.doneDate.getTime());
          expect(parsed.stat).toBe(x.stat);
          expect(parsed.err).toBe(String(x.err).padStart(3, '0'));
          expect(parsed.text).toBe(x.text.slice(0, 20).trim());
        },
      ),
    );
  });
});

describe('receiptFromTlvs', () => {
  const s5Tlvs = { receipted_message_id: '1f2e3d4c\0', message_state: 2 };

  it('merges S5 text and TLVs', () => {
    const r = receiptFromTlvs({ shortMessageText: S5_TEXT, ...s5Tlvs });
    expect(r).toMatchObject({
      ok: true,
      receipt: { id: '1f2e3d4c', idSource: 'tlv', state: 2, stat: 'DELIVRD', sub: 1, dlvrd: 1, text: 'Hello' },
    });
  });

  it('prefers the TLVs over the text when they disagree', () => {
    const text = 'id:523124044 sub:001 dlvrd:001 submit date:2311202032 done date:2311202033 stat:DELIVRD err:000 text:x';
    const r = receiptFromTlvs({
      shortMessageText: text,
      receipted_message_id: '1F2E3D4C',
      message_state: 5,
      network_error_code: Buffer.from([0x03, 0x00, 0x0b]),
    });
    expect(r).toMatchObject({
      ok: true,
      receipt: {
        id: '1F2E3D4C',
        idSource: 'tlv',
        state: 5,
        stat: 'UNDELIV',
        err: '011',
        networkError: { networkType: 3, errorCode: 11 },
      },
    });
  });

  it('uses the text when TLVs are absent, empty or out of range', () => {
    const r = receiptFromTlvs({
      shortMessageText: S5_TEXT,
      receipted_message_id: '\0',
      message_state: 42,
      network_error_code: Buffer.from([0x03, 0x01]),
    });
    expect(r).toMatchObject({
      ok: true,
      receipt: { id: '1f2e3d4c', idSource: 'text', state: 2, stat: 'DELIVRD', err: '000', networkError: undefined },
    });
  });

  it('builds a receipt from TLVs alone', () => {
    expect(receiptFromTlvs({ shortMessageText: '', receipted_message_id: 'abc', message_state: 3 })).toMatchObject({
      ok: true,
      receipt: { id: 'abc', state: 3, stat: 'EXPIRED', sub: undefined, text: undefined },
    });
    expect(receiptFromTlvs({ receipted_message_id: 'abc', message_state: 0 })).toMatchObject({
      ok: true,
      receipt: { state: 0, stat: 'SCHEDULED' },
    });
  });

  it('fills a missing text stat from the message_state TLV', () => {
    expect(receiptFromTlvs({ shortMessageText: 'id:7 sub:001 dlvrd:001', message_state: 2 })).toMatchObject({
      ok: true,
      receipt: { id: '7', idSource: 'text', stat: 'DELIVRD', sub: 1 },
    });
  });

  it('never throws on arbitrary text and TLV values', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            shortMessageText: fc.string({ maxLength: 120 }),
            receipted_message_id: fc.string({ maxLength: 70 }),
            message_state: fc.integer({ min: -1, max: 300 }),
            network_error_code: fc.uint8Array({ maxLength: 5 }).map((a) => Buffer.from(a)),
          },
          { requiredKeys: [] },
        ),
        (src) => {
          const r = receiptFromTlvs(src);
          if (r.ok) expect(r.receipt.id.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it.each([
    [{}, 'empty'],
    [{ shortMessageText: '  ' }, 'empty'],
    [{ shortMessageText: 'just a message' }, 'not-receipt'],
    [{ message_state: 2 }, 'missing-id'],
    [{ receipted_message_id: 'abc' }, 'missing-stat'],
    [{ shortMessageText: 'id:1 sub:001', message_state: 99 }, 'missing-stat'],
  ])('%j → %s', (src, reason) => {
    expect(receiptFromTlvs(src)).toEqual({ ok: false, reason });
  });
});
