// fast-check generators of valid CMPP PDUs, built from the codec's own declarative table.
import fc from 'fast-check';
import { CMPP20_BODIES, CMPP30_BODIES, CMPP_COMMAND_IDS, type CmppCommand } from '../../src/protocols/cmpp/pdu-table.ts';
import type { CmppPduInput } from '../../src/protocols/cmpp/pdu-types.ts';
import type { CmppVersion } from '../../src/protocols/cmpp/version.ts';
import type { FixedField } from '../../src/protocols/shared/fixed-fields.ts';

// No NUL inside text: the wire cuts text at the first NUL, so it would not round-trip.
const text = (maxLength: number) => fc.string({ unit: fc.integer({ min: 1, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength });

function fieldArbitrary(field: FixedField): fc.Arbitrary<unknown> | undefined {
  switch (field.kind) {
    case 'uint':
      return fc.nat({ max: field.width === 4 ? 0xffffffff : 2 ** (8 * field.width) - 1 });
    case 'text':
      return text(field.width);
    case 'hex':
      return fc.uint8Array({ minLength: field.width, maxLength: field.width }).map((a) => Buffer.from(a).toString('hex'));
    case 'octets':
      return fc.uint8Array({ minLength: field.width, maxLength: field.width }).map((a) => Buffer.from(a));
    case 'var_octets':
      return fc.uint8Array({ maxLength: 255 }).map((a) => Buffer.from(a));
    case 'text_list':
      return fc.array(text(field.width), { minLength: field.min, maxLength: Math.min(field.max, 5) });
    default:
      return undefined;
  }
}

function bodyArbitrary(fields: readonly FixedField[]): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of fields) {
    const arbitrary = fieldArbitrary(field);
    if (arbitrary) record[field.name] = arbitrary;
  }
  return fc.record(record);
}

/** A valid PDU of any command in the given version's layout. */
export function cmppPduArbitrary(version: CmppVersion): fc.Arbitrary<CmppPduInput> {
  const bodies: Record<CmppCommand, readonly FixedField[]> = version === '3.0' ? CMPP30_BODIES : CMPP20_BODIES;
  const commands = Object.keys(CMPP_COMMAND_IDS) as CmppCommand[];
  return fc.oneof(
    ...commands.map((command) =>
      fc
        .tuple(fc.nat({ max: 0xffffffff }), bodyArbitrary(bodies[command]))
        .map(([Sequence_Id, body]) => ({ ...body, command, Sequence_Id }) as unknown as CmppPduInput),
    ),
  );
}
