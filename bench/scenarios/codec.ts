// Codec speed on one core: decode, encode and decode+encode of the S3 submit_sm vector.
import { decodePdu, encodePdu } from '../../src/protocols/smpp/codec.ts';

const SUBMIT_SM = Buffer.from('00000037000000040000000000000002000500494e464f00010138363133383030313338303030000000000000010000000548656c6c6f', 'hex');

function rate(iterations: number, work: () => void): number {
  for (let i = 0; i < 50_000; i++) work(); // warm up the optimiser
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round(iterations / seconds);
}

export async function codecScenario(): Promise<Record<string, unknown>[]> {
  const pdu = decodePdu(SUBMIT_SM);
  const n = 2_000_000;
  return [
    { operation: 'decode submit_sm', pdusPerSecond: rate(n, () => decodePdu(SUBMIT_SM)) },
    { operation: 'encode submit_sm', pdusPerSecond: rate(n, () => encodePdu(pdu)) },
    { operation: 'decode+encode submit_sm', pdusPerSecond: rate(n, () => encodePdu(decodePdu(SUBMIT_SM))) },
  ];
}
