// Opens a TCP or TLS connection, failing after a timeout instead of waiting on the OS.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

export interface OpenSocketOptions {
  host: string;
  port: number;
  /** true for TLS with default options, or the options for tls.connect. */
  tls?: boolean | ConnectionOptions;
  connectTimeoutMs?: number;
}

export function openSocket(options: OpenSocketOptions): Promise<Socket> {
  const { host, port, tls, connectTimeoutMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const socket: Socket = tls ? tlsConnect({ host, port, ...(tls === true ? {} : tls) }, () => done()) : netConnect({ host, port }, () => done());
    const timer = setTimeout(() => fail(new Error(`connect to ${host}:${port} timed out after ${connectTimeoutMs} ms`)), connectTimeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const done = () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve(socket);
    };
    socket.once('error', fail);
  });
}
