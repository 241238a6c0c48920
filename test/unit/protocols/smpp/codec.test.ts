import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PduDecodeError } from '../../../../src/protocols/shared/decode-error.ts';
import { FrameDecoder } from '../../../../src/protocols/shared/frame-decoder.ts';
import { decodePdu, encodePdu } from '../../../../src/protocols/smpp/codec.ts';
import { CommandStatus } from '../../../../src/protocols/smpp/command-status.ts';
import { SMPP_PDUS } from '../../../../src/protocols/smpp/pdu-table.ts';
import type { SmppPduOf } from '../../../../src/protocols/smpp/pdu-types.ts';
import { anyPduArbitrary } from '../../../support/smpp-arbitraries.ts';
import { vector, vectorNames } from '../../../support/vectors.ts';

describe('SMPP codec: shared interop vectors', () => {
  for (const name of vectorNames('smpp_')) {
    it(`${name} decodes and re-encodes byte for byte`, () => {
      const bytes = vector(name);
      expect(encodePdu(decodePdu(bytes)).equals(bytes)).toBe(true);
    });

    it(`${name} is framed the same when fed split at every byte`, () => {
      const bytes = vector(name);
      for (let cut = 1; cut < bytes.length; cut++) {
        const decoder = new FrameDecoder({ minLength: 16, maxLength: 4096 });
        decoder.push(bytes.subarray(0, cut));
        expect(decoder.next()).toBeNull();
        decoder.push(bytes.subarray(cut));
        expect(decoder.next()?.equals(bytes)).toBe(true);
        expect(decoder.buffered).toBe(0);
      }
    });
  }

  it('decodes S3 submit_sm into the spec field names', () => {
    const pdu = decodePdu(vector('smpp_submit_sm')) as SmppPduOf<'submit_sm'>;
    expect(pdu).toMatchObject({
      command: 'submit_sm',
      sequence_number: 2,
      source_addr_ton: 5,
      source_addr: 'INFO',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '8613800138000',
      registered_delivery: 1,
      data_coding: 0,
    });
    expect(pdu.short_message.toString('latin1')).toBe('Hello');
  });

  it('decodes S5 receipt TLVs', () => {
    const pdu = decodePdu(vector('smpp_deliver_sm_receipt')) as SmppPduOf<'deliver_sm'>;
    expect(pdu.esm_class).toBe(0x04);
    expect(pdu.tlvs).toEqual({ receipted_message_id: '1f2e3d4c', message_state: 2 });
  });

  it('decodes S9 generic_nack with ESME_RINVCMDID', () => {
    const pdu = decodePdu(vector('smpp_generic_nack_invcmdid'));
    expect(pdu).toMatchObject({ command: 'generic_nack', command_status: CommandStatus.ESME_RINVCMDID, sequence_number: 5 });
  });
});

describe('SMPP codec: every PDU', () => {
  it('covers all 27 PDUs of SMPP 3.4', () => {
    expect(Object.keys(SMPP_PDUS)).toHaveLength(27);
  });

  it('encode(decode(encode(x))) is stable for generated PDUs of every command', () => {
    fc.assert(
      fc.property(anyPduArbitrary, (input) => {
        const bytes = encodePdu(input);
        const decoded = decodePdu(bytes);
        expect(decoded.command).toBe(input.command);
        expect(encodePdu(decoded).equals(bytes)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps unknown TLVs and re-encodes them unchanged', () => {
    const bytes = encodePdu({
      command: 'deliver_sm',
      sequence_number: 9,
      source_addr: '1',
      destination_addr: '2',
      unknown_tlvs: [{ tag: 0x1401, value: Buffer.from('vendor') }, { tag: 0x3fff, value: Buffer.alloc(0) }],
    });
    const pdu = decodePdu(bytes);
    expect(pdu.unknown_tlvs).toEqual([{ tag: 0x1401, value: Buffer.from('vendor') }, { tag: 0x3fff, value: Buffer.alloc(0) }]);
    expect(encodePdu(pdu).equals(bytes)).toBe(true);
  });

  it('accepts a header-only error response of any type (3.4 §3.3)', () => {
    const bytes = Buffer.from('00000010800000040000005800000007', 'hex');
    expect(decodePdu(bytes)).toMatchObject({ command: 'submit_sm_resp', command_status: CommandStatus.ESME_RTHROTTLED, message_id: '' });
    expect(encodePdu({ command: 'submit_sm_resp', sequence_number: 7, command_status: CommandStatus.ESME_RTHROTTLED, message_id: 'x' }).equals(bytes)).toBe(true);
  });

  it('decodes integer TLVs by their received length', () => {
    const pdu = decodePdu(Buffer.from('00000017800000040000000000000001' + '00' + '00100002' + '0102', 'hex'));
    expect(pdu.tlvs.source_telematics_id).toBe(0x0102);
  });

  it('refuses to encode what cannot be put on the wire', () => {
    expect(() => encodePdu({ command: 'submit_sm', sequence_number: 1, destination_addr: '1'.repeat(21) })).toThrow(/destination_addr/);
    expect(() => encodePdu({ command: 'submit_sm', sequence_number: 1, short_message: Buffer.alloc(255) })).toThrow(/message_payload/);
  });
});

describe('SMPP codec: malformed input', () => {
  const decodeError = (hex: string) => {
    try {
      decodePdu(Buffer.from(hex, 'hex'));
    } catch (error) {
      expect(error).toBeInstanceOf(PduDecodeError);
      return error as PduDecodeError;
    }
    throw new Error('decoded without error');
  };

  it('unknown command id → ESME_RINVCMDID with the sequence number', () => {
    const error = decodeError('0000001000000fff0000000000000042');
    expect(error).toMatchObject({ kind: 'unknown_command', status: CommandStatus.ESME_RINVCMDID, commandId: 0xfff, sequenceNumber: 0x42 });
  });

  it('command_length that disagrees with the frame → ESME_RINVCMDLEN', () => {
    expect(decodeError('000000200000001500000000000000010000').status).toBe(CommandStatus.ESME_RINVCMDLEN);
  });

  it('truncated mandatory field names the field and offset', () => {
    // submit_sm whose body stops after service_type and source_addr_ton
    const error = decodeError('0000001200000004000000000000000300' + '05');
    expect(error).toMatchObject({ kind: 'truncated', field: 'source_addr_npi', offset: 18, commandId: 4, sequenceNumber: 3 });
  });

  it('over-long C-string → the field\'s own status', () => {
    const systemId = Buffer.from('a'.repeat(20)).toString('hex');
    const error = decodeError(`0000002a00000009000000000000000${1}${systemId}0000000034000000`.slice(0, 2 * 0x2a));
    expect(error).toMatchObject({ kind: 'string_too_long', field: 'system_id', status: CommandStatus.ESME_RINVSYSID });
  });

  it('TLV running past the end → ESME_RINVOPTPARSTREAM', () => {
    expect(decodeError('000000168000000400000000000000013100' + '001e0009').status).toBe(CommandStatus.ESME_RINVOPTPARSTREAM);
  });

  it('random bytes never throw anything but PduDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.nat(), (bytes, id) => {
        const frame = Buffer.from(bytes);
        if (frame.length >= 8) {
          frame.writeUInt32BE(frame.length, 0);
          // Most of the time aim at a real command id so the body decoders get exercised.
          const ids = Object.values(SMPP_PDUS).map((d) => d.id);
          if (id % 4 !== 0) frame.writeUInt32BE(ids[id % ids.length], 4);
        }
        try {
          const pdu = decodePdu(frame);
          expect(decodePdu(encodePdu(pdu)).command).toBe(pdu.command);
        } catch (error) {
          expect(error).toBeInstanceOf(PduDecodeError);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('mutated valid PDUs never throw anything but PduDecodeError', () => {
    fc.assert(
      fc.property(anyPduArbitrary, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }), (input, mutations) => {
        const frame = Buffer.from(encodePdu(input));
        for (const [at, value] of mutations) frame[16 + (at % Math.max(1, frame.length - 16))] = value;
        try {
          decodePdu(frame);
        } catch (error) {
          expect(error).toBeInstanceOf(PduDecodeError);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
