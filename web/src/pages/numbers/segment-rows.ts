// The operator's segment rows as editable CSV lines (prefix,carrier,virtual,kind) and back.

export interface SegmentRow {
  prefix: string;
  carrier: string;
  virtual: boolean;
  kind: string;
}

export function rowsToCsv(rows: SegmentRow[]): string {
  return rows.map((r) => [r.prefix, r.carrier, r.virtual ? 'virtual' : '', r.kind === 'mobile' ? '' : r.kind].join(',').replace(/,+$/, '')).join('\n');
}

/**
 * One row a line: `prefix,carrier[,virtual][,kind]`; blank lines and lines starting with # are skipped.
 * Values are passed as typed; the API validates them and names the bad row (segments[i].prefix).
 */
export function csvToRows(text: string): { prefix: string; carrier: string; virtual?: boolean; kind?: string }[] {
  const rows: { prefix: string; carrier: string; virtual?: boolean; kind?: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const [prefix = '', carrier = '', ...flags] = trimmed.split(/[,\t]/).map((c) => c.trim().toLowerCase());
    const virtual = flags.some((f) => f === 'virtual' || f === 'true');
    const kind = flags.find((f) => f === 'mobile' || f === 'data' || f === 'iot');
    rows.push({ prefix, carrier, ...(virtual ? { virtual } : {}), ...(kind ? { kind } : {}) });
  }
  return rows;
}
