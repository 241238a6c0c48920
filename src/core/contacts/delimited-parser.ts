// A streaming parser for delimited text (RFC 4180 CSV, or a plain list with quoting off): fed chunks of
// text, it hands back the complete records in each, so a million-row file never sits in memory at once.

/** How far an unfinished record may grow (an unclosed quote would otherwise swallow the whole file). */
const MAX_RECORD_CHARS = 1024 * 1024;
const LF = 10;
const CR = 13;
const QUOTE = 34;

export class DelimitedParser {
  private rest = '';
  private first = true;
  /** Records handed out so far: the 1-based line of the next one is records + 1 (blank lines excepted). */
  private records = 0;

  constructor(
    private readonly delimiter: string,
    private readonly quoting: boolean,
  ) {}

  /** The records completed by `chunk`; the unfinished tail waits for the next chunk. */
  push(chunk: string): string[][] {
    let text = this.rest + chunk;
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    const out: string[][] = [];
    const end = this.parse(text, out, false);
    this.rest = text.slice(end);
    if (this.rest.length > MAX_RECORD_CHARS) throw new Error(`row ${this.records + 1} is longer than ${MAX_RECORD_CHARS} characters (a quote that is never closed?)`);
    return out;
  }

  /** The last record, when the input does not end with a line break. Throws on a quote left open. */
  end(): string[][] {
    const out: string[][] = [];
    const stop = this.parse(this.rest, out, true);
    if (stop < this.rest.length) throw new Error(`row ${this.records + 1} has a quote that is never closed`);
    this.rest = '';
    return out;
  }

  /** Parses whole records from `text` into `out`; returns where the first unfinished one starts. */
  private parse(text: string, out: string[][], final: boolean): number {
    const delim = this.delimiter.charCodeAt(0);
    const n = text.length;
    let start = 0;
    let p = 0;
    let cells: string[] = [];
    for (;;) {
      // One field from p.
      let value: string;
      if (this.quoting && text.charCodeAt(p) === QUOTE) {
        let close = text.indexOf('"', p + 1);
        while (close !== -1 && text.charCodeAt(close + 1) === QUOTE) close = text.indexOf('"', close + 2);
        if (close === -1 || (close + 1 >= n && !final)) return start;
        value = text.slice(p + 1, close).replaceAll('""', '"');
        p = close + 1;
        // Text after the closing quote (malformed, but common) stays part of the field.
        const tail = p;
        while (p < n && !isEnd(text.charCodeAt(p), delim)) p++;
        if (p > tail) value += text.slice(tail, p);
      } else {
        const from = p;
        while (p < n && !isEnd(text.charCodeAt(p), delim)) p++;
        value = text.slice(from, p);
      }
      if (p >= n && !final) return start;
      cells.push(value.trim());
      const c = p < n ? text.charCodeAt(p) : -1;
      if (c === delim) {
        p++;
        continue;
      }
      // End of the record: a line break (CRLF, LF or CR) or the end of the input.
      if (c === CR && text.charCodeAt(p + 1) === LF) p += 2;
      else if (c !== -1) p++;
      if (!(cells.length === 1 && cells[0] === '')) {
        out.push(cells);
        this.records++;
      }
      cells = [];
      start = p;
      if (p >= n) return start;
    }
  }
}

function isEnd(c: number, delim: number): boolean {
  return c === delim || c === LF || c === CR;
}
