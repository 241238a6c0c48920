// Raw CGI parameters of a Kannel-style request: kept as octets, because the text's charset is only
// known from another parameter (Fastify's own parsing would have decoded it as UTF-8 already).

/** Parameters by name; the first occurrence wins, as with Kannel's http_cgi_variable. */
export type Form = Map<string, Buffer>;

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** application/x-www-form-urlencoded → octets: '+' is a space, %XX an octet; a stray '%' stays as it is. */
export function percentDecode(input: Buffer): Buffer {
  const out = Buffer.alloc(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === 0x2b) out[n++] = 0x20;
    else if (c === 0x25 && i + 2 < input.length && hexValue(input[i + 1]) >= 0 && hexValue(input[i + 2]) >= 0) {
      out[n++] = hexValue(input[i + 1]) * 16 + hexValue(input[i + 2]);
      i += 2;
    } else out[n++] = c;
  }
  return out.subarray(0, n);
}

/** Adds the pairs of a query string or form body to `into` (names already there are kept). */
export function parseForm(raw: Buffer | string, into: Form = new Map()): Form {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x26, start);
    if (end < 0) end = bytes.length;
    const pair = bytes.subarray(start, end);
    if (pair.length > 0) {
      const eq = pair.indexOf(0x3d);
      const name = percentDecode(eq < 0 ? pair : pair.subarray(0, eq)).toString('utf8');
      const value = eq < 0 ? Buffer.alloc(0) : percentDecode(pair.subarray(eq + 1));
      if (!into.has(name)) into.set(name, value);
    }
    start = end + 1;
  }
  return into;
}

/** A parameter as text (names, numbers, URLs: ASCII in practice), or undefined when absent. */
export function formString(form: Form, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = form.get(name);
    if (value !== undefined) return value.toString('utf8');
  }
  return undefined;
}
