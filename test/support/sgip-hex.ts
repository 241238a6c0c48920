// Builds expected SGIP frames by hand, field by field from the layouts in sgip.md, so golden tests
// never compare the encoder with itself.

/** `value` as ASCII octets, right-padded with 0x00 to `width`. */
export function t(value: string, width: number): string {
  return Buffer.from(value, 'latin1').toString('hex').padEnd(width * 2, '0');
}

export function u8(value: number): string {
  return value.toString(16).padStart(2, '0');
}

export function u32(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Concatenates hex pieces (blanks ignored) into a frame. */
export function frame(...pieces: string[]): Buffer {
  return Buffer.from(pieces.join('').replace(/\s+/g, ''), 'hex');
}
