// Two nodes starting at once on one PostgreSQL seed the same configuration concurrently.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, type Config } from '../../src/config/schema.ts';
import { seedStore, type SeedReport } from '../../src/config/seed.ts';
import type { Store } from '../../src/store/types.ts';
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

/** Five rounds, each on a fresh schema: two migrated nodes, seeding `settings` at the same time. */
async function seedTwoNodesAtOnce(settings: Config, check: (a: Store, reports: SeedReport[]) => Promise<void>): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const schema = await createTestSchema('kx_seed');
    const [a, b] = await Promise.all([openStore(schema.url), openStore(schema.url)]);
    try {
      await a.migrate();
      await b.migrate();
      await check(a, await Promise.all([seedStore(a, settings), seedStore(b, settings)]));
    } finally {
      await a.close();
      await b.close();
      await schema.drop();
    }
  }
}

describe('seeding on PostgreSQL', () => {
  it('two nodes seeding the same configuration at once both succeed and store it once', async () => {
    await seedTwoNodesAtOnce(config, async (a) => {
      const credentials = await a.credentials.listForAccount('acme');
      expect(credentials.filter((c) => c.kind === 'api_key')).toHaveLength(2);
      expect(credentials.filter((c) => c.kind === 'smpp')).toHaveLength(1);
      expect((await a.accounts.list()).map((x) => x.id).sort()).toEqual(['acme', 'beta']);
      expect(await a.users.count()).toBe(1);
    });
  });

  it('on an empty database only the node whose admin login was stored shows a generated password', async () => {
    await seedTwoNodesAtOnce({ ...config, admin: { username: 'admin' } }, async (a, reports) => {
      const shown = reports.map((r) => r.adminPassword).filter((p): p is string => p !== undefined);
      expect(shown).toHaveLength(1);
      const admin = await a.users.get('admin');
      expect(await verifyPassword(shown[0]!, admin!.passwordHash)).toBe(true);
    });
  });
});
