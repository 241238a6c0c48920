// Garbage over a real socket into a live SGIP server session: every frame is answered or the link
// dropped, nothing the server writes is broken, and it keeps serving valid requests afterwards.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SgipClient } from '../../../src/protocols/sgip/client.ts';
import { credentialsAuthenticator, SgipServer } from '../../../src/protocols/sgip/server.ts';
import { frame, t, u32, u8 } from '../../support/sgip-hex.ts';
import { RawSgipPeer } from '../../support/raw-sgip-peer.ts';
import { vector, vectorNames } from '../../support/vectors.ts';
import { waitUntil } from '../../support/wait-for.ts';

const RUNS = 40;
const PROBE_COUNTER = 0xffffff00;
let server: SgipServer;
let port: number;
let handled = 0;

beforeAll(async () => {
  server = new SgipServer({
    nodeId: 3010012345,
    idleTimeoutMs: 0,
    authenticate: credentialsAuthenticator({ fuzz: 'pw' }),
    onRequest: (pdu) => {
      handled++;
      return { Result: pdu.command === 'deliver' || pdu.command === 'report' || pdu.command === 'userrpt' ? 0 : 30 };
    },
  });
  ({ port } = await server.listen(0));
});

afterAll(async () => {
  await server.close();
});

const seq = (counter: number) => `${u32(101001)} ${u32(1120203000)} ${u32(counter)}`;
const BIND = frame(u32(61), u32(1), seq(1), u8(2), t('fuzz', 16), t('pw', 16), t('', 8));
const PROBE = frame(u32(79), u32(4), seq(PROBE_COUNTER), t('8613012345678', 21), t('10655001', 21), u8(0), u8(0), u8(0), u32(2), '5444', t('', 8));

/** Binds, sends `garbage` then a valid Deliver, and checks what comes back; then proves the server still serves. */
async function attack(garbage: Buffer): Promise<void> {
  const peer = await RawSgipPeer.connect(port);
  try {
    peer.send(BIND);
    expect(await peer.next()).toMatchObject({ command: 'bind_resp', Result: 0 });
    peer.send(garbage);
    peer.send(PROBE);
    for (let answer = await peer.nextOrClose(300); answer; answer = await peer.nextOrClose(300)) {
      // Everything the server writes is well-formed SGIP; requests only if it unbinds.
      if (answer.command !== 'unbind') expect(answer.command.endsWith('_resp')).toBe(true);
      if (answer.command === 'deliver_resp' && answer.sequence === PROBE_COUNTER) break;
    }
    expect(peer.decodeErrors).toEqual([]);
  } finally {
    peer.destroy();
  }
  await waitUntil(server, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the fuzzed session to close');
  const healthy = new SgipClient({ host: '127.0.0.1', port, nodeId: 101001, loginType: 2, loginName: 'fuzz', loginPassword: 'pw' });
  try {
    await expect(healthy.request('deliver', { UserNumber: '8613012345678', SPNumber: '1', MessageContent: Buffer.from('ok') })).resolves.toMatchObject({ Result: 0 });
  } finally {
    await healthy.close();
  }
  await waitUntil(server, 'sessionClosed', () => server.sessions.size === 0, 2000, 'the health check to close');
}

const KNOWN_IDS = [1, 2, 3, 4, 5, 0x10, 0x11, 0x1000].flatMap((id) => [id, (id | 0x80000000) >>> 0]);

describe('SGIP server under fuzzing', () => {
  it('random octets', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), (bytes) => attack(Buffer.from(bytes))), { numRuns: RUNS });
  });

  it('frames of known commands with random bodies', async () => {
    const framed = fc.array(
      fc.tuple(fc.constantFrom(...KNOWN_IDS, 0x99), fc.nat(), fc.uint8Array({ maxLength: 300 })).map(([id, counter, body]) => frame(u32(20 + body.length), u32(id), seq(counter), Buffer.from(body).toString('hex'))),
      { minLength: 1, maxLength: 4 },
    );
    await fc.assert(fc.asyncProperty(framed, (frames) => attack(Buffer.concat(frames))), { numRuns: RUNS });
  });

  it('valid frames with octets changed, cut or the length lying', async () => {
    const base = fc.constantFrom(...vectorNames('sgip_').map(vector), PROBE);
    const mutated = fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat({ max: 60 })).map(([valid, changes, cut]) => {
      const buf = Buffer.from(valid);
      for (const [at, value] of changes) buf[at % buf.length] = value;
      return buf.subarray(0, Math.max(1, buf.length - cut));
    });
    await fc.assert(fc.asyncProperty(mutated, attack), { numRuns: RUNS });
    expect(handled).toBeGreaterThan(0);
  });

  it('ignores a response nobody asked for, and carries on', async () => {
    const peer = await RawSgipPeer.connect(port);
    peer.send(BIND);
    await peer.next();
    peer.send(Buffer.concat([frame(u32(29), u32(0x80000003), seq(7), u8(0), t('', 8)), PROBE]));
    expect(await peer.next()).toMatchObject({ command: 'deliver_resp', sequence: PROBE_COUNTER });
    peer.destroy();
  });
});
