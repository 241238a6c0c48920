// openStore: which URL opens which store, and the error for a scheme it does not know.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'kx-open-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens sqlite::memory: and sqlite:<path>, creating the directory', async () => {
    const memory = await openStore('sqlite::memory:');
    expect(memory.kind).toBe('sqlite');
    await memory.settings.set('a', 'b');
    expect(await memory.settings.get('a')).toBe('b');
    await memory.close();

    const file = join(dir, 'nested', 'deeper', 'kuaixin.db');
    const store = await openStore(`sqlite:${file}`);
    await store.close();
    expect(existsSync(file)).toBe(true);
  });

  it('names the scheme it does not support', async () => {
    await expect(openStore('mysql://root@localhost/db')).rejects.toThrow(/"mysql:"/);
    await expect(openStore('kuaixin.db')).rejects.toThrow(/unsupported store URL/);
    await expect(openStore('sqlite:')).rejects.toThrow(/names no database/);
  });
});
