// fast-check generators for message text that exercise every alphabet and the pair boundaries.
import fc from 'fast-check';
import { GSM7_BASIC, GSM7_EXTENSION } from '../../../../src/protocols/encoding/gsm7.ts';

export const gsmBasicChar = fc.constantFrom(...GSM7_BASIC.filter((_, code) => code !== 0x1b));
export const gsmExtensionChar = fc.constantFrom(...GSM7_EXTENSION.values());
export const gsmChar = fc.oneof({ weight: 4, arbitrary: gsmBasicChar }, { weight: 1, arbitrary: gsmExtensionChar });
export const latin1Char = fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c));
export const cjkChar = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c));
export const astralChar = fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c));

/** Text drawn from one alphabet or a mix, so each encoding gets chosen some of the time. */
export function messageText(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: gsmChar, maxLength, size: 'max' }),
    fc.string({ unit: latin1Char, maxLength, size: 'max' }),
    fc.string({ unit: fc.oneof(gsmChar, cjkChar, astralChar), maxLength, size: 'max' }),
    fc.string({ unit: fc.oneof(gsmChar, latin1Char, astralChar), maxLength, size: 'max' }),
  );
}
