// The SGIP decoder on hostile input: it returns a PDU or throws PduDecodeError, nothing else; and
// whatever the encoder accepts decodes back to the same fields.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PduDecodeError, PduEncodeError } from '../../../../src/protocols/shared/decode-error.ts';
import { decodeSgipPdu, encodeSgip } from '../../../../src/protocols/sgip/codec.ts';
import { vector, vectorNames } from '../../../support/vectors.ts';

const KNOWN_IDS = [1, 2, 3, 4, 5, 0x10, 0x11, 0x1000].flatMap((id) => [id, (id | 0x80000000) >>> 0]);

function decodesOrRefuses(bytes: Buffer): void {
  try {
    decodeSgipPdu(bytes);
  } catch (error) {
    if (!(error instanceof PduDecodeError)) throw error;
  }
}

/** A frame with a consistent Message Length and a known command id around arbitrary body octets. */
const framed = fc.tuple(fc.constantFrom(...KNOWN_IDS), fc.uint8Array({ maxLength: 400 })).map(([id, body]) => {
  const buf = Buffer.alloc(20 + body.length);
  buf.writeUInt32BE(buf.length, 0);
  buf.writeUInt32BE(id, 4);
  buf.writeUInt32BE(7, 16);
  buf.set(body, 20);
  return buf;
});

describe('SGIP decoder fuzzing', () => {
  it('random octets: a PDU or a PduDecodeError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodesOrRefuses(Buffer.from(bytes))), { numRuns: 2000 });
  });

  it('known command ids with random bodies', () => {
    fc.assert(fc.property(framed, decodesOrRefuses), { numRuns: 3000 });
  });

  it('valid vectors with octets changed, cut or appended', () => {
    const base = fc.constantFrom(...vectorNames('sgip_').map(vector));
    const mutated = fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), fc.uint8Array({ maxLength: 30 })).map(([frame, changes, cut, extra]) => {
      const buf = Buffer.concat([Buffer.from(frame), extra]);
      for (const [at, value] of changes) buf[at % buf.length] = value;
      const end = Math.max(20, buf.length - (cut % 40));
      const out = buf.subarray(0, end);
      if (cut % 3 === 0) out.writeUInt32BE(out.length, 0);
      return out;
    });
    fc.assert(fc.property(mutated, decodesOrRefuses), { numRuns: 3000 });
  });

  it('a Submit the encoder accepts decodes back to the same fields', () => {
    const text = (width: number) => fc.string({ unit: fc.integer({ min: 1, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: width });
    const byte = fc.integer({ min: 0, max: 255 });
    const submit = fc.record({
      SPNumber: text(21),
      ChargeNumber: text(21),
      UserNumber: fc.array(text(21), { minLength: 1, maxLength: 100 }),
      CorpId: text(5),
      ServiceType: text(10),
      FeeType: byte,
      FeeValue: text(6),
      GivenValue: text(6),
      AgentFlag: byte,
      MorelatetoMTFlag: byte,
      Priority: byte,
      ExpireTime: text(16),
      ScheduleTime: text(16),
      ReportFlag: byte,
      TP_pid: byte,
      TP_udhi: byte,
      MessageCoding: byte,
      MessageType: byte,
      MessageContent: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      Reserve: text(8),
    });
    const sequence = fc.record({ nodeId: fc.nat({ max: 0xffffffff }), timestamp: fc.nat({ max: 0xffffffff }), counter: fc.nat({ max: 0xffffffff }) });
    fc.assert(
      fc.property(submit, sequence, (body, SequenceNumber) => {
        let bytes: Buffer;
        try {
          bytes = encodeSgip('submit', SequenceNumber, body);
        } catch (error) {
          if (error instanceof PduEncodeError) return;
          throw error;
        }
        expect(decodeSgipPdu(bytes)).toEqual({ command: 'submit', sequence: SequenceNumber.counter, SequenceNumber, ...body });
      }),
      { numRuns: 500 },
    );
  });
});
