// Pure helpers of the policy console pages: content-check marks and the segment CSV editor.
import { describe, expect, it } from 'vitest';
import { csvToRows, rowsToCsv } from '../../../web/src/pages/numbers/segment-rows.ts';
import { markedPieces } from '../../../web/src/pages/sensitive-words/marked-pieces.ts';

describe('markedPieces', () => {
  it('marks one range and leaves the rest plain', () => {
    expect(markedPieces(10, [{ start: 3, end: 5 }])).toEqual([
      { start: 0, end: 3, marked: false },
      { start: 3, end: 5, marked: true },
      { start: 5, end: 10, marked: false },
    ]);
  });

  it('merges overlapping and nested matches (代开发票 holding 发票) into one mark', () => {
    expect(markedPieces(8, [{ start: 2, end: 6 }, { start: 4, end: 6 }, { start: 5, end: 7 }])).toEqual([
      { start: 0, end: 2, marked: false },
      { start: 2, end: 7, marked: true },
      { start: 7, end: 8, marked: false },
    ]);
  });

  it('joins adjacent matches into one mark, and leaves a text without matches whole', () => {
    expect(markedPieces(4, [{ start: 0, end: 2 }, { start: 2, end: 4 }])).toEqual([{ start: 0, end: 4, marked: true }]);
    expect(markedPieces(4, [])).toEqual([{ start: 0, end: 4, marked: false }]);
    expect(markedPieces(0, [])).toEqual([]);
  });
});

describe('segment CSV', () => {
  it('reads prefix,carrier[,virtual][,kind], skipping blanks and comments', () => {
    expect(csvToRows('# mine\n1349, CMCC\n\n170,cucc,virtual\n14400,cmcc,iot\n')).toEqual([
      { prefix: '1349', carrier: 'cmcc' },
      { prefix: '170', carrier: 'cucc', virtual: true },
      { prefix: '14400', carrier: 'cmcc', kind: 'iot' },
    ]);
  });

  it('writes rows back to the same lines', () => {
    const rows = [
      { prefix: '1349', carrier: 'cmcc', virtual: false, kind: 'mobile' },
      { prefix: '170', carrier: 'cucc', virtual: true, kind: 'data' },
    ];
    expect(rowsToCsv(rows)).toBe('1349,cmcc\n170,cucc,virtual,data');
    expect(csvToRows(rowsToCsv(rows))).toEqual([
      { prefix: '1349', carrier: 'cmcc' },
      { prefix: '170', carrier: 'cucc', virtual: true, kind: 'data' },
    ]);
  });
});
