// Promise wrappers around node-smpp (npm `smpp`), the independent implementation used by the interop tests.
import type { AddressInfo } from 'node:net';
import smpp, { type NodeSmppMessage, type NodeSmppPdu, type NodeSmppServer, type NodeSmppSession } from 'smpp';
import { waitForEvent, withTimeout } from './wait-for.ts';

export type { NodeSmppMessage, NodeSmppPdu, NodeSmppServer, NodeSmppSession };

type Command = 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver' | 'submit_sm' | 'deliver_sm' | 'enquire_link' | 'unbind';

/** Sends a request through node-smpp and resolves with the response it decoded. */
export function nodeSmppRequest(session: NodeSmppSession, command: Command, options: Record<string, unknown> = {}, ms = 2000): Promise<NodeSmppPdu> {
  const answered = new Promise<NodeSmppPdu>((resolve, reject) => {
    if (!session[command](options, resolve)) reject(new Error(`node-smpp could not send ${command}: socket not writable`));
  });
  return withTimeout(answered, ms, `node-smpp ${command} response`);
}

/** A node-smpp ESME session connected to 127.0.0.1:port; socket errors are collected, not thrown. */
export async function nodeSmppConnect(port: number, errors: Error[] = []): Promise<NodeSmppSession> {
  const session = smpp.connect({ host: '127.0.0.1', port });
  session.on('error', (error: Error) => errors.push(error));
  await waitForEvent(session, 'connect');
  return session;
}

/** A node-smpp SMSC listening on an ephemeral port of 127.0.0.1. */
export async function nodeSmppListen(onSession: (session: NodeSmppSession) => void): Promise<{ server: NodeSmppServer; port: number }> {
  const server = smpp.createServer({}, onSession);
  await withTimeout(new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())), 2000, 'node-smpp listen');
  return { server, port: (server.address() as AddressInfo).port };
}

/** Drops every node-smpp server session and stops listening. */
export function nodeSmppClose(server: NodeSmppServer): Promise<void> {
  for (const session of [...server.sessions]) session.destroy();
  return withTimeout(new Promise<void>((resolve) => server.close(() => resolve())), 2000, 'node-smpp server close');
}

/** node-smpp decodes short_message and message_payload into { message, udh }; anything else is a test failure. */
export function decodedMessage(value: unknown): NodeSmppMessage {
  if (typeof value !== 'object' || value === null || !('message' in value)) throw new Error(`not a node-smpp message: ${String(value)}`);
  return value as NodeSmppMessage;
}
