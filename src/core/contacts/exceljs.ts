// exceljs loads only when a spreadsheet is read or written: loaded at start it would cost every
// platform about 25 MB of resident memory, and most never import or export Excel files.
import type ExcelJS from 'exceljs';

export type { ExcelJS };

let loading: Promise<typeof ExcelJS> | null = null;

export function loadExcelJs(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((module) => module.default);
  return loading;
}
