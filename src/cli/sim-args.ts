// What every `kuaixin sim --protocol …` shares: JSON log lines, credential lists and outcome weights.

/** One JSON line on stdout, which benches and operators' scripts read. */
export function log(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
}

/** `ID:SECRET,ID:SECRET` → { ID: SECRET }; `shape` names the pair in the error, e.g. "SP_ID:SECRET". */
export function parseCredentials(flag: string, shape: string, text: string): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const colon = pair.indexOf(':');
    if (colon <= 0) throw new Error(`${flag} expects ${shape} pairs, got '${pair}'`);
    credentials[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return credentials;
}

/**
 * `KEY=WEIGHT,…` → { KEY: WEIGHT }, keys upper-cased. `checkKey` throws for a key the simulator
 * cannot produce (stat words such as MK:0005 contain ':' but never '=', hence the last '=').
 */
export function parseWeights<K extends string>(flag: string, text: string, checkKey: (key: string) => K): Record<K, number> {
  // Only the keys given are set.
  const weights = {} as Record<K, number>;
  for (const entry of text.split(',')) {
    const equals = entry.lastIndexOf('=');
    if (equals <= 0) throw new Error(`${flag} expects KEY=WEIGHT, got '${entry}'`);
    const key = checkKey(entry.slice(0, equals).trim().toUpperCase());
    const weight = entry.slice(equals + 1);
    const value = Number(weight);
    if (weight.trim() === '' || !(value >= 0)) throw new Error(`${flag}: weight of ${key} must be a number ≥ 0, got '${weight}'`);
    weights[key] = value;
  }
  return weights;
}
