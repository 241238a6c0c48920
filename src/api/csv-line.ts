// One RFC 4180 CSV line: fields quoted when needed, and text cells that a spreadsheet would run as a
// formula (starting with = + - @) prefixed with an apostrophe.

export type CsvCell = string | number | null;

function cell(value: CsvCell, guard: boolean): string {
  if (value === null) return '';
  let text = String(value);
  if (guard && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `free` marks the columns holding free text (message text, error messages): those get the formula guard. */
export function csvLine(values: CsvCell[], free: ReadonlySet<number> = new Set()): string {
  return `${values.map((v, i) => cell(v, free.has(i))).join(',')}\r\n`;
}

/** Excel opens UTF-8 CSV (Chinese text) correctly only with a byte-order mark. */
export const CSV_BOM = '\uFEFF';
