// CMPP protocol versions: the two wire layouts we speak and the Version octet that names them.

/** '2.0' and '3.0' differ in field widths (cmpp.md sections 4–7); choose per connection from configuration. */
export type CmppVersion = '2.0' | '3.0';

export const CMPP_VERSIONS: readonly CmppVersion[] = ['2.0', '3.0'];

/** The Version octet of CONNECT / CONNECT_RESP: high nibble major, low nibble minor (cmpp.md 4). */
export function versionOctet(version: CmppVersion): number {
  return version === '3.0' ? 0x30 : 0x20;
}

/**
 * The layout a Version octet asks for: 0x2x → '2.0' (0x21 is seen from 2.x peers), 0x3x → '3.0',
 * anything else undefined. Only a hint: configuration decides the layout (cmpp.md 12, pitfall 6).
 */
export function versionFromOctet(octet: number): CmppVersion | undefined {
  const major = octet >> 4;
  if (major === 2) return '2.0';
  if (major === 3) return '3.0';
  return undefined;
}
