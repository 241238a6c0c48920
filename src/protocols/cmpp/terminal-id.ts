// Terminal ids (MSISDNs) as CMPP carries them and as E.164: '86' / '+86' prefixes are optional on the wire (cmpp.md 5).

/**
 * Dest_terminal_Id / Src_terminal_Id for a number: a Chinese number ('+86…' or '86…') without its
 * country code in 'national' form ('+8613800138000' → '13800138000'), all digits otherwise.
 */
export function terminalIdOf(number: string, format: 'national' | 'international' = 'national'): string {
  const digits = number.trim().replace(/^\+/, '');
  if (format === 'national' && digits.startsWith('86') && digits.length > 2) return digits.slice(2);
  return digits;
}

/** A terminal id as E.164 when it is a Chinese mobile number in either form ('13800138000', '8613800138000'); otherwise as sent. */
export function e164OfTerminalId(terminal: string): string {
  const digits = terminal.trim().replace(/^\+/, '');
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^861\d{10}$/.test(digits)) return `+${digits}`;
  return terminal.trim();
}
