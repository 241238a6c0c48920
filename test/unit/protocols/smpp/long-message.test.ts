import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePdu, encodePdu } from '../../../../src/protocols/smpp/codec.ts';
import { InboundMessageAssembler, userDataOf } from '../../../../src/protocols/smpp/inbound-message.ts';
import { messageParts } from '../../../../src/protocols/smpp/message-parts.ts';
import type { SmppPduOf } from '../../../../src/protocols/smpp/pdu-types.ts';

const asDeliverSm = (part: ReturnType<typeof messageParts>[number], seq: number) =>
  decodePdu(encodePdu({ command: 'deliver_sm', sequence_number: seq, source_addr: '8613800138000', destination_addr: '10690001', ...part })) as SmppPduOf<'deliver_sm'>;

describe('long messages over SMPP', () => {
  it('a 161-character GSM text becomes two UDH parts of 153 + 8 septets', () => {
    const parts = messageParts('a'.repeat(161), { reference: 0x2a });
    expect(parts).toHaveLength(2);
    expect(parts[0].esm_class).toBe(0x40);
    expect(parts[0].short_message.subarray(0, 6).toString('hex')).toBe('0500032a0201');
    expect(parts[0].short_message.length).toBe(6 + 153);
    expect(parts[1].short_message.length).toBe(6 + 8);
  });

  it('a 71-character Chinese text becomes two UCS-2 parts of 67 + 4 characters (S6 header form)', () => {
    const parts = messageParts('你'.repeat(71), { reference: 0x2a });
    expect(parts.map((p) => [p.esm_class, p.data_coding, p.short_message.length])).toEqual([
      [0x40, 8, 6 + 134],
      [0x40, 8, 6 + 8],
    ]);
    expect(parts[1].short_message.toString('hex')).toBe('0500032a0202' + '4f60'.repeat(4));
  });

  it('SAR mode puts the reference in TLVs and leaves esm_class alone', () => {
    const parts = messageParts('x'.repeat(200), { concat: 'sar', reference: 777 });
    expect(parts.map((p) => p.tlvs)).toEqual([
      { sar_msg_ref_num: 777, sar_total_segments: 2, sar_segment_seqnum: 1 },
      { sar_msg_ref_num: 777, sar_total_segments: 2, sar_segment_seqnum: 2 },
    ]);
    expect(parts.every((p) => p.esm_class === 0)).toBe(true);
  });

  it('payload mode sends one PDU with message_payload and sm_length 0', () => {
    const parts = messageParts('长'.repeat(300), { concat: 'payload' });
    expect(parts).toHaveLength(1);
    expect(parts[0].short_message.length).toBe(0);
    expect(userDataOf(asDeliverSm(parts[0], 1)).payload.length).toBe(600);
  });

  it('any text survives split → wire → reassembly in any order, in every mode', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'Z', '€', '{', '你', '😀', ' ', '@', 'é'), maxLength: 600 }),
        fc.constantFrom('udh8' as const, 'udh16' as const, 'sar' as const, 'payload' as const),
        fc.nat(255),
        fc.func(fc.nat()),
        (text, concat, reference, order) => {
          const parts = messageParts(text, { concat, reference });
          const pdus = parts.map((part, i) => asDeliverSm(part, i + 1));
          const shuffled = [...pdus].sort((a, b) => order(a.sequence_number) - order(b.sequence_number));
          const assembler = new InboundMessageAssembler();
          const results = shuffled.map((pdu) => assembler.add(pdu));
          const complete = results.filter((r) => r.status === 'complete');
          expect(complete).toHaveLength(1);
          expect(complete[0].status === 'complete' && complete[0].message.text).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores a duplicated part', () => {
    const parts = messageParts('b'.repeat(400), { reference: 5 }).map((p, i) => asDeliverSm(p, i + 1));
    const assembler = new InboundMessageAssembler();
    expect(assembler.add(parts[0]).status).toBe('pending');
    expect(assembler.add(parts[0]).status).toBe('duplicate');
    expect(assembler.add(parts[1]).status).toBe('pending');
    const last = assembler.add(parts[2]);
    expect(last.status === 'complete' && last.message.text).toBe('b'.repeat(400));
  });
});
