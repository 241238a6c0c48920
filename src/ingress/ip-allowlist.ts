// Whether a peer address is on a credential's allowlist: exact addresses or IPv4 CIDR blocks.
import { isIPv4 } from 'node:net';

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1"; IPv6 lower-cased. */
export function canonicalAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && isIPv4(a.slice(7)) ? a.slice(7) : a;
}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((n, octet) => ((n << 8) | Number(octet)) >>> 0, 0);
}

function matches(address: string, entry: string): boolean {
  const slash = entry.indexOf('/');
  if (slash < 0) return canonicalAddress(entry) === address;
  const base = entry.slice(0, slash);
  const bits = Number(entry.slice(slash + 1));
  // Only IPv4 blocks are supported; anything else never matches rather than matching too much.
  if (!isIPv4(base) || !isIPv4(address) || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipv4ToInt(base) & mask) >>> 0) === ((ipv4ToInt(address) & mask) >>> 0);
}

/** An empty allowlist allows every address. */
export function ipAllowed(address: string, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  const peer = canonicalAddress(address);
  return allowlist.some((entry) => matches(peer, entry.trim()));
}
