// Compiles a list of fixed-width field descriptors into a straight-line decoder and encoder.
//
// Why generate code: an interpreter that stores fields by name (`pdu[field.name] = …`) makes V8 use
// slow keyed access, and a per-field bounds check dominates short fields. The generated functions
// check each run of fixed-width fields once, read at constant offsets, and build the decoded object
// with a single literal so every PDU of a layout shares one hidden class. The generated source only
// ever contains the table's own names (JSON-quoted) and numbers, never input data.
import * as io from './fixed-field-io.ts';
import {
  fixedWidthOf,
  type CountField,
  type DecodedFields,
  type FieldsInput,
  type FixedField,
  type TextListField,
  type VarOctetsField,
} from './fixed-fields.ts';
import { TlvTable } from './tlv-area.ts';

export interface LayoutOptions {
  /**
   * Properties placed first in every decoded object and filled from decode()'s trailing arguments,
   * e.g. `['command', 'Sequence_Id']`: a protocol codec gets its whole PDU as one object of one shape.
   */
  readonly envelope?: readonly string[];
  /** Ignore octets after the last field instead of failing with `bad_length`. */
  readonly allowTrailing?: boolean;
}

type Decoder = (buf: Buffer, start: number, end: number, commandId?: number, sequenceNumber?: number, ...envelope: unknown[]) => unknown;
type Sizer = (value: unknown) => number;
type Writer = (buf: Buffer, offset: number, value: unknown) => number;

/** One PDU body layout, compiled. Create once at module load, use for every PDU. */
export class FixedLayout<F extends readonly FixedField[]> {
  /** Body octets when every variable field is empty: the size of the whole body for a fixed layout. */
  readonly fixedSize: number;
  /** True when no field is variable, i.e. every body of this layout is `fixedSize` octets. */
  readonly isFixed: boolean;

  /**
   * Decodes the body in buf[start, end). Throws PduDecodeError only: `truncated` (a field runs past
   * `end`), `bad_value` (a count outside its limits), `bad_optional` (broken TLV area) or
   * `bad_length` (octets left after the last field), each naming the field and absolute offset and
   * labelled with `commandId` / `sequenceNumber`. Octet fields are views into `buf`, not copies.
   */
  readonly decode: (buf: Buffer, start: number, end: number, commandId?: number, sequenceNumber?: number, ...envelope: unknown[]) => DecodedFields<F>;
  /** Body octets `value` encodes to. Validates every variable field; throws PduEncodeError naming the field. */
  readonly size: (value: FieldsInput<F>) => number;
  /**
   * Writes `value` at `offset` and returns the offset after it. `buf` must have room for size(value)
   * octets, and size() must have accepted the value. Throws PduEncodeError for a value that does not
   * fit its field (text too long, integer out of range, bad hex).
   */
  readonly write: (buf: Buffer, offset: number, value: FieldsInput<F>) => number;

  constructor(
    readonly name: string,
    readonly fields: F,
    options: LayoutOptions = {},
  ) {
    const envelope = options.envelope ?? [];
    validate(name, fields, envelope);
    const widths = fields.map(fixedWidthOf);
    this.fixedSize = widths.reduce<number>((sum, width) => sum + (width ?? 0), 0);
    this.isFixed = widths.every((width) => width !== undefined);
    const tables = fields.map((field) => (field.kind === 'tlvs' ? new TlvTable(field.name, field.tags) : undefined));
    const runs = fixedRuns(fields);
    this.decode = compileDecoder(name, fields, runs, tables, envelope, options.allowTrailing ?? false) as FixedLayout<F>['decode'];
    this.size = compileSizer(name, fields, this.fixedSize, tables) as FixedLayout<F>['size'];
    this.write = compileWriter(name, fields, runs, tables) as FixedLayout<F>['write'];
  }

  /** The encoded body in a new buffer, after `headroom` octets left for the caller's header. */
  encode(value: FieldsInput<F>, headroom = 0): Buffer {
    const size = this.size(value);
    const buf = Buffer.allocUnsafe(headroom + size);
    this.write(buf, headroom, value);
    return buf;
  }
}

/** Compiles `fields` (see fixed-fields.ts for the descriptors) into a layout. */
export function compileLayout<const F extends readonly FixedField[]>(name: string, fields: F, options?: LayoutOptions): FixedLayout<F> {
  return new FixedLayout(name, fields, options);
}

const quote = JSON.stringify;
// A plain copy: reading through a module namespace goes through getters on every call.
const helpers = { ...io };
const MAX_BY_WIDTH = { 1: 0xff, 2: 0xffff, 4: 0xffffffff } as const;

/** A field in a run of fixed-width fields, at a constant offset from the run's start. */
interface Placed {
  field: FixedField;
  index: number;
  at: number;
}

interface Run {
  fields: Placed[];
  width: number;
}

/** Groups consecutive fixed-width fields into runs; each variable field is a step of its own. */
function fixedRuns(fields: readonly FixedField[]): Array<Run | { variable: FixedField; index: number }> {
  const out: Array<Run | { variable: FixedField; index: number }> = [];
  let run: Run | undefined;
  fields.forEach((field, index) => {
    const width = fixedWidthOf(field);
    if (width === undefined) {
      run = undefined;
      out.push({ variable: field, index });
      return;
    }
    if (!run) {
      run = { fields: [], width: 0 };
      out.push(run);
    }
    run.fields.push({ field, index, at: run.width });
    run.width += width;
  });
  return out;
}

type Step = ReturnType<typeof fixedRuns>[number];

/** The field whose length or count a count field holds. */
function referrerOf(fields: readonly FixedField[], count: CountField): VarOctetsField | TextListField {
  return fields.find((f) => (f.kind === 'var_octets' || f.kind === 'text_list') && f.countFrom === count.name) as VarOctetsField | TextListField;
}

/** Limits a count must respect, clamped to what its field can hold. */
function countLimits(fields: readonly FixedField[], count: CountField): { min: number; max: number } {
  const referrer = referrerOf(fields, count);
  const min = referrer.kind === 'text_list' ? referrer.min : 0;
  return { min, max: Math.min(referrer.max, MAX_BY_WIDTH[count.width]) };
}

function readExpression(field: FixedField, at: string, index: number): string {
  switch (field.kind) {
    case 'uint':
    case 'count':
      if (field.width === 1) return `b[${at}]`;
      if (field.width === 2) return `((b[${at}] << 8) | b[${at} + 1])`;
      return `(((b[${at}] << 24) | (b[${at} + 1] << 16) | (b[${at} + 2] << 8) | b[${at} + 3]) >>> 0)`;
    case 'text':
      return `h.readTextRepeated(b, ${at}, ${field.width}, M[${index}])`;
    case 'hex':
      return `h.readHex(b, ${at}, ${field.width})`;
    case 'octets':
      return `b.subarray(${at}, ${at} + ${field.width})`;
    default:
      throw new Error(`${field.kind} is not fixed-width`);
  }
}

function compileDecoder(
  name: string,
  fields: readonly FixedField[],
  steps: Step[],
  tables: Array<TlvTable | undefined>,
  envelope: readonly string[],
  allowTrailing: boolean,
): Decoder {
  const lines = ['let o = s;'];
  const runs: Placed[][] = [];
  for (const step of steps) {
    if ('fields' in step) {
      lines.push(`if (e - o < ${step.width}) h.truncatedRun(R[${runs.length}], o, e, c, q);`);
      runs.push(step.fields);
      for (const { field, index, at } of step.fields) {
        const local = field.kind === 'count' ? `n${index}` : `f${index}`;
        lines.push(`const ${local} = ${readExpression(field, `o + ${at}`, index)};`);
        if (field.kind === 'count') {
          const { min, max } = countLimits(fields, field);
          if (min > 0 || max < MAX_BY_WIDTH[field.width]) {
            lines.push(
              `if (${local} < ${min} || ${local} > ${max}) h.decodeFail('bad_value', ${quote(field.name)} + ' ' + ${local} + ' not in ${min}..${max}', ${quote(field.name)}, o + ${at}, c, q);`,
            );
          }
        }
      }
      lines.push(`o += ${step.width};`);
      continue;
    }
    const { variable: field, index } = step;
    if (field.kind === 'var_octets') {
      const n = `n${fields.findIndex((f) => f.name === field.countFrom)}`;
      lines.push(`if (e - o < ${n}) h.decodeFail('truncated', 'needs ' + ${n} + ' octet(s), ' + (e - o) + ' left', ${quote(field.name)}, o, c, q);`);
      lines.push(`const f${index} = b.subarray(o, o + ${n});`, `o += ${n};`);
    } else if (field.kind === 'text_list') {
      const n = `n${fields.findIndex((f) => f.name === field.countFrom)}`;
      lines.push(`if (e - o < ${n} * ${field.width}) h.decodeFail('truncated', ${n} + ' × ${field.width} octets needed, ' + (e - o) + ' left', ${quote(field.name)}, o, c, q);`);
      lines.push(`const f${index} = [];`, `for (let i = 0; i < ${n}; i++, o += ${field.width}) f${index}.push(h.readText(b, o, ${field.width}));`);
    } else if (field.kind === 'tlvs') {
      lines.push(`const f${index} = T[${index}].read(b, o, e, c, q);`, 'o = e;');
    }
  }
  if (!allowTrailing) {
    lines.push(`if (o !== e) h.decodeFail('bad_length', (e - o) + ' octet(s) after the last field', ${quote(name)}, o, c, q);`);
  }
  const properties = [
    ...envelope.map((key, i) => `${quote(key)}: v${i}`),
    ...fields.flatMap((field, i) => (field.kind === 'count' ? [] : [`${quote(field.name)}: f${i}`])),
  ];
  lines.push(`return { ${properties.join(', ')} };`);
  const params = ['b', 's', 'e', 'c', 'q', ...envelope.map((_, i) => `v${i}`)].join(', ');
  const source = `return function decode_${identifier(name)}(${params}) {\n${lines.join('\n')}\n};`;
  // One memo per text field: the string it decoded to last (readTextRepeated).
  const memos = fields.map(() => ({ last: '' }));
  return new Function('h', 'R', 'T', 'M', source)(helpers, runs.map((run) => run.map((p) => p.field)), tables, memos) as Decoder;
}

function compileSizer(name: string, fields: readonly FixedField[], fixedSize: number, tables: Array<TlvTable | undefined>): Sizer {
  const terms = [String(fixedSize)];
  fields.forEach((field, index) => {
    if (field.kind === 'var_octets') terms.push(`h.varOctetsLength(p[${quote(field.name)}], ${limitOf(fields, field)}, ${quote(field.name)})`);
    if (field.kind === 'text_list') terms.push(`${field.width} * h.textListLength(p[${quote(field.name)}], ${field.min}, ${limitOf(fields, field)}, ${quote(field.name)})`);
    if (field.kind === 'tlvs') terms.push(`T[${index}].size(p[${quote(field.name)}])`);
  });
  const source = `return function size_${identifier(name)}(p) {\nreturn ${terms.join(' + ')};\n};`;
  return new Function('h', 'T', source)(helpers, tables) as Sizer;
}

function limitOf(fields: readonly FixedField[], field: VarOctetsField | TextListField): number {
  const count = fields.find((f) => f.name === field.countFrom) as CountField;
  return Math.min(field.max, MAX_BY_WIDTH[count.width]);
}

function writeUint(name: string, width: 1 | 2 | 4, at: string): string[] {
  const check = width === 4 ? '(v >>> 0) !== v' : `(v & ${MAX_BY_WIDTH[width]}) !== v`;
  const stores =
    width === 1
      ? [`b[${at}] = v;`]
      : width === 2
        ? [`b[${at}] = v >>> 8;`, `b[${at} + 1] = v;`]
        : [`b[${at}] = v >>> 24;`, `b[${at} + 1] = v >>> 16;`, `b[${at} + 2] = v >>> 8;`, `b[${at} + 3] = v;`];
  return [`if (${check}) h.badUint(${quote(name)}, v, ${width});`, ...stores];
}

function writeFixed(fields: readonly FixedField[], field: FixedField, at: string): string[] {
  const value = `p[${quote(field.name)}]`;
  switch (field.kind) {
    case 'uint':
      return [`v = ${value} ?? 0;`, ...writeUint(field.name, field.width, at)];
    case 'count': {
      const target = referrerOf(fields, field).name;
      return [`v = p[${quote(target)}];`, 'v = v == null ? 0 : v.length;', ...writeUint(field.name, field.width, at)];
    }
    case 'text':
      // The run was zeroed first (compileWriter), so only the characters are written.
      return [`h.writeTextUnpadded(b, ${at}, ${value}, ${field.width}, ${quote(field.name)});`];
    case 'hex':
      return [`h.writeHex(b, ${at}, ${value}, ${field.width}, ${quote(field.name)});`];
    case 'octets':
      return [`h.writeOctets(b, ${at}, ${value}, ${field.width}, ${quote(field.name)});`];
    default:
      throw new Error(`${field.kind} is not fixed-width`);
  }
}

function compileWriter(name: string, fields: readonly FixedField[], steps: Step[], tables: Array<TlvTable | undefined>): Writer {
  const lines = ['let v;'];
  for (const step of steps) {
    if ('fields' in step) {
      // One native fill pads every text field of the run at once.
      if (step.fields.some(({ field }) => field.kind === 'text')) lines.push(`h.zero(b, o, o + ${step.width});`);
      for (const { field, at } of step.fields) lines.push(...writeFixed(fields, field, `o + ${at}`));
      lines.push(`o += ${step.width};`);
      continue;
    }
    const { variable: field, index } = step;
    const value = `p[${quote(field.name)}]`;
    if (field.kind === 'var_octets') {
      lines.push(`v = ${value};`, 'if (v != null && v.length > 0) { b.set(v, o); o += v.length; }');
    } else if (field.kind === 'text_list') {
      lines.push(
        `v = ${value};`,
        `if (v != null) { h.zero(b, o, o + v.length * ${field.width}); for (let i = 0; i < v.length; i++, o += ${field.width}) h.writeTextUnpadded(b, o, v[i], ${field.width}, ${quote(field.name)}); }`,
      );
    } else if (field.kind === 'tlvs') {
      lines.push(`o = T[${index}].write(b, o, ${value});`);
    }
  }
  lines.push('return o;');
  const source = `return function write_${identifier(name)}(b, o, p) {\n${lines.join('\n')}\n};`;
  return new Function('h', 'T', source)(helpers, tables) as Writer;
}

/** A JS identifier fragment for naming generated functions in stack traces. */
function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function validate(name: string, fields: readonly FixedField[], envelope: readonly string[]): void {
  const fail = (message: string): never => {
    throw new Error(`layout ${name}: ${message}`);
  };
  const seen = new Set<string>(envelope);
  if (seen.size !== envelope.length) fail('envelope names repeat');
  const counts = new Map<string, number>();
  fields.forEach((field, index) => {
    if (!field.name) fail(`field ${index} has no name`);
    if (seen.has(field.name)) fail(`name ${field.name} is used twice`);
    seen.add(field.name);
    const width = fixedWidthOf(field);
    if (width !== undefined && (!Number.isInteger(width) || width <= 0)) fail(`${field.name}: width ${width} is not a positive integer`);
    if (field.kind === 'count') counts.set(field.name, 0);
    if (field.kind === 'var_octets' || field.kind === 'text_list') {
      const uses = counts.get(field.countFrom);
      if (uses === undefined) fail(`${field.name}: countFrom ${field.countFrom} is not an earlier count field`);
      if (uses! > 0) fail(`${field.name}: count field ${field.countFrom} is already used`);
      counts.set(field.countFrom, 1);
    }
    if (field.kind === 'text_list' && (!Number.isInteger(field.width) || field.width <= 0)) fail(`${field.name}: width ${field.width} is not a positive integer`);
    if (field.kind === 'tlvs' && index !== fields.length - 1) fail(`${field.name}: a TLV area must be the last field`);
  });
  for (const [count, uses] of counts) if (uses === 0) fail(`count field ${count} is not used by any later field`);
}
