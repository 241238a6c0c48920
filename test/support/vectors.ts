// The shared interop vectors (../shared/protocols/vectors.json) as Buffers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const path = fileURLToPath(new URL('../../../shared/protocols/vectors.json', import.meta.url));
const hex = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;

export function vector(name: string): Buffer {
  const value = hex[name];
  if (!value) throw new Error(`no vector ${name}`);
  return Buffer.from(value, 'hex');
}

export function vectorNames(prefix: string): string[] {
  return Object.keys(hex).filter((name) => name.startsWith(prefix));
}
