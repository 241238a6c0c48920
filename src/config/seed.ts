// Puts what the configuration declares into the store, and bootstraps a fresh installation:
// an admin login and, when nothing else is configured, a demo account wired to the simulator.
import { hashApiKey, hashPassword, newSecret, verifyPassword } from '../core/auth/secrets.ts';
import type { Account, ConnectorRecord, Credential, RouteRecord, Store } from '../store/types.ts';
import type { Config, RouteConfig } from './schema.ts';

export interface SeedReport {
  /** Set when the admin login was created now with a generated password (shown once). */
  adminPassword?: string;
  /** Set when the demo account was created now (its API key is shown once). */
  demo?: { accountId: string; apiKey: string };
}

/**
 * Seeding is idempotent, but two nodes starting together on one PostgreSQL may insert the same row
 * at once; the loser sees a unique violation (SQLSTATE 23505) and simply seeds again, finding the row.
 */
export async function seedStore(store: Store, config: Config, now = Date.now()): Promise<SeedReport> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await seedOnce(store, config, now);
    } catch (error) {
      if ((error as { code?: unknown }).code !== '23505' || attempt >= 3) throw error;
    }
  }
}

async function seedOnce(store: Store, config: Config, now: number): Promise<SeedReport> {
  const report: SeedReport = {};
  for (const account of config.accounts) await seedAccount(store, account, now);
  for (const { id, type, name, enabled, ...settings } of config.connectors) {
    const existing = await store.connectors.get(id);
    const record: ConnectorRecord = { id, type, name: name ?? id, enabled: enabled ?? true, settings, createdAt: existing?.createdAt ?? now, updatedAt: now };
    await store.connectors.upsert(record);
  }
  for (const [index, route] of config.routes.entries()) await store.routes.upsert(routeRecord(route, index));

  if ((await store.users.count()) === 0) {
    const password = config.admin.password ?? newSecret(12);
    const admin = { username: config.admin.username, passwordHash: await hashPassword(password), accountId: null, role: 'admin' as const, createdAt: now };
    // Two nodes starting on one empty PostgreSQL both get here: only the one whose insert won shows its password.
    if ((await store.users.create(admin)) && !config.admin.password) report.adminPassword = password;
  }

  const nothingConfigured = config.accounts.length === 0 && config.connectors.length === 0 && (await store.connectors.list()).length === 0;
  if (config.demo && nothingConfigured) report.demo = await seedDemo(store, now);
  return report;
}

async function seedAccount(store: Store, config: Config['accounts'][number], now: number): Promise<void> {
  const existing = await store.accounts.get(config.id);
  const account: Account = {
    id: config.id,
    name: config.name ?? config.id,
    status: existing?.status ?? 'active',
    callbackUrl: config.callbackUrl ?? existing?.callbackUrl ?? null,
    callbackSecret: existing?.callbackSecret ?? newSecret(),
    tps: config.tps ?? existing?.tps ?? 0,
    createdAt: existing?.createdAt ?? now,
  };
  await store.accounts.upsert(account);
  const credentials = await store.credentials.listForAccount(config.id);
  for (const key of config.apiKeys ?? []) {
    const identifier = hashApiKey(key);
    if (credentials.some((c) => c.kind === 'api_key' && c.identifier === identifier)) continue;
    await store.credentials.upsert(credential(config.id, 'api_key', identifier, '', now));
  }
  for (const smpp of config.smpp ?? []) {
    const current = await store.credentials.findSmpp(smpp.systemId);
    if (current && current.accountId !== config.id) throw new Error(`SMPP system id ${smpp.systemId} already belongs to account ${current.accountId}`);
    // Hashing is slow on purpose: keep the stored hash when the password did not change.
    const secretHash = current && (await verifyPassword(smpp.password, current.secretHash)) ? current.secretHash : await hashPassword(smpp.password);
    await store.credentials.upsert({ ...credential(config.id, 'smpp', smpp.systemId, secretHash, now), id: current?.id ?? `smpp-${smpp.systemId}`, maxBinds: smpp.maxBinds ?? 4, ipAllowlist: smpp.ipAllowlist ?? [] });
  }
  for (const cmpp of config.cmpp ?? []) {
    const current = await store.credentials.findCmpp(cmpp.spId);
    if (current && current.accountId !== config.id) throw new Error(`CMPP SP_Id ${cmpp.spId} already belongs to account ${current.accountId}`);
    // Kept as given: the CONNECT authenticator is an MD5 over the secret itself (cmpp.md 4).
    await store.credentials.upsert({ ...credential(config.id, 'cmpp', cmpp.spId, cmpp.secret, now), id: current?.id ?? `cmpp-${cmpp.spId}`, maxBinds: cmpp.maxConnections ?? 4, ipAllowlist: cmpp.ipAllowlist ?? [] });
  }
  for (const number of config.moNumbers ?? []) await store.routes.upsertMo({ id: `mo-${config.id}-${number.replace(/^\+/, '')}`, pattern: number, accountId: config.id });
}

function credential(accountId: string, kind: Credential['kind'], identifier: string, secretHash: string, now: number): Credential {
  return { id: `${kind}-${identifier.slice(0, 16)}`, accountId, kind, identifier, secretHash, scope: 'account', maxBinds: 0, ipAllowlist: [], createdAt: now };
}

/** A route without filters is the default route. */
function routeRecord(route: RouteConfig, index: number): RouteRecord {
  const { id, name, connectors, strategy, ...filters } = route;
  const isDefault = Object.values(filters).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
  return {
    id: id ?? (isDefault ? 'default' : `route-${index + 1}`),
    name: name ?? (isDefault ? 'default' : `route ${index + 1}`),
    position: (index + 1) * 10,
    filters,
    strategy: strategy ?? 'static',
    connectors: connectors.map((c) => (typeof c === 'string' ? { id: c, weight: 1 } : c)),
    isDefault,
    enabled: true,
  };
}

async function seedDemo(store: Store, now: number): Promise<{ accountId: string; apiKey: string }> {
  await store.connectors.upsert({
    id: 'simulator',
    type: 'simulator',
    name: 'Built-in carrier simulator',
    enabled: true,
    settings: { receiptDelayMs: 1000, outcomes: { delivered: 95, undelivered: 4, expired: 1 } },
    createdAt: now,
    updatedAt: now,
  });
  await store.routes.upsert({ id: 'default', name: 'default', position: 1000, filters: {}, strategy: 'static', connectors: [{ id: 'simulator', weight: 1 }], isDefault: true, enabled: true });
  const apiKey = `kx_${newSecret(24)}`;
  await seedAccount(store, { id: 'demo', name: 'Demo account', moNumbers: ['10690000'] }, now);
  await store.credentials.upsert(credential('demo', 'api_key', hashApiKey(apiKey), '', now));
  return { accountId: 'demo', apiKey };
}
