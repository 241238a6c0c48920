// Streams an audience's contacts out as CSV (UTF-8 with BOM, for Excel) or XLSX, one page at a time.
// Columns: number, name, tags, then every custom field seen (found by a first pass over the same pages).
import { PassThrough, Readable } from 'node:stream';
import { loadExcelJs } from './exceljs.ts';
import type { Contact, ContactRepository } from '../../store/types.ts';
import { audiencePages, type Audience } from './contact-audience.ts';

const PAGE = 2000;
/** A text cell starting like a formula is opened as text by spreadsheet programs (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

async function fieldKeys(repo: ContactRepository, accountId: string, audience: Audience): Promise<string[]> {
  const keys = new Set<string>();
  for await (const page of audiencePages(repo, accountId, audience, { pageSize: PAGE })) {
    for (const c of page) for (const k of Object.keys(c.fields)) keys.add(k);
  }
  return [...keys];
}

function values(c: Contact, keys: string[]): string[] {
  return [c.number, c.name, c.tags.join(','), ...keys.map((k) => c.fields[k] ?? '')];
}

/** One CSV cell, quoted when needed; `isNumber` lets an E.164 number keep its leading '+'. */
export function csvCell(value: string, isNumber = false): string {
  const safe = FORMULA_START.test(value) && !(isNumber && /^\+\d+$/.test(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function exportCsv(repo: ContactRepository, accountId: string, audience: Audience): Readable {
  return Readable.from((async function* () {
    const keys = await fieldKeys(repo, accountId, audience);
    yield `\uFEFF${['number', 'name', 'tags', ...keys].map((h) => csvCell(h)).join(',')}\r\n`;
    for await (const page of audiencePages(repo, accountId, audience, { pageSize: PAGE })) {
      yield page.map((c) => values(c, keys).map((v, i) => csvCell(v, i === 0)).join(',')).join('\r\n') + '\r\n';
    }
  })(), { objectMode: false });
}

export function exportXlsx(repo: ContactRepository, accountId: string, audience: Audience): Readable {
  const out = new PassThrough();
  void (async () => {
    const keys = await fieldKeys(repo, accountId, audience);
    const { stream } = await loadExcelJs();
    const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet('contacts');
    sheet.addRow(['number', 'name', 'tags', ...keys]).commit();
    for await (const page of audiencePages(repo, accountId, audience, { pageSize: PAGE })) {
      for (const c of page) sheet.addRow(values(c, keys)).commit();
      // Wait for the reader when the zip output backs up, so a slow download does not fill memory.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
