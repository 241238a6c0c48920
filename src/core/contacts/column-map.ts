// Which column of an imported file holds the number, the name and the tags: found from a header row by
// name (手机号 / mobile / 姓名 / …) or given explicitly; every other column becomes a custom field.

export interface ColumnMap {
  /** Whether the first row is a header (and so not a contact). */
  header: boolean;
  /** 0-based column indexes. */
  number: number;
  name: number | null;
  tags: number | null;
  /** The remaining columns, stored under these field names. */
  fields: Array<{ index: number; key: string }>;
}

/** Explicit choices from the request: a header name or a 1-based column number. */
export interface ColumnChoice {
  number?: string;
  name?: string;
}

/** A parsed row before its number is checked. */
export interface RowCandidate {
  number: string;
  name: string;
  fields: Record<string, string>;
  tags: string[];
}

const NUMBER_NAMES = ['手机号', '手机号码', '手机', '号码', '电话', '电话号码', '联系电话', 'mobile', 'phone', 'number', 'tel', 'msisdn', 'cell'];
const NAME_NAMES = ['姓名', '名字', '名称', '联系人', 'name', 'full name', 'fullname'];
const TAG_NAMES = ['标签', 'tags', 'tag'];
const TAG_SPLIT = /[,;|，；、]+/;
/** Field names are kept short and printable; a long or empty header gets its column's position instead. */
const MAX_KEY = 64;

const canonical = (cell: string) => cell.trim().toLowerCase().replace(/[\s_]+/g, ' ');
const findName = (cells: string[], names: string[]) => cells.findIndex((c) => names.includes(canonical(c)));

/** `choice` as a 0-based index into `cells` (a header name, or a 1-based column number), or -1. */
function chosen(choice: string | undefined, cells: string[], header: boolean): number {
  if (choice === undefined) return -1;
  if (/^\d+$/.test(choice)) return Number(choice) - 1;
  return header ? cells.findIndex((c) => canonical(c) === canonical(choice)) : -1;
}

/**
 * Reads the mapping from the first row. It is a header when a cell is a known column name, or when no
 * cell looks like a phone number (a header-less file starts with a contact). Throws a message naming
 * the problem when the number column cannot be found.
 */
export function detectColumns(first: string[], looksLikeNumber: (cell: string) => boolean, choice: ColumnChoice = {}): ColumnMap {
  const known = [NUMBER_NAMES, NAME_NAMES, TAG_NAMES].some((names) => findName(first, names) >= 0);
  const header = known || (first.length > 0 && !first.some(looksLikeNumber) && choice.number === undefined) || (choice.number !== undefined && !/^\d+$/.test(choice.number));
  let number = chosen(choice.number, first, header);
  if (choice.number !== undefined && (number < 0 || number >= Math.max(first.length, 1))) throw new Error(`no column ${JSON.stringify(choice.number)} in the file`);
  if (number < 0) number = header ? findName(first, NUMBER_NAMES) : Math.max(0, first.findIndex(looksLikeNumber));
  if (number < 0) throw new Error('no number column: name it 手机号 / 号码 / mobile / phone / number, or choose it');
  let name = chosen(choice.name, first, header);
  if (choice.name !== undefined && (name < 0 || name === number)) throw new Error(`no column ${JSON.stringify(choice.name)} for the name`);
  if (name < 0) name = header ? findName(first, NAME_NAMES) : first.length > 1 ? (number === 0 ? 1 : 0) : -1;
  const tags = header ? findName(first, TAG_NAMES) : -1;
  const fields: ColumnMap['fields'] = [];
  const used = new Set<string>();
  first.forEach((cell, index) => {
    if (index === number || index === name || index === tags) return;
    let key = header ? cell.trim() : '';
    if (key === '' || key.length > MAX_KEY || used.has(key)) key = `col${index + 1}`;
    used.add(key);
    fields.push({ index, key });
  });
  return { header, number, name: name < 0 ? null : name, tags: tags < 0 ? null : tags, fields };
}

/** One data row under the mapping; empty cells are left out of the fields. Columns past the header are ignored. */
export function mapRow(cells: string[], map: ColumnMap): RowCandidate {
  const cell = (i: number | null) => (i === null ? '' : (cells[i] ?? '').trim());
  const fields: Record<string, string> = {};
  for (const f of map.fields) {
    const value = cell(f.index);
    if (value !== '') fields[f.key] = value;
  }
  const tagCell = cell(map.tags);
  // Most rows have no tags: no split, no set, for a million of them.
  const tags = tagCell === '' ? [] : [...new Set(tagCell.split(TAG_SPLIT).map((t) => t.trim()).filter((t) => t !== ''))];
  return { number: cell(map.number), name: cell(map.name), fields, tags };
}
