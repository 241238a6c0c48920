// Two nodes starting at once on one PostgreSQL seed the same configuration concurrently.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, type Config } from '../../src/config/schema.ts';
import { seedStore } from '../../src/config/seed.ts';
import { verifyPassword } from '../../src/core/auth/secrets.ts';
import { openStore } from '../../src/store/open-store.ts';
import { createTestSchema } from '../support/pg-schema.ts';

const config: Config = {
  ...structuredClone(DEFAULTS),
  admin: { username: 'admin', password: 'admin12345' },
  accounts: [
    { id: 'acme', name: 'ACME', apiKeys: ['key-acme-1', 'key-acme-2'], smpp: [{ systemId: 'acme', password: 'secret1' }], moNumbers: ['1069000123'] },
    { id: 'beta', apiKeys: ['key-beta-1'] },
  ],
  connectors: [{ id: 'sim', type: 'simulator' }],
  routes: [{ connectors: ['sim'] }],
};

describe('seeding on PostgreSQL', () => {
  it('two nodes seeding the same configuration at once both succeed and store it once', async () => {
    for (let round = 0; round < 5; round++) {
      const schema = await createTestSchema('kx_seed');
      const [a, b] = await Promise.all([openStore(schema.url), openStore(schema.url)]);
      try {
        await a.migrate();
        await b.migrate();
        await Promise.all([seedStore(a, config), seedStore(b, config)]);
        const credentials = await a.credentials.listForAccount('acme');
        expect(credentials.filter((c) => c.kind === 'api_key')).toHaveLength(2);
        expect(credentials.filter((c) => c.kind === 'smpp')).toHaveLength(1);
        expect((await a.accounts.list()).map((x) => x.id).sort()).toEqual(['acme', 'beta']);
        expect(await a.users.count()).toBe(1);
      } finally {
        await a.close();
        await b.close();
        await schema.drop();
      }
    }
  });

  it('on an empty database only the node whose admin login was stored shows a generated password', async () => {
    const generated: Config = { ...config, admin: { username: 'admin' } };
    for (let round = 0; round < 5; round++) {
      const schema = await createTestSchema('kx_seed');
      const [a, b] = await Promise.all([openStore(schema.url), openStore(schema.url)]);
      try {
        await a.migrate();
        await b.migrate();
        const reports = await Promise.all([seedStore(a, generated), seedStore(b, generated)]);
        const shown = reports.map((r) => r.adminPassword).filter((p): p is string => p !== undefined);
        expect(shown).toHaveLength(1);
        const admin = await a.users.get('admin');
        expect(await verifyPassword(shown[0]!, admin!.passwordHash)).toBe(true);
      } finally {
        await a.close();
        await b.close();
        await schema.drop();
      }
    }
  });
});
