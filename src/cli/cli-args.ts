// Shared by the `kuaixin` subcommands: strict option parsing, value checks, exit codes (2 usage, 1 refusal), tables.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/load-config.ts';

/** Bad command line (unknown option, missing or malformed value): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A well-formed request the command refuses (duplicate, unknown id, rejected upstream): exit code 1. */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parsing: unknown options and stray arguments are usage errors. */
export function parseOptions<const O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Runs a command body, turning its errors into a message on stderr (prefixed with the command, e.g.
 * "kuaixin account create") and an exit code. Anything else is a bug and propagates.
 */
export async function runCommand(prefix: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${prefix}: ${error.message}\n  (see ${prefix} --help)\n`);
      return 2;
    }
    if (error instanceof RefusedError) {
      process.stderr.write(`${prefix}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export function required(flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

export function integer(flag: string, text: string, min = 0): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got '${text}'`);
  return value;
}

export function optionalInteger(flag: string, text: string | undefined, min = 0): number | undefined {
  return text === undefined ? undefined : integer(flag, text, min);
}

export function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!allowed.includes(text as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${text}'`);
  return text as T;
}

/** Ids of accounts and connectors: the config schema's rule. */
export function recordId(flag: string, value: string | undefined): string {
  const id = required(flag, value);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new UsageError(`${flag} must be 1–64 characters of A–Z, a–z, 0–9, '_', '.', '-', got '${id}'`);
  return id;
}

/** An absolute http(s) URL. */
export function httpUrl(flag: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${flag} must be an absolute URL, got '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http:// or https:// URL, got '${text}'`);
  return text;
}

/** Splits "a,b , c" into trimmed, non-empty items. */
export function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Left-aligned columns separated by two spaces, header first. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

export type Action = (argv: string[]) => Promise<number>;

/** `kuaixin <group> <action> …`: help, an unknown action named with the known ones, or the action run. */
export function dispatchAction(group: string, help: string, actions: Record<string, Action>, argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === 'help' || action === '-h' || action === '--help') {
    process.stdout.write(help);
    return Promise.resolve(action === undefined ? 2 : 0);
  }
  const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
  if (!run) {
    process.stderr.write(`kuaixin ${group}: unknown action '${action}' (use ${Object.keys(actions).join(', ')})\n  (see kuaixin ${group} --help)\n`);
    return Promise.resolve(2);
  }
  return runCommand(`kuaixin ${group} ${action}`, () => run(rest));
}
