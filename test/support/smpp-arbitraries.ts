// fast-check generators of valid SMPP PDUs, built from the codec's own declarative table.
import fc from 'fast-check';
import type { FieldSpec } from '../../src/protocols/smpp/fields.ts';
import { SMPP_PDUS, type SmppCommand } from '../../src/protocols/smpp/pdu-table.ts';
import type { SmppPduInput } from '../../src/protocols/smpp/pdu-types.ts';
import { SMPP_TLVS, type SmppTlvName } from '../../src/protocols/smpp/tlvs.ts';

const ascii = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

function fieldArbitrary(field: FieldSpec): fc.Arbitrary<unknown> {
  switch (field.kind) {
    case 'u8':
      return fc.integer({ min: 0, max: 0xff });
    case 'u16':
      return fc.integer({ min: 0, max: 0xffff });
    case 'u32':
      return fc.integer({ min: 0, max: 0xffffffff });
    case 'cstring':
      return ascii(field.max! - 1);
    case 'short_message':
      return fc.uint8Array({ maxLength: 254 }).map((a) => Buffer.from(a));
    case 'dest_addresses':
      return fc.array(
        fc.oneof(
          fc.record({ dest_flag: fc.constant(1 as const), dest_addr_ton: fc.nat(255), dest_addr_npi: fc.nat(255), destination_addr: ascii(20) }),
          fc.record({ dest_flag: fc.constant(2 as const), dl_name: ascii(20) }),
        ),
        { minLength: 1, maxLength: 10 },
      );
    case 'unsuccess_smes':
      return fc.array(
        fc.record({ dest_addr_ton: fc.nat(255), dest_addr_npi: fc.nat(255), destination_addr: ascii(20), error_status_code: fc.nat() }),
        { maxLength: 5 },
      );
  }
}

const tlvArbitrary = fc.dictionary(
  fc.constantFrom(...(Object.keys(SMPP_TLVS) as SmppTlvName[])),
  fc.constant(null),
  { maxKeys: 4 },
).chain((names) => {
  const entries = Object.keys(names).map((name) => {
    const kind = SMPP_TLVS[name as SmppTlvName][1];
    const value: fc.Arbitrary<unknown> =
      kind === 'u8' ? fc.nat(0xff) : kind === 'u16' ? fc.nat(0xffff) : kind === 'u32' ? fc.nat() :
      kind === 'cstring' ? ascii(64) : kind === 'flag' ? fc.constant(true) : fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
    return value.map((v) => [name, v] as const);
  });
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs));
});

export function pduArbitrary(command: SmppCommand): fc.Arbitrary<SmppPduInput> {
  const body = SMPP_PDUS[command].body as readonly FieldSpec[];
  const fields = Object.fromEntries(body.map((field) => [field.name, fieldArbitrary(field)]));
  return fc.record({
    sequence_number: fc.integer({ min: 1, max: 0x7fffffff }),
    fields: fc.record(fields),
    tlvs: tlvArbitrary,
  }).map(({ sequence_number, fields, tlvs }) => ({ command, sequence_number, command_status: 0, ...fields, tlvs }) as SmppPduInput);
}

export const anyPduArbitrary = fc.constantFrom(...(Object.keys(SMPP_PDUS) as SmppCommand[])).chain(pduArbitrary);
