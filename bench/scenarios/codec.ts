// Codec speed on one core: decode, encode and decode+encode of the S3 submit_sm and C4 CMPP SUBMIT vectors.
import { decodeCmpp, encodeCmpp } from '../../src/protocols/cmpp/codec.ts';
import { decodePdu, encodePdu } from '../../src/protocols/smpp/codec.ts';

const SUBMIT_SM = Buffer.from('00000037000000040000000000000002000500494e464f00010138363133383030313338303030000000000000010000000548656c6c6f', 'hex');

// Vector C4 (cmpp30_submit): UCS2 "你好" to one number, report requested.
const CMPP30_SUBMIT = Buffer.from(
  '000000c700000004000000020000000000000000010101004d54455354000000000002000000000000000000000000000000' +
    '0000000000000000000000000000000000000000083930313233343031303030303030000000000000000000000000000000' +
    '0000000000000000000000000000000000000031303639303030310000000000000000000000000001313338303031333830' +
    '303000000000000000000000000000000000000000000000044f60597d0000000000000000000000000000000000000000',
  'hex',
);

function rate(iterations: number, work: () => void): number {
  for (let i = 0; i < 50_000; i++) work(); // warm up the optimiser
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round(iterations / seconds);
}

export async function codecScenario(): Promise<Record<string, unknown>[]> {
  const pdu = decodePdu(SUBMIT_SM);
  const cmppSubmit = decodeCmpp(CMPP30_SUBMIT, '3.0');
  const n = 2_000_000;
  return [
    { operation: 'decode submit_sm', pdusPerSecond: rate(n, () => decodePdu(SUBMIT_SM)) },
    { operation: 'encode submit_sm', pdusPerSecond: rate(n, () => encodePdu(pdu)) },
    { operation: 'decode+encode submit_sm', pdusPerSecond: rate(n, () => encodePdu(decodePdu(SUBMIT_SM))) },
    { operation: 'decode cmpp30 submit', pdusPerSecond: rate(n, () => decodeCmpp(CMPP30_SUBMIT, '3.0')) },
    { operation: 'encode cmpp30 submit', pdusPerSecond: rate(n, () => encodeCmpp(cmppSubmit, '3.0')) },
    { operation: 'decode+encode cmpp30 submit', pdusPerSecond: rate(n, () => encodeCmpp(decodeCmpp(CMPP30_SUBMIT, '3.0'), '3.0')) },
  ];
}
