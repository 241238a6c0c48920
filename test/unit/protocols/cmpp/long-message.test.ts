// Long Chinese text → SUBMIT parts (UCS2, GBK, ASCII) and DELIVER MO parts → text, in both versions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCmpp, encodeCmpp } from '../../../../src/protocols/cmpp/codec.ts';
import { CmppInboundAssembler, cmppUserDataOf } from '../../../../src/protocols/cmpp/inbound-message.ts';
import { chooseCmppEncoding, decodeCmppText, encodeCmppText, MsgFmt } from '../../../../src/protocols/cmpp/msg-fmt.ts';
import type { CmppPduOf } from '../../../../src/protocols/cmpp/pdu-types.ts';
import { cmppSubmitParts, recipientBatches, type CmppSubmitBody } from '../../../../src/protocols/cmpp/submit-parts.ts';
import type { CmppVersion } from '../../../../src/protocols/cmpp/version.ts';
import { EncodingError } from '../../../../src/protocols/encoding/encoding-error.ts';
import { decodeGbk } from '../../../../src/protocols/encoding/gbk.ts';

const BASE: CmppSubmitBody = { Service_Id: 'MTEST', Msg_src: '901234', Src_Id: '10690001', Dest_terminal_Id: ['13800138000'], Registered_Delivery: 1 };
const LONG = '快信短信平台支持长短信拆分与重组，'.repeat(10); // 170 characters

/** The SUBMIT parts as they come off the wire, re-wrapped as the MO DELIVERs a handset would send. */
function asDelivers(parts: CmppSubmitBody[], version: CmppVersion): CmppPduOf<'deliver'>[] {
  return parts.map((part, i) => {
    const submit = decodeCmpp(encodeCmpp({ command: 'submit', Sequence_Id: i + 1, ...part }, version), version) as CmppPduOf<'submit'>;
    const deliver = { command: 'deliver' as const, Sequence_Id: 100 + i, Dest_Id: '10690001', Src_terminal_Id: '13800138000', TP_udhi: submit.TP_udhi, Msg_Fmt: submit.Msg_Fmt, Msg_Content: submit.Msg_Content, LinkID: 'L1' };
    return decodeCmpp(encodeCmpp(deliver, version), version) as CmppPduOf<'deliver'>;
  });
}

function reassemble(delivers: CmppPduOf<'deliver'>[]): string | undefined {
  const assembler = new CmppInboundAssembler();
  let text: string | undefined;
  for (const deliver of delivers) {
    const result = assembler.add(deliver);
    if (result.status === 'complete') text = result.message.text;
  }
  return text;
}

describe('cmppSubmitParts', () => {
  it('splits long Chinese UCS2 text into 67-character parts with an 8-bit UDH and Pk_total/Pk_number', () => {
    const parts = cmppSubmitParts(LONG, BASE, { reference: 0x2a });
    expect(parts).toHaveLength(3);
    parts.forEach((part, i) => {
      expect(part).toMatchObject({ ...BASE, Pk_total: 3, Pk_number: i + 1, TP_udhi: 1, Msg_Fmt: MsgFmt.UCS2 });
      const content = Buffer.from(part.Msg_Content!);
      expect(content.subarray(0, 6).toString('hex')).toBe(`0500032a03${(i + 1).toString(16).padStart(2, '0')}`);
      expect(content.length).toBeLessThanOrEqual(140);
    });
    expect(parts.map((p) => Buffer.from(p.Msg_Content!).length)).toEqual([140, 140, 6 + 36 * 2]);
  });

  it('splits long GBK text into 134-octet parts without cutting a character', () => {
    const text = `a${LONG}`; // odd start: every part boundary falls between two-octet characters
    const parts = cmppSubmitParts(text, BASE, { encoding: 'gbk', reference: 7 });
    expect(parts.every((p) => p.Msg_Fmt === MsgFmt.GBK && p.TP_udhi === 1)).toBe(true);
    const payloads = parts.map((p) => Buffer.from(p.Msg_Content!).subarray(6));
    expect(payloads.map((p) => p.length)).toEqual([133, 134, 74]);
    expect(payloads.map((p) => decodeGbk(p)).join('')).toBe(text);
  });

  it('uses a 16-bit reference when asked', () => {
    const parts = cmppSubmitParts(LONG, BASE, { reference: 0x1234, concat: 'udh16' });
    expect(Buffer.from(parts[0].Msg_Content!).subarray(0, 7).toString('hex')).toBe('0608041234' + '03' + '01');
    expect(parts).toHaveLength(3); // 66 characters each
  });

  it('sends a short text as one part without UDH', () => {
    const [part] = cmppSubmitParts('你好', BASE);
    expect(part).toMatchObject({ Pk_total: 1, Pk_number: 1, TP_udhi: 0, Msg_Fmt: 8 });
    expect(Buffer.from(part.Msg_Content!).toString('hex')).toBe('4f60597d');
    expect(cmppSubmitParts('你好', BASE, { encoding: 'gbk' })[0].Msg_Content).toEqual(Buffer.from('c4e3bac3', 'hex'));
  });

  it('ASCII: fewer than 160 octets alone, 134 per part', () => {
    expect(cmppSubmitParts('x'.repeat(159), BASE)).toHaveLength(1);
    const parts = cmppSubmitParts('x'.repeat(160), BASE, { reference: 1 });
    expect(parts.map((p) => Buffer.from(p.Msg_Content!).length)).toEqual([140, 6 + 26]);
    expect(parts[0].Msg_Fmt).toBe(MsgFmt.ASCII);
  });

  it('needs a reference for a long text, and refuses what GBK cannot carry', () => {
    expect(() => cmppSubmitParts(LONG, BASE)).toThrow(EncodingError);
    expect(() => cmppSubmitParts('😀', BASE, { encoding: 'gbk' })).toThrow(EncodingError);
  });

  it('batches recipients by the DestUsr_tl limit', () => {
    const numbers = Array.from({ length: 250 }, (_, i) => `1380013${String(i).padStart(4, '0')}`);
    expect(recipientBatches(numbers).map((b) => b.length)).toEqual([99, 99, 52]);
    expect(recipientBatches(numbers, 50).map((b) => b.length)).toEqual([50, 50, 50, 50, 50]);
    expect(() => recipientBatches(numbers, 100)).toThrow(RangeError);
  });
});

describe('CmppInboundAssembler', () => {
  for (const version of ['2.0', '3.0'] as const) {
    for (const encoding of ['ucs2', 'gbk'] as const) {
      it(`${version} ${encoding}: reassembles parts arriving in any order`, () => {
        const delivers = asDelivers(cmppSubmitParts(LONG, BASE, { encoding, reference: 9 }), version);
        expect(reassemble([delivers[2], delivers[0], delivers[1]])).toBe(LONG);
      });
    }
  }

  it('round-trips random Chinese and mixed text in UCS2 and GBK', () => {
    const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
    const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(cjk, ascii), minLength: 1, maxLength: 400 }),
        fc.constantFrom('ucs2', 'gbk'),
        fc.nat(255),
        fc.constantFrom('2.0', '3.0'),
        (text, encoding, reference, version) => {
          const parts = cmppSubmitParts(text, BASE, { encoding: encoding as 'ucs2' | 'gbk', reference });
          expect(reassemble(asDelivers(parts, version as CmppVersion).reverse())).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('passes a single MO through with its LinkID, and leaves reports alone', () => {
    const assembler = new CmppInboundAssembler();
    const mo = { Registered_Delivery: 0, TP_udhi: 0, Msg_Fmt: 15, Msg_Content: Buffer.from('c4e3bac3', 'hex'), Src_terminal_Id: '13800138000', Dest_Id: '10690001', LinkID: 'abc' };
    expect(assembler.add(mo as CmppPduOf<'deliver'>)).toEqual({
      status: 'complete',
      message: { source: '13800138000', destination: '10690001', text: '你好', Msg_Fmt: 15, parts: 1, LinkID: 'abc' },
    });
    expect(assembler.add({ ...mo, Registered_Delivery: 1 } as CmppPduOf<'deliver'>)).toEqual({ status: 'rejected', reason: 'status_report' });
  });

  it('hands binary content over as hex and reports pending and duplicate parts', () => {
    const assembler = new CmppInboundAssembler();
    const part = (seq: number) =>
      ({ Registered_Delivery: 0, TP_udhi: 1, Msg_Fmt: 4, Msg_Content: Buffer.from(`05000301020${seq}ff`, 'hex'), Src_terminal_Id: '1', Dest_Id: '2' }) as CmppPduOf<'deliver'>;
    expect(assembler.add(part(1))).toEqual({ status: 'pending' });
    expect(assembler.add(part(1))).toEqual({ status: 'duplicate' });
    expect(assembler.pending).toBe(1);
    const done = assembler.add(part(2));
    expect(done.status === 'complete' && done.message.text).toBe('ffff');
  });

  it('a broken UDH throws EncodingError', () => {
    const broken = { TP_udhi: 1, Msg_Fmt: 8, Msg_Content: Buffer.from('0900', 'hex') } as CmppPduOf<'deliver'>;
    expect(() => cmppUserDataOf(broken)).toThrow(EncodingError);
  });
});

describe('Msg_Fmt text', () => {
  it('chooses ASCII, else UCS2 (or GBK when preferred and possible)', () => {
    expect(chooseCmppEncoding('Hello')).toBe('ascii');
    expect(chooseCmppEncoding('你好')).toBe('ucs2');
    expect(chooseCmppEncoding('你好', 'gbk')).toBe('gbk');
    expect(chooseCmppEncoding('😀', 'gbk')).toBe('ucs2');
  });

  it('encodes and decodes by Msg_Fmt; binary is not text', () => {
    expect(encodeCmppText('你好', 'gbk').toString('hex')).toBe('c4e3bac3');
    expect(decodeCmppText(Buffer.from('4f60597d', 'hex'), 8)).toBe('你好');
    expect(decodeCmppText(Buffer.from('Hi'), 0)).toBe('Hi');
    expect(decodeCmppText(Buffer.from('ff', 'hex'), 4)).toBeUndefined();
    expect(decodeCmppText(Buffer.from('ff', 'hex'), 99)).toBeUndefined();
  });
});
