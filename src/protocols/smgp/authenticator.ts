// Login authenticators of SMGP 3.0 (smgp.md 4): what the SP proves and what the SMGW proves back.
import { createHash } from 'node:crypto';
import { timestampText } from './smgp-time.ts';

/** Spec 5.2.1: at most 15 octets of shared secret. */
export const MAX_SECRET_LENGTH = 15;

/**
 * AuthenticatorClient = MD5(ClientID ‖ 7 × 0x00 ‖ secret ‖ MMDDHHMMSS). The ClientID is hashed as
 * given, not padded to 8, as the deployed implementations do (smgp.md 13.2); ids are 8 characters.
 */
export function authenticatorClient(clientId: string, secret: string, timestamp: number): Buffer {
  return createHash('md5')
    .update(Buffer.from(clientId, 'latin1'))
    .update(Buffer.alloc(7))
    .update(Buffer.from(secret, 'latin1'))
    .update(timestampText(timestamp), 'latin1')
    .digest();
}

/** AuthenticatorServer = MD5(Status as 4 octets big-endian ‖ AuthenticatorClient ‖ secret) (smgp.md 4.2). */
export function authenticatorServer(status: number, client: Uint8Array, secret: string): Buffer {
  const statusOctets = Buffer.alloc(4);
  statusOctets.writeUInt32BE(status >>> 0, 0);
  return createHash('md5').update(statusOctets).update(client).update(Buffer.from(secret, 'latin1')).digest();
}
