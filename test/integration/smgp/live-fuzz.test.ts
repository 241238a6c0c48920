// Garbage over a real socket into a live SmgpServer: every frame is answered as SMGP says, ignored,
// or the stream closed; the server never crashes or wedges and keeps serving a real client.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PduDecodeError } from '../../../src/protocols/shared/decode-error.ts';
import { SmgpClient } from '../../../src/protocols/smgp/client.ts';
import { decodeSmgp } from '../../../src/protocols/smgp/codec.ts';
import { MAX_PACKET_LENGTH, PDU_BY_ID, SMGP_PDUS, isResponseId } from '../../../src/protocols/smgp/pdu-table.ts';
import { SmgpServer } from '../../../src/protocols/smgp/server.ts';
import { SmgpStatus } from '../../../src/protocols/smgp/status.ts';
import { RawSmgpPeer, type ReceivedFrame } from '../../support/raw-smgp-peer.ts';
import { vector, vectorNames } from '../../support/vectors.ts';
import { waitUntil } from '../../support/wait-for.ts';
import * as golden from '../../unit/protocols/smgp/golden.ts';

const RUNS = Number(process.env.SMGP_FUZZ_RUNS ?? 40);
const PROBE_SEQUENCE = 0xfffffff0;

let server: SmgpServer;
let port: number;

beforeAll(async () => {
  server = new SmgpServer({
    activeTestIntervalMs: 0,
    secretOf: (clientId) => (clientId === 'fuzzsp01' ? 'pw' : undefined),
    onRequest: (pdu) => (pdu.command === 'Submit' ? { MsgID: '01006101161700000001', Status: 0 } : { Status: SmgpStatus.COMMAND_WORD_ERROR }),
  });
  ({ port } = await server.listen(0));
});

afterAll(async () => {
  await server.close();
});

type Expected =
  | { kind: 'unframeable' } // no answer, the stream is closed
  | { kind: 'incomplete' } // nothing to answer
  | { kind: 'answered'; sequence: number; command: string; closes: boolean } // one answer of this command
  | { kind: 'ignored' }; // unknown command or a response nobody asked for: no answer, stays open

/** Cuts `bytes` to its first frame and says what a correct server does with it. */
function classify(bytes: Buffer): { bytes: Buffer; expected: Expected } {
  if (bytes.length < 4) return { bytes, expected: { kind: 'incomplete' } };
  const length = bytes.readUInt32BE(0);
  if (length < 12 || length > MAX_PACKET_LENGTH) return { bytes, expected: { kind: 'unframeable' } };
  if (bytes.length < length) return { bytes, expected: { kind: 'incomplete' } };
  const one = bytes.subarray(0, length);
  const id = one.readUInt32BE(4);
  const sequence = one.readUInt32BE(8);
  const definition = PDU_BY_ID.get(id);
  if (!definition || isResponseId(id)) return { bytes: one, expected: { kind: 'ignored' } };
  let decodes = true;
  try {
    decodeSmgp(one);
  } catch (error) {
    if (!(error instanceof PduDecodeError)) throw error;
    decodes = false;
  }
  return { bytes: one, expected: { kind: 'answered', sequence, command: definition.response!, closes: decodes && definition.command === 'Exit' } };
}

async function open(loggedIn: boolean): Promise<RawSmgpPeer> {
  const peer = await RawSmgpPeer.connect(port);
  if (loggedIn) expect(await peer.login('fuzzsp01', 'pw')).toMatchObject({ command: 'Login_Resp', Status: 0 });
  return peer;
}

/**
 * Sends an Active_Test and gathers every other frame until it is answered and `wanted` answers
 * came (a Login is checked asynchronously, so its answer may come after the probe's), or the
 * connection closes.
 */
async function probe(peer: RawSmgpPeer, wanted: number): Promise<{ answers: ReceivedFrame[]; alive: boolean }> {
  peer.sendRaw(golden.packet(0x00000004, PROBE_SEQUENCE));
  const answers: ReceivedFrame[] = [];
  let alive = false;
  while (!alive || answers.length < wanted) {
    const received = await peer.nextOrClose(2000);
    if (!received) return { answers, alive: false };
    if (received.pdu.command === 'Active_Test_Resp' && received.pdu.sequence === PROBE_SEQUENCE) alive = true;
    else answers.push(received);
  }
  return { answers, alive };
}

async function fuzzOnce(raw: Buffer, loggedIn: boolean): Promise<void> {
  const { bytes, expected } = classify(raw);
  const peer = await open(loggedIn);
  const before = peer.frames.length;
  try {
    peer.sendRaw(bytes);
    switch (expected.kind) {
      case 'unframeable':
        await peer.waitClosed();
        expect(peer.frames.length).toBe(before);
        break;
      case 'incomplete':
        peer.socket.end();
        await peer.waitClosed();
        expect(peer.frames.length).toBe(before);
        break;
      case 'ignored': {
        const { answers, alive } = await probe(peer, 0);
        expect(answers).toEqual([]);
        expect(alive).toBe(true);
        break;
      }
      case 'answered': {
        const { answers, alive } = await probe(peer, 1);
        expect(answers.map((a) => [a.pdu.command, a.pdu.sequence])).toEqual([[expected.command, expected.sequence]]);
        expect(alive).toBe(!expected.closes);
        break;
      }
    }
    expect(peer.decodeErrors).toEqual([]);
  } finally {
    peer.destroy();
    await waitUntil(server.framed, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the server to let go of the fuzzed session');
  }
}

/** A real client still logs in and submits. */
async function stillServes(): Promise<void> {
  const client = new SmgpClient({ host: '127.0.0.1', port, clientId: 'fuzzsp01', secret: 'pw', reconnect: false, activeTestIntervalMs: 0 });
  try {
    await client.connect();
    await expect(client.submit({ DestTermID: ['13301234567'], MsgContent: Buffer.from('alive') })).resolves.toMatchObject({ Status: 0 });
  } finally {
    await client.close();
  }
  await waitUntil(server.framed, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the health-check session to close');
}

const KNOWN_IDS = [...SMGP_PDUS.values()].map((d) => d.requestId);
const GOLDEN = [...vectorNames('smgp_').map(vector), golden.DELIVER_MO, golden.SUBMIT_GROUP_LONG, golden.QUERY, golden.EXIT, golden.FORWARD, golden.QUERY_RESP];

const framedJunk = fc
  .record({
    id: fc.oneof(fc.constantFrom(...KNOWN_IDS), fc.nat({ max: 0xffffffff })),
    sequence: fc.nat({ max: 0xffffff00 }),
    body: fc.uint8Array({ maxLength: 300 }),
  })
  .map(({ id, sequence, body }) => golden.packet(id, sequence, Buffer.from(body)));

const mutated = fc.record({ packet: fc.constantFrom(...GOLDEN), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }).map(({ packet, at, xor }) => {
  const copy = Buffer.from(packet);
  if (copy.length > 12) copy[12 + (at % (copy.length - 12))] ^= xor;
  return copy;
});

const anything = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a)), weight: 1 },
  { arbitrary: framedJunk, weight: 4 },
  { arbitrary: mutated, weight: 3 },
  { arbitrary: fc.constantFrom(...GOLDEN), weight: 1 },
);

describe('SMGP server under fuzzed input', () => {
  it('answers, ignores or closes as SMGP says, before login', async () => {
    await fc.assert(fc.asyncProperty(anything, (raw) => fuzzOnce(raw, false)), { numRuns: RUNS });
    await stillServes();
  });

  it('answers, ignores or closes as SMGP says, after login', async () => {
    await fc.assert(fc.asyncProperty(anything, (raw) => fuzzOnce(raw, true)), { numRuns: RUNS });
    await stillServes();
  });

  it('a stream of many frames at once leaves the server serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anything, { maxLength: 8 }), async (frames) => {
        const peer = await open(true);
        peer.sendRaw(Buffer.concat(frames));
        await new Promise((resolve) => setTimeout(resolve, 20));
        peer.destroy();
        await waitUntil(server.framed, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the server to close the session');
      }),
      { numRuns: 20 },
    );
    await stillServes();
  });
});
