// Garbage over a real socket into a live CmppServer: every request is answered, ignored or the
// stream closed, never a crash or a wedge; a valid login and SUBMIT work afterwards.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CmppClient } from '../../../src/protocols/cmpp/client.ts';
import { cmppMaxFrameLength, decodeCmpp, encodeCmpp } from '../../../src/protocols/cmpp/codec.ts';
import { CmppConnectStatus } from '../../../src/protocols/cmpp/connect-status.ts';
import { CMPP_COMMAND_IDS, responseOf, type CmppCommand } from '../../../src/protocols/cmpp/pdu-table.ts';
import { CmppResult } from '../../../src/protocols/cmpp/result.ts';
import { CmppServer } from '../../../src/protocols/cmpp/server.ts';
import { PduDecodeError } from '../../../src/protocols/shared/decode-error.ts';
import { cmppPduArbitrary } from '../../support/cmpp-arbitraries.ts';
import { RawCmppPeer, cmppFrame, type ReceivedCmppFrame } from '../../support/raw-cmpp-peer.ts';
import { waitUntil } from '../../support/wait-for.ts';

const RUNS = 40;
const MAX_FRAME = cmppMaxFrameLength('3.0');
const ACTIVE_TEST = 0x00000008;
const SUBMIT = 0x00000004;
const MSG_ID = 'ba520641e2400001';

let server: CmppServer;
let port: number;

beforeEach(async () => {
  server = new CmppServer({
    version: 'auto',
    activeTestIntervalMs: 0,
    authenticate: (connect) => (connect.Source_Addr === '901234' ? { secret: '1234' } : { status: CmppConnectStatus.BAD_SOURCE_ADDR }),
    onRequest: (pdu) => (pdu.command === 'submit' ? { Msg_Id: MSG_ID, Result: 0 } : pdu.command === 'query' ? {} : pdu.command === 'cancel' ? { Success_Id: 1 } : { Result: CmppResult.BAD_COMMAND }),
  });
  ({ port } = await server.listen(0));
});

afterEach(async () => {
  await server.close();
});

async function open(loggedIn: boolean): Promise<RawCmppPeer> {
  const peer = await RawCmppPeer.connect(port, '3.0');
  if (loggedIn) expect(await peer.login('901234', '1234')).toMatchObject({ command: 'connect_resp', Status: 0 });
  return peer;
}

/** Drops the connection, waits for the server to let go, and proves it still serves a real SP. */
async function finish(peer: RawCmppPeer): Promise<void> {
  peer.destroy();
  expect(peer.decodeErrors).toEqual([]);
  await waitUntil(server, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the server to close the fuzzed session');
  const sp = new CmppClient({ host: '127.0.0.1', port, spId: '901234', secret: '1234', reconnect: false, activeTestIntervalMs: 0 });
  try {
    await sp.connect();
    await expect(sp.submit({ Dest_terminal_Id: ['13800138000'], Msg_Content: Buffer.from('alive') })).resolves.toMatchObject({ Msg_Id: MSG_ID, Result: 0 });
  } finally {
    await sp.close();
  }
  await waitUntil(server, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the health-check session to close');
}

/** Sends an ACTIVE_TEST and gathers every other frame until it is answered or the connection closes. */
async function probe(peer: RawCmppPeer, avoid: number): Promise<{ answers: ReceivedCmppFrame[]; alive: boolean }> {
  const sequence = avoid === 0xfffffff0 ? 0xfffffff1 : 0xfffffff0;
  peer.sendRaw(cmppFrame(ACTIVE_TEST, sequence));
  const answers: ReceivedCmppFrame[] = [];
  for (;;) {
    const received = await peer.nextOrClose(2000);
    if (!received) return { answers, alive: false };
    if (received.pdu.command === 'active_test_resp' && received.pdu.Sequence_Id === sequence) return { answers, alive: true };
    answers.push(received);
  }
}

// ── the oracle ───────────────────────────────────────────────────────────────────────────────

type Expected =
  | { kind: 'unframeable' } // the length is unusable: close without a word (CMPP has no generic nack)
  | { kind: 'incomplete' } // nothing to answer; closes when we do
  | { kind: 'silent'; sequence: number } // unknown command, a response, or a body-less request with a body: no answer, stays open
  | { kind: 'answered'; sequence: number; command: CmppCommand; refused: boolean }; // one response, the same sequence

const IDS = new Map<number, CmppCommand>(Object.entries(CMPP_COMMAND_IDS).map(([command, id]) => [id, command as CmppCommand]));
const WITH_REFUSAL = new Set<CmppCommand>(['connect', 'submit', 'deliver', 'query', 'cancel']);

function classify(bytes: Buffer): { bytes: Buffer; expected: Expected } {
  if (bytes.length < 4) return { bytes, expected: { kind: 'incomplete' } };
  const length = bytes.readUInt32BE(0);
  if (length < 12 || length > MAX_FRAME) return { bytes, expected: { kind: 'unframeable' } };
  if (bytes.length < length) return { bytes, expected: { kind: 'incomplete' } };
  const one = bytes.subarray(0, length);
  const command = IDS.get(one.readUInt32BE(4));
  const sequence = one.readUInt32BE(8);
  if (command === undefined || responseOf(command) === null) return { bytes: one, expected: { kind: 'silent', sequence } };
  try {
    decodeCmpp(one, '3.0');
  } catch (error) {
    if (!(error instanceof PduDecodeError)) throw error;
    if (!WITH_REFUSAL.has(command)) return { bytes: one, expected: { kind: 'silent', sequence } };
    return { bytes: one, expected: { kind: 'answered', sequence, command, refused: true } };
  }
  return { bytes: one, expected: { kind: 'answered', sequence, command, refused: false } };
}

async function fuzzOnce(raw: Buffer, loggedIn: boolean): Promise<void> {
  const { bytes, expected } = classify(raw);
  const peer = await open(loggedIn);
  try {
    peer.sendRaw(bytes);
    switch (expected.kind) {
      case 'unframeable':
        await peer.waitClosed();
        expect(peer.frames).toEqual([]);
        break;
      case 'incomplete':
        peer.socket.end();
        await peer.waitClosed();
        expect(peer.frames).toEqual([]);
        break;
      case 'silent': {
        const { answers, alive } = await probe(peer, expected.sequence);
        expect(answers).toEqual([]);
        expect(alive).toBe(true);
        break;
      }
      case 'answered': {
        const { answers, alive } = await probe(peer, expected.sequence);
        expect(answers).toHaveLength(1);
        expect(answers[0]!.pdu.command).toBe(responseOf(expected.command));
        expect(answers[0]!.pdu.Sequence_Id).toBe(expected.sequence);
        // Only TERMINATE, and a CONNECT that fails, end the connection.
        if (!alive) expect(expected.command === 'terminate' || (expected.command === 'connect' && !loggedIn)).toBe(true);
        if (expected.refused || (!loggedIn && expected.command !== 'active_test' && expected.command !== 'terminate')) {
          const pdu = answers[0]!.pdu as { Status?: number; Result?: number; Success_Id?: number };
          expect(pdu.Status ?? pdu.Result ?? pdu.Success_Id ?? 1).not.toBe(0);
        }
        break;
      }
    }
  } finally {
    await finish(peer);
  }
}

// ── generators ───────────────────────────────────────────────────────────────────────────────

const randomBytes = fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a));

const framedJunk = fc
  .record({
    id: fc.oneof(fc.constantFrom(...IDS.keys()), fc.integer({ min: 0, max: 0xffffffff })),
    sequence: fc.integer({ min: 0, max: 0xffffffef }),
    body: fc.uint8Array({ maxLength: 240 }),
  })
  .map(({ id, sequence, body }) => cmppFrame(id, sequence, Buffer.from(body)));

type Mutation = { kind: 'flip'; at: number; value: number } | { kind: 'truncate'; cut: number } | { kind: 'append'; extra: Uint8Array } | { kind: 'length'; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), cut: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('length' as const), value: fc.oneof(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 12, max: MAX_FRAME }), fc.integer({ min: MAX_FRAME + 1, max: 0xffffffff })) }),
);

function mutate(pdu: Buffer, m: Mutation): Buffer {
  const out = Buffer.from(pdu);
  switch (m.kind) {
    case 'flip':
      out[4 + (m.at % (out.length - 4))] = m.value;
      return out;
    case 'truncate': {
      const copy = Buffer.from(out.subarray(0, Math.max(12, out.length - m.cut)));
      copy.writeUInt32BE(copy.length, 0);
      return copy;
    }
    case 'append': {
      const longer = Buffer.concat([out, m.extra]);
      longer.writeUInt32BE(longer.length, 0);
      return longer;
    }
    case 'length':
      out.writeUInt32BE(m.value >>> 0, 0);
      return out;
  }
}

// The probe's own sequence numbers stay out of the generated ones.
const validPdu = cmppPduArbitrary('3.0').map((pdu) => ({ ...pdu, Sequence_Id: pdu.Sequence_Id % 0xfffffff0 }));
const mutatedPdu = fc.tuple(validPdu, mutation).map(([pdu, m]) => mutate(encodeCmpp(pdu, '3.0'), m));
const encodedPdu = validPdu.map((pdu) => encodeCmpp(pdu, '3.0'));

describe('live fuzz: random and mutated octets into a running CmppServer', () => {
  for (const loggedIn of [false, true]) {
    const state = loggedIn ? 'logged in' : 'before CONNECT';

    it(`answers, ignores or closes on random octets (${state})`, async () => {
      await fc.assert(fc.asyncProperty(randomBytes, (bytes) => fuzzOnce(bytes, loggedIn)), { numRuns: RUNS });
    });

    it(`handles framed junk with random ids and bodies (${state})`, async () => {
      await fc.assert(fc.asyncProperty(framedJunk, (bytes) => fuzzOnce(bytes, loggedIn)), { numRuns: RUNS });
    });

    it(`handles valid and mutated PDUs of every command (${state})`, async () => {
      await fc.assert(fc.asyncProperty(fc.oneof(encodedPdu, mutatedPdu), (bytes) => fuzzOnce(bytes, loggedIn)), { numRuns: RUNS });
    });
  }
});

describe('live fuzz: specific malformed input', () => {
  it('answers SUBMIT before CONNECT with Result 2 and never hands it to the handler', async () => {
    let handled = 0;
    const original = server.cmppOptions.onRequest;
    server.cmppOptions.onRequest = (pdu, session) => {
      handled++;
      return original(pdu, session);
    };
    const peer = await open(false);
    peer.send({ command: 'submit', Sequence_Id: 5, Dest_terminal_Id: ['13800138000'], Msg_Content: Buffer.from('x') });
    expect(await peer.next()).toMatchObject({ command: 'submit_resp', Sequence_Id: 5, Result: CmppResult.BAD_COMMAND });
    expect(handled).toBe(0);
    await finish(peer);
  });

  it('answers a SUBMIT whose body stops short with Result 1, and the next SUBMIT works', async () => {
    const peer = await open(true);
    const whole = encodeCmpp({ command: 'submit', Sequence_Id: 7, Dest_terminal_Id: ['13800138000'], Msg_Content: Buffer.from('hello') }, '3.0');
    peer.sendRaw(cmppFrame(SUBMIT, 7, whole.subarray(12, whole.length - 30)));
    expect(await peer.next()).toMatchObject({ command: 'submit_resp', Sequence_Id: 7, Result: CmppResult.BAD_STRUCTURE });
    peer.sendRaw(whole);
    expect(await peer.next()).toMatchObject({ command: 'submit_resp', Sequence_Id: 7, Result: 0 });
    await finish(peer);
  });

  it('answers a second CONNECT with a non-zero Status and stays logged in', async () => {
    const peer = await open(true);
    expect(await peer.login('901234', '1234', 2)).toMatchObject({ command: 'connect_resp', Sequence_Id: 2, Status: CmppConnectStatus.OTHER_ERROR });
    peer.send({ command: 'submit', Sequence_Id: 3, Dest_terminal_Id: ['13800138000'], Msg_Content: Buffer.from('x') });
    expect(await peer.next()).toMatchObject({ command: 'submit_resp', Result: 0 });
    await finish(peer);
  });

  for (const length of [0, 11, MAX_FRAME + 1, 0xffffffff]) {
    it(`closes on Total_Length ${length} without answering`, async () => {
      const peer = await open(true);
      peer.sendRaw(cmppFrame(SUBMIT, 77, Buffer.alloc(20), length));
      await peer.waitClosed();
      expect(peer.frames).toEqual([]);
      await finish(peer);
    });
  }
});
