import { afterEach, describe, expect, it } from 'vitest';
import { FramedClient } from '../../../src/protocols/shared/framed-client.ts';
import { ResponseStatusError } from '../../../src/protocols/shared/framed-errors.ts';
import { FramedServer } from '../../../src/protocols/shared/framed-server.ts';
import type { FramedSession } from '../../../src/protocols/shared/framed-session.ts';
import { toyDialect, type ToyPdu } from '../../support/toy-dialect.ts';
import { waitForEvent } from '../../support/wait-for.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function startServer(): Promise<FramedServer<ToyPdu>> {
  const server = new FramedServer(toyDialect, {
    onRequest: (pdu, session) => {
      if (pdu.command === 'login') {
        const [name, password] = (pdu.text ?? '').split(':');
        if (password !== 'secret') return { status: 3 };
        session.acceptLogin(name!);
        return {};
      }
      return { text: `${session.identity}:${pdu.text}` };
    },
  });
  await server.listen(0);
  closers.push(() => server.close());
  return server;
}

function client(port: number, name = 'acme', password = 'secret', reconnect: false | { initialMs: number; maxMs: number } = false) {
  const login = async (session: FramedSession<ToyPdu>) => {
    await session.login({ text: `${name}:${password}` }, name);
  };
  const result = new FramedClient(toyDialect, { host: '127.0.0.1', port, reconnect }, login, () => ({ text: 'handled' }));
  closers.push(() => result.close());
  return result;
}

describe('FramedClient and FramedServer', () => {
  it('connect logs in, and requests reach the server as that identity', async () => {
    const server = await startServer();
    const acme = client(server.address.port);
    await acme.connect();
    expect(acme.busy).toBe(false);
    expect((await acme.request('submit', { text: 'hi' })).text).toBe('acme:hi');
    expect(server.stats()).toMatchObject({ connections: 1, ready: 1 });
  });

  it('connect rejects with the refusal when the login fails', async () => {
    const server = await startServer();
    const wrong = client(server.address.port, 'acme', 'nope');
    const error = await wrong.connect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseStatusError);
    expect((error as ResponseStatusError).status).toBe(3);
  });

  it('server requests rotate across the sessions of one identity', async () => {
    const server = await startServer();
    const first = client(server.address.port);
    const second = client(server.address.port);
    await Promise.all([first.connect(), second.connect()]);
    const answers = await Promise.all([1, 2, 3, 4].map(() => server.requestTo('acme', 'submit', { text: 'mo' })));
    expect(answers.every((answer) => answer.text === 'handled')).toBe(true);
    expect(first.stats().requestsReceived).toBe(2);
    expect(second.stats().requestsReceived).toBe(2);
    await expect(server.requestTo('nobody', 'submit', { text: 'x' })).rejects.toThrow('no session logged in as nobody');
  });

  it('reconnects and logs in again after the server drops the connection', async () => {
    const server = await startServer();
    const acme = client(server.address.port, 'acme', 'secret', { initialMs: 10, maxMs: 50 });
    await acme.connect();
    const disconnected = waitForEvent<[string]>(acme, 'disconnected');
    const readyAgain = waitForEvent(acme, 'ready', 3000);
    for (const session of server.sessions) session.destroy('test drops it');
    await disconnected;
    expect(acme.busy).toBe(true);
    await readyAgain;
    expect((await acme.request('submit', { text: 'again' })).text).toBe('acme:again');
    expect(acme.stats().reconnects).toBe(1);
  });
});
