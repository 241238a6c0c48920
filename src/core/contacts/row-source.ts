// Reads an uploaded file row by row in constant memory: CSV / TXT through DelimitedParser (delimiter sniffed,
// GB18030 files from Chinese Excel decoded), XLSX through exceljs's streaming reader (first sheet only).
import { createReadStream, openSync, readSync, closeSync, type ReadStream } from 'node:fs';
import { loadExcelJs, type ExcelJS } from './exceljs.ts';
import { DelimitedParser } from './delimited-parser.ts';

export type ImportFormat = 'csv' | 'txt' | 'xlsx';

export interface SourceRow {
  /** 1-based position in the file (for xlsx the sheet's row number). */
  rowNo: number;
  cells: string[];
}

export interface RowSource {
  /** Rows in batches (one per chunk read), so the per-row cost stays a loop step, not a promise. */
  rows: AsyncIterable<SourceRow[]>;
  /** Bytes of the file read so far: progress while the row count is not known yet. */
  bytesRead(): number;
}

const SNIFF_BYTES = 64 * 1024;
const DELIMITERS = ['\t', ',', ';', '|'];

function head(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 unless the head of the file is not valid UTF-8 (a character cut at the end of the sample is allowed). */
export function sniffEncoding(sample: Buffer): 'utf-8' | 'gb18030' {
  for (let cut = 0; cut < 4 && cut <= sample.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return 'utf-8';
    } catch {
      // try without the last bytes: the sample may end inside a character
    }
  }
  return 'gb18030';
}

/** The most frequent of tab / comma / semicolon / bar in the first line, or comma. */
export function sniffDelimiter(firstLine: string): string {
  let best = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const n = firstLine.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

function textRows(path: string, format: 'csv' | 'txt', file: ReadStream): AsyncIterable<SourceRow[]> {
  const sample = head(path);
  const encoding = sniffEncoding(sample);
  const firstLine = new TextDecoder(encoding).decode(sample).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  // A .txt is a plain list: a quote there is just a character.
  const parser = new DelimitedParser(sniffDelimiter(firstLine), format === 'csv');
  const decoder = new TextDecoder(encoding);
  return (async function* () {
    let rowNo = 0;
    const numbered = (records: string[][]) => records.map((cells) => ({ rowNo: ++rowNo, cells }));
    for await (const chunk of file as AsyncIterable<Buffer>) {
      const batch = numbered(parser.push(decoder.decode(chunk, { stream: true })));
      if (batch.length > 0) yield batch;
    }
    const last = numbered([...parser.push(decoder.decode()), ...parser.end()]);
    if (last.length > 0) yield last;
  })();
}

/** A cell as the text a user sees: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
    return '';
  }
  return String(value);
}

const XLSX_BATCH = 1000;

function xlsxRows(file: ReadStream): AsyncIterable<SourceRow[]> {
  return (async function* () {
    const { stream } = await loadExcelJs();
    const reader = new stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
    for await (const sheet of reader) {
      let batch: SourceRow[] = [];
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        // row.values is 1-based (index 0 is empty).
        const values = (row.values as unknown[]).slice(1).map(cellText);
        if (values.some((v) => v.trim() !== '')) batch.push({ rowNo: row.number, cells: values });
        if (batch.length >= XLSX_BATCH) [yield batch, (batch = [])];
      }
      if (batch.length > 0) yield batch;
      break;
    }
  })();
}

export function openRows(path: string, format: ImportFormat): RowSource {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  return { rows: format === 'xlsx' ? xlsxRows(file) : textRows(path, format, file), bytesRead: () => file.bytesRead };
}
