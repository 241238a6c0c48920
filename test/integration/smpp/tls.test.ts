// SMPP over TLS on both sides: our server with a certificate, our client verifying it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmppClient } from '../../../src/protocols/smpp/client.ts';
import { SmppServer } from '../../../src/protocols/smpp/server.ts';

describe('SMPP over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-tls-'));
  let key: Buffer;
  let cert: Buffer;
  let server: SmppServer;

  beforeAll(async () => {
    // A throwaway self-signed certificate for 127.0.0.1, made by the system's openssl.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
    server = new SmppServer({ tls: { key, cert }, authenticate: () => ({ status: 0 }), onRequest: (pdu) => (pdu.command === 'submit_sm' ? { message_id: 'tls-1' } : undefined) });
    await server.listen(0);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds and submits over an encrypted connection whose certificate the client checks', async () => {
    const client = new SmppClient({ host: '127.0.0.1', port: server.address.port, tls: { ca: cert }, system_id: 'esme', password: 'pw', reconnect: false });
    await client.connect();
    expect(client.currentSession?.socket.constructor.name).toBe('TLSSocket');
    await expect(client.submit({ destination_addr: '8613800138000', short_message: Buffer.from('secret') })).resolves.toMatchObject({ message_id: 'tls-1' });
    await client.close();
  });

  it('refuses a server whose certificate it does not trust', async () => {
    const client = new SmppClient({ host: '127.0.0.1', port: server.address.port, tls: true, system_id: 'esme', password: 'pw', reconnect: false });
    await expect(client.connect()).rejects.toThrow(/self[- ]signed|certificate/i);
    await client.close();
  });
});
