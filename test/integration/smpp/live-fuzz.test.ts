// Garbage over a real socket into a live SmppServer: every frame is answered or the stream closed, and the server keeps serving.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PduDecodeError } from '../../../src/protocols/shared/decode-error.ts';
import { decodePdu, encodePdu } from '../../../src/protocols/smpp/codec.ts';
import { SmppClient } from '../../../src/protocols/smpp/client.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';
import { PDU_BY_ID, SMPP_PDUS, isResponseId, responseOf, type SmppCommand } from '../../../src/protocols/smpp/pdu-table.ts';
import type { SmppPdu } from '../../../src/protocols/smpp/pdu-types.ts';
import { SmppServer } from '../../../src/protocols/smpp/server.ts';
import { anyPduArbitrary, pduArbitrary } from '../../support/smpp-arbitraries.ts';
import { RawSmppPeer, type ReceivedFrame } from '../../support/raw-smpp-peer.ts';
import { waitUntil } from '../../support/wait-for.ts';

const MAX_PDU = 4096;
const SUBMIT_SM = 0x00000004;
const RUNS = 50;

let server: SmppServer;
let port: number;

beforeEach(async () => {
  server = new SmppServer({
    maxPduSize: MAX_PDU,
    enquireLinkIntervalMs: 0,
    authenticate: (bind) => ({ status: bind.system_id === 'fuzz' && bind.password === 'pw' ? 0 : CommandStatus.ESME_RINVPASWD }),
    onRequest: (pdu) => (pdu.command === 'submit_sm' ? { message_id: 'F1' } : { command_status: CommandStatus.ESME_RINVCMDID }),
  });
  ({ port } = await server.listen(0));
});

afterEach(async () => {
  await server.close();
});

// ── building frames by hand, independently of encodePdu ──────────────────────────────────────

function cstr(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'latin1'), Buffer.from([0])]);
}

function frame(commandId: number, sequence: number, body: Buffer = Buffer.alloc(0), length = 16 + body.length, status = 0): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(length >>> 0, 0);
  header.writeUInt32BE(commandId >>> 0, 4);
  header.writeUInt32BE(status >>> 0, 8);
  header.writeUInt32BE(sequence >>> 0, 12);
  return Buffer.concat([header, body]);
}

/** submit_sm mandatory fields (3.4 §4.4.1) with the given destination_addr and short_message. */
function submitBody(destination_addr: string, short_message = Buffer.from('hi')): Buffer {
  return Buffer.concat([
    cstr(''), // service_type
    Buffer.from([1, 1]),
    cstr('Kuaixin'),
    Buffer.from([1, 1]),
    cstr(destination_addr),
    Buffer.from([0, 0, 0]), // esm_class, protocol_id, priority_flag
    cstr(''),
    cstr(''), // schedule_delivery_time, validity_period
    Buffer.from([0, 0, 0, 0]), // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
    Buffer.from([short_message.length]),
    short_message,
  ]);
}

// ── talking to the server ────────────────────────────────────────────────────────────────────

async function open(bound: boolean): Promise<RawSmppPeer> {
  const peer = await RawSmppPeer.connect(port);
  if (bound) expect(await peer.bind('bind_transceiver', 'fuzz', 'pw')).toMatchObject({ command: 'bind_transceiver_resp', command_status: 0 });
  return peer;
}

/** Drops the connection, waits until the server has let go of every session, and proves it still serves. */
async function finish(peer: RawSmppPeer): Promise<void> {
  peer.destroy();
  expect(peer.decodeErrors).toEqual([]);
  await waitUntil(server, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the server to close the fuzzed session');
  const client = new SmppClient({ host: '127.0.0.1', port, system_id: 'fuzz', password: 'pw', reconnect: false, enquireLinkIntervalMs: 0 });
  try {
    await client.connect();
    await expect(client.submit({ destination_addr: '8613800138000', short_message: Buffer.from('alive') })).resolves.toMatchObject({ message_id: 'F1' });
  } finally {
    await client.close();
  }
  await waitUntil(server, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the health-check session to close');
}

/** Sends an enquire_link and gathers every other frame until it is answered (and, if asked, one answer more) or the connection closes. */
async function probe(peer: RawSmppPeer, avoidSequence: number, needAnswer: boolean): Promise<{ answers: ReceivedFrame[]; alive: boolean }> {
  const sequence = avoidSequence === 0x7ffffff0 ? 0x7ffffff1 : 0x7ffffff0;
  peer.sendRaw(frame(0x00000015, sequence));
  const answers: ReceivedFrame[] = [];
  let alive = false;
  while (!alive || (needAnswer && answers.length === 0)) {
    const received = await peer.nextOrClose(2000);
    if (!received) break;
    if (received.pdu.command === 'enquire_link_resp' && received.pdu.sequence_number === sequence) alive = true;
    else answers.push(received);
  }
  return { answers, alive };
}

// ── the oracle: what a correct server does with a given sequence of octets ───────────────────

type Expected =
  | { kind: 'unframeable'; sequence: number } // generic_nack ESME_RINVCMDLEN, then close
  | { kind: 'incomplete' } // nothing to answer; closes when we do
  | { kind: 'malformed'; sequence: number; answer: string; status?: number } // answer with a non-zero status, stay open
  | { kind: 'unsolicited'; sequence: number } // a response nobody asked for: no answer, stay open
  | { kind: 'valid'; pdu: SmppPdu }; // a well-formed request: answered by the protocol rules

/** Cuts `bytes` to the first frame and says what the server must do with it. */
function classify(bytes: Buffer): { bytes: Buffer; expected: Expected } {
  if (bytes.length < 4) return { bytes, expected: { kind: 'incomplete' } };
  const length = bytes.readUInt32BE(0);
  if (length < 16 || length > MAX_PDU) {
    return { bytes, expected: { kind: 'unframeable', sequence: bytes.length >= 16 ? bytes.readUInt32BE(12) : 0 } };
  }
  if (bytes.length < length) return { bytes, expected: { kind: 'incomplete' } };
  const one = bytes.subarray(0, length);
  const id = one.readUInt32BE(4);
  const sequence = one.readUInt32BE(12);
  const definition = PDU_BY_ID.get(id);
  let pdu: SmppPdu;
  try {
    pdu = decodePdu(one);
  } catch (error) {
    if (!(error instanceof PduDecodeError)) throw error;
    if (!definition) return { bytes: one, expected: { kind: 'malformed', sequence, answer: 'generic_nack', status: CommandStatus.ESME_RINVCMDID } };
    if (isResponseId(id)) return { bytes: one, expected: { kind: 'unsolicited', sequence } };
    return { bytes: one, expected: { kind: 'malformed', sequence, answer: responseOf(definition.command) ?? 'generic_nack' } };
  }
  if (isResponseId(id)) return { bytes: one, expected: { kind: 'unsolicited', sequence } };
  return { bytes: one, expected: { kind: 'valid', pdu } };
}

/** Sends `raw` on a fresh connection and checks the server's reaction against the oracle. */
async function fuzzOnce(raw: Buffer, bound: boolean): Promise<void> {
  const { bytes, expected } = classify(raw);
  const peer = await open(bound);
  try {
    peer.sendRaw(bytes);
    switch (expected.kind) {
      case 'unframeable': {
        const nack = await peer.nextOrClose(2000);
        expect(nack?.pdu).toMatchObject({ command: 'generic_nack', command_status: CommandStatus.ESME_RINVCMDLEN, sequence_number: expected.sequence });
        expect(nack?.bytes.length).toBe(16);
        await peer.waitClosed();
        expect(await peer.nextOrClose(0)).toBeNull();
        break;
      }
      case 'incomplete': {
        // The frame can never complete once we stop sending: the server closes when we do, having said nothing.
        peer.socket.end();
        await peer.waitClosed();
        expect(peer.frames.length).toBe(bound ? 1 : 0);
        break;
      }
      case 'malformed': {
        const { answers, alive } = await probe(peer, expected.sequence, true);
        expect(answers).toHaveLength(1);
        const [{ pdu, bytes: answer }] = answers;
        expect(['generic_nack', expected.answer]).toContain(pdu.command);
        expect(pdu.sequence_number).toBe(expected.sequence);
        expect(pdu.command_status).not.toBe(0);
        if (expected.status !== undefined) expect(pdu.command_status).toBe(expected.status);
        expect(answer.length).toBe(16); // error responses carry no body (3.4 §4.4.2)
        expect(alive).toBe(true); // the frame was intact, so the session goes on
        break;
      }
      case 'unsolicited': {
        const { answers, alive } = await probe(peer, expected.sequence, false);
        expect(answers).toEqual([]);
        expect(alive).toBe(true);
        break;
      }
      case 'valid': {
        const { pdu } = expected;
        const { answers, alive } = await probe(peer, pdu.sequence_number, true);
        expect(answers).toHaveLength(1);
        expect([responseOf(pdu.command), 'generic_nack']).toContain(answers[0].pdu.command);
        expect(answers[0].pdu.sequence_number).toBe(pdu.sequence_number);
        if (!alive) expect(pdu.command).toBe('unbind');
        break;
      }
    }
  } finally {
    await finish(peer);
  }
}

// ── generators ───────────────────────────────────────────────────────────────────────────────

const randomBytes = fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a));

/** A correctly framed PDU with any command id (known ones favoured) and a random body. */
const framedJunk = fc
  .record({
    id: fc.oneof(fc.constantFrom(...PDU_BY_ID.keys()), fc.integer({ min: 0, max: 0xffffffff })),
    sequence: fc.integer({ min: 1, max: 0x7fffffff }),
    body: fc.uint8Array({ maxLength: 120 }),
  })
  .map(({ id, sequence, body }) => frame(id, sequence, Buffer.from(body)));

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; cut: number }
  | { kind: 'append'; extra: Uint8Array }
  | { kind: 'length'; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), cut: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({
    kind: fc.constant('length' as const),
    value: fc.oneof(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 16, max: MAX_PDU }), fc.integer({ min: MAX_PDU + 1, max: 0xffffffff })),
  }),
);

function mutate(pdu: Buffer, m: Mutation): Buffer {
  const out = Buffer.from(pdu);
  switch (m.kind) {
    case 'flip':
      // Anything after command_length: command id, status, sequence or body.
      out[4 + (m.at % (out.length - 4))] = m.value;
      return out;
    case 'truncate': {
      const kept = out.subarray(0, Math.max(16, out.length - m.cut));
      const copy = Buffer.from(kept);
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

const requests = (Object.keys(SMPP_PDUS) as SmppCommand[]).filter((c) => !isResponseId(SMPP_PDUS[c].id));
// Mostly requests, which must be answered; any PDU now and then, responses included.
const somePdu = fc.oneof({ arbitrary: fc.constantFrom(...requests).chain(pduArbitrary), weight: 3 }, { arbitrary: anyPduArbitrary, weight: 1 });
const mutatedPdu = fc.tuple(somePdu, mutation).map(([pdu, m]) => mutate(encodePdu(pdu), m));

// ── the properties ───────────────────────────────────────────────────────────────────────────

describe('live fuzz: random and mutated octets into a running SmppServer', () => {
  for (const bound of [false, true]) {
    const state = bound ? 'bound' : 'unbound';

    it(`answers or closes on random octets (${state})`, async () => {
      await fc.assert(fc.asyncProperty(randomBytes, (bytes) => fuzzOnce(bytes, bound)), { numRuns: RUNS });
    });

    it(`answers framed PDUs with random ids and bodies (${state})`, async () => {
      await fc.assert(fc.asyncProperty(framedJunk, (bytes) => fuzzOnce(bytes, bound)), { numRuns: RUNS });
    });

    it(`answers mutated valid PDUs (${state})`, async () => {
      await fc.assert(fc.asyncProperty(mutatedPdu, (bytes) => fuzzOnce(bytes, bound)), { numRuns: RUNS });
    });
  }
});

describe('live fuzz: specific malformed input', () => {
  it('answers an unknown command id with generic_nack ESME_RINVCMDID and the same sequence, and the session stays usable', async () => {
    for (const bound of [false, true]) {
      const peer = await open(bound);
      peer.sendRaw(frame(0x00000099, 4242, Buffer.from([1, 2, 3])));
      const nack = await peer.next();
      expect(nack).toMatchObject({ command: 'generic_nack', command_status: CommandStatus.ESME_RINVCMDID, sequence_number: 4242 });
      if (bound) {
        peer.sendRaw(frame(SUBMIT_SM, 4243, submitBody('8613800138000')));
        expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', command_status: 0, sequence_number: 4243, message_id: 'F1' });
      } else {
        expect(await peer.bind('bind_transmitter', 'fuzz', 'pw', 4243)).toMatchObject({ command: 'bind_transmitter_resp', command_status: 0, sequence_number: 4243 });
      }
      await finish(peer);
    }
  });

  for (const length of [0, 8, 15, MAX_PDU + 1, 0xffffffff]) {
    it(`answers command_length ${length} with generic_nack ESME_RINVCMDLEN and closes`, async () => {
      const peer = await open(true);
      peer.sendRaw(frame(SUBMIT_SM, 77, submitBody('8613800138000'), length));
      const nack = await peer.next();
      expect(nack).toMatchObject({ command: 'generic_nack', command_status: CommandStatus.ESME_RINVCMDLEN, sequence_number: 77 });
      await peer.waitClosed();
      expect(peer.frames).toHaveLength(2); // the bind response and the nack, nothing after
      await finish(peer);
    });
  }

  it('answers a submit_sm whose destination_addr is longer than 21 octets with ESME_RINVDSTADR', async () => {
    const peer = await open(true);
    peer.sendRaw(frame(SUBMIT_SM, 9, submitBody('8'.repeat(30))));
    const response = await peer.nextOrClose();
    expect(response?.pdu).toMatchObject({ command: 'submit_sm_resp', command_status: CommandStatus.ESME_RINVDSTADR, sequence_number: 9 });
    expect(response?.bytes.length).toBe(16);
    // 20 digits + NUL is the largest that fits, and is accepted.
    peer.sendRaw(frame(SUBMIT_SM, 10, submitBody('8'.repeat(20))));
    expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', command_status: 0, sequence_number: 10 });
    await finish(peer);
  });

  it('answers submit_sm before bind with ESME_RINVBNDSTS and never hands it to the handler', async () => {
    let handled = 0;
    server.options.onRequest = () => {
      handled++;
      return { message_id: 'nope' };
    };
    const peer = await open(false);
    peer.sendRaw(frame(SUBMIT_SM, 5, submitBody('8613800138000')));
    expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', command_status: CommandStatus.ESME_RINVBNDSTS, sequence_number: 5 });
    expect(handled).toBe(0);
    peer.destroy();
    await waitUntil(server, 'sessionClosed', () => server.sessions.size === 0);
  });

  it('answers a second bind with ESME_RALYBND and stays bound', async () => {
    const peer = await open(true);
    for (const [command, sequence] of [['bind_transceiver', 2], ['bind_transmitter', 3]] as const) {
      peer.send({ command, sequence_number: sequence, system_id: 'fuzz', password: 'pw', interface_version: 0x34 });
      const response = await peer.next();
      expect(response).toMatchObject({ command: `${command}_resp`, command_status: CommandStatus.ESME_RALYBND, sequence_number: sequence });
    }
    peer.sendRaw(frame(SUBMIT_SM, 4, submitBody('8613800138000')));
    expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', command_status: 0, sequence_number: 4 });
    expect(server.stats().sessions[0]).toMatchObject({ state: 'bound_trx', systemId: 'fuzz' });
    await finish(peer);
  });

  it('answers a submit_sm whose body stops inside the mandatory fields with ESME_RINVCMDLEN', async () => {
    const peer = await open(true);
    // service_type, source ton/npi, source_addr, then only dest_addr_ton: the frame is whole, its body is not.
    const body = submitBody('8613800138000').subarray(0, 1 + 2 + 8 + 1);
    peer.sendRaw(frame(SUBMIT_SM, 12, body));
    expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', command_status: CommandStatus.ESME_RINVCMDLEN, sequence_number: 12 });
    // sm_length promising more octets than the frame holds.
    const short = submitBody('8613800138000', Buffer.from('hello'));
    peer.sendRaw(frame(SUBMIT_SM, 13, short.subarray(0, short.length - 2)));
    const answer = await peer.next();
    expect(answer).toMatchObject({ command: 'submit_sm_resp', sequence_number: 13 });
    expect(answer.command_status).not.toBe(0);
    peer.sendRaw(frame(SUBMIT_SM, 14, submitBody('8613800138000')));
    expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', command_status: 0, sequence_number: 14 });
    await finish(peer);
  });

  it('closes quietly when a frame never completes (peer sends half a PDU and ends)', async () => {
    const peer = await open(true);
    const whole = frame(SUBMIT_SM, 20, submitBody('8613800138000'));
    peer.sendRaw(whole.subarray(0, whole.length - 10));
    peer.socket.end();
    await peer.waitClosed();
    expect(peer.frames.map((f) => f.pdu.command)).toEqual(['bind_transceiver_resp']);
    await finish(peer);
  });

  it('answers a TLV that runs past the end of the PDU with ESME_RINVOPTPARSTREAM', async () => {
    const peer = await open(true);
    // message_payload (0x0424) claiming 200 octets with 3 present.
    const tlv = Buffer.from([0x04, 0x24, 0x00, 0xc8, 0x61, 0x62, 0x63]);
    peer.sendRaw(frame(SUBMIT_SM, 30, Buffer.concat([submitBody('8613800138000'), tlv])));
    const answer = await peer.nextOrClose();
    expect(answer?.pdu).toMatchObject({ command: 'submit_sm_resp', command_status: CommandStatus.ESME_RINVOPTPARSTREAM, sequence_number: 30 });
    expect(answer?.bytes.length).toBe(16);
    // A TLV header cut short is the same error.
    peer.sendRaw(frame(SUBMIT_SM, 31, Buffer.concat([submitBody('8613800138000'), Buffer.from([0x04, 0x24, 0x00])])));
    expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', command_status: CommandStatus.ESME_RINVOPTPARSTREAM, sequence_number: 31 });
    peer.sendRaw(frame(SUBMIT_SM, 32, submitBody('8613800138000')));
    expect(await peer.next()).toMatchObject({ command: 'submit_sm_resp', command_status: 0, sequence_number: 32 });
    await finish(peer);
  });
});
