// `kuaixin account …`: lists, creates and changes accounts and their credentials directly in the store.
import { isIP, isIPv4 } from 'node:net';
import { hashApiKey, hashPassword, newAccessKeyId, newSecret } from '../core/auth/secrets.ts';
import { newId } from '../core/ids.ts';
import type { Account, Store } from '../store/types.ts';
import { httpUrl, integer, list, optionalInteger, parseOptions, recordId, RefusedError, required, table, UsageError, dispatchAction, type Action } from './cli-args.ts';
import { withConfiguredStore } from './cli-store.ts';

const HELP = `usage: kuaixin account <action> [options]

Works directly on the store the configuration names (--config FILE, KUAIXIN_CONFIG or
DATABASE_URL, as for kuaixin start), migrating it first. A running platform on the same
database sees the changes within a few seconds.

actions:
  list                                  id, name, status, TPS and callback URL of every account
  create --id ID --name NAME [--tps N] [--callback-url URL]
                                        a new active account and its first API key
  add-key --id ID [--admin]             another API key; --admin keys may also manage
                                        connectors, routes and accounts of the whole platform
  add-smpp --id ID --system-id S --password P [--max-binds N] [--ip ADDR|CIDR,…]
                                        an SMPP login for customers binding to the platform
                                        (system id ≤ 15 characters, password ≤ 8, max binds
                                        default 4, --ip limits where binds may come from)
  add-cmpp --id ID --sp-id SPID --secret S [--max-connections N] [--ip ADDR|CIDR,…]
                                        a CMPP login for SPs connecting to the platform's CMPP
                                        port (SP_Id ≤ 6 characters; the shared secret is kept
                                        as given, since CMPP's authenticator needs it)
  add-cloud-key --id ID [--name LABEL]  an AccessKeyId/secret pair for the Aliyun- and Tencent-style
                                        APIs (/aliyun, /tencent), printed once as "ID SECRET"
  suspend --id ID                       refuse the account's API keys, new binds and messages
  activate --id ID                      undo suspend

options for every action:
  -c, --config FILE                     configuration file (YAML or JSON)
  -h, --help                            this text

API keys are printed alone on stdout, once: KEY=$(kuaixin account add-key --id acme).
They are stored hashed and cannot be shown again.
Exit codes: 0 done, 1 refused (unknown or duplicate id, store unavailable), 2 usage error.
`;

const COMMON = { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h', default: false } } as const;

const ACTIONS: Record<string, Action> = {
  async list(argv) {
    const values = parseOptions(argv, COMMON);
    if (values.help) return help();
    const accounts = await withConfiguredStore(values.config, (store) => store.accounts.list());
    if (accounts.length === 0) process.stdout.write('no accounts\n');
    else process.stdout.write(table(['ID', 'NAME', 'STATUS', 'TPS', 'CALLBACK'], accounts.map((a) => [a.id, a.name, a.status, a.tps === 0 ? 'unlimited' : String(a.tps), a.callbackUrl ?? '-'])));
    return 0;
  },

  async create(argv) {
    const values = parseOptions(argv, { ...COMMON, id: { type: 'string' }, name: { type: 'string' }, tps: { type: 'string' }, 'callback-url': { type: 'string' } });
    if (values.help) return help();
    const id = recordId('--id', values.id);
    const name = required('--name', values.name);
    if (name.length > 100) throw new UsageError('--name must be at most 100 characters');
    const tps = optionalInteger('--tps', values.tps) ?? 0;
    const callbackUrl = values['callback-url'] === undefined ? null : httpUrl('--callback-url', values['callback-url']);
    const apiKey = await withConfiguredStore(values.config, async (store) => {
      if (await store.accounts.get(id)) throw new RefusedError(`account ${id} already exists (kuaixin account add-key --id ${id} gives it another key)`);
      const now = Date.now();
      await store.accounts.upsert({ id, name, status: 'active', callbackUrl, callbackSecret: newSecret(), tps, createdAt: now });
      return addApiKey(store, id, 'account', now);
    });
    process.stderr.write(`created account ${id} (${name}); its API key, shown only now:\n`);
    process.stdout.write(`${apiKey}\n`);
    return 0;
  },

  async 'add-key'(argv) {
    const values = parseOptions(argv, { ...COMMON, id: { type: 'string' }, admin: { type: 'boolean', default: false } });
    if (values.help) return help();
    const id = recordId('--id', values.id);
    const scope = values.admin ? 'admin' : 'account';
    const apiKey = await withConfiguredStore(values.config, async (store) => {
      await existingAccount(store, id);
      return addApiKey(store, id, scope, Date.now());
    });
    process.stderr.write(`new ${scope === 'admin' ? 'admin ' : ''}API key for account ${id}, shown only now:\n`);
    process.stdout.write(`${apiKey}\n`);
    return 0;
  },

  async 'add-smpp'(argv) {
    const values = parseOptions(argv, { ...COMMON, id: { type: 'string' }, 'system-id': { type: 'string' }, password: { type: 'string' }, 'max-binds': { type: 'string' }, ip: { type: 'string' } });
    if (values.help) return help();
    const id = recordId('--id', values.id);
    // system_id and password are C-Octet strings of at most 16 and 9 octets with the NUL (SMPP 3.4 §4.1.1).
    const systemId = bindField('--system-id', values['system-id'], 15);
    const password = bindField('--password', values.password, 8);
    const maxBinds = values['max-binds'] === undefined ? 4 : integer('--max-binds', values['max-binds'], 1);
    const ipAllowlist = values.ip === undefined ? [] : list(values.ip).map(allowlistEntry);
    await withConfiguredStore(values.config, async (store) => {
      await existingAccount(store, id);
      const current = await store.credentials.findSmpp(systemId);
      if (current) throw new RefusedError(`SMPP system id ${systemId} already exists (account ${current.accountId})`);
      const now = Date.now();
      const secretHash = await hashPassword(password);
      await store.credentials.upsert({ id: `smpp-${systemId}`, accountId: id, kind: 'smpp', identifier: systemId, secretHash, scope: 'account', maxBinds, ipAllowlist, createdAt: now });
    });
    const from = ipAllowlist.length === 0 ? 'any address' : ipAllowlist.join(', ');
    process.stdout.write(`account ${id} may now bind as ${systemId} (up to ${maxBinds} binds, from ${from})\n`);
    return 0;
  },

  async 'add-cmpp'(argv) {
    const values = parseOptions(argv, { ...COMMON, id: { type: 'string' }, 'sp-id': { type: 'string' }, secret: { type: 'string' }, 'max-connections': { type: 'string' }, ip: { type: 'string' } });
    if (values.help) return help();
    const id = recordId('--id', values.id);
    // Source_Addr is a 6-octet field (cmpp.md 4).
    const spId = bindField('--sp-id', values['sp-id'], 6, 'CMPP');
    const secret = required('--secret', values.secret);
    const maxConnections = values['max-connections'] === undefined ? 4 : integer('--max-connections', values['max-connections'], 1);
    const ipAllowlist = values.ip === undefined ? [] : list(values.ip).map(allowlistEntry);
    await withConfiguredStore(values.config, async (store) => {
      await existingAccount(store, id);
      const current = await store.credentials.findCmpp(spId);
      if (current) throw new RefusedError(`CMPP SP_Id ${spId} already exists (account ${current.accountId})`);
      await store.credentials.upsert({ id: `cmpp-${spId}`, accountId: id, kind: 'cmpp', identifier: spId, secretHash: secret, scope: 'account', maxBinds: maxConnections, ipAllowlist, createdAt: Date.now() });
    });
    const from = ipAllowlist.length === 0 ? 'any address' : ipAllowlist.join(', ');
    process.stdout.write(`account ${id} may now connect over CMPP as SP ${spId} (up to ${maxConnections} connections, from ${from})\n`);
    return 0;
  },

  async 'add-cloud-key'(argv) {
    const values = parseOptions(argv, { ...COMMON, id: { type: 'string' }, name: { type: 'string' } });
    if (values.help) return help();
    const id = recordId('--id', values.id);
    const accessKeyId = newAccessKeyId();
    const secret = newSecret(24);
    await withConfiguredStore(values.config, async (store) => {
      await existingAccount(store, id);
      // Kept as it is, like a CMPP secret: the request signatures are HMACs keyed with it.
      const now = Date.now();
      await store.credentials.upsert({ id: newId(now), accountId: id, kind: 'cloud_key', identifier: accessKeyId, secretHash: secret, scope: 'account', maxBinds: 0, ipAllowlist: [], createdAt: now, name: values.name ?? null });
    });
    process.stdout.write(`${accessKeyId} ${secret}\n`);
    return 0;
  },

  suspend: (argv) => setStatus(argv, 'suspended'),
  activate: (argv) => setStatus(argv, 'active'),
};

export function accountCommand(argv: string[]): Promise<number> {
  return dispatchAction('account', HELP, ACTIONS, argv);
}

function help(): number {
  process.stdout.write(HELP);
  return 0;
}

async function setStatus(argv: string[], status: Account['status']): Promise<number> {
  const values = parseOptions(argv, { ...COMMON, id: { type: 'string' } });
  if (values.help) return help();
  const id = recordId('--id', values.id);
  const changed = await withConfiguredStore(values.config, async (store) => {
    const account = await existingAccount(store, id);
    if (account.status === status) return false;
    await store.accounts.upsert({ ...account, status });
    return true;
  });
  process.stdout.write(changed ? `account ${id} is now ${status}\n` : `account ${id} was already ${status}\n`);
  return 0;
}

async function existingAccount(store: Store, id: string): Promise<Account> {
  const account = await store.accounts.get(id);
  if (!account) throw new RefusedError(`no account ${id} (kuaixin account list shows them)`);
  return account;
}

/** A new key: "kx_" and a random secret; only its hash is stored. */
async function addApiKey(store: Store, accountId: string, scope: 'account' | 'admin', now: number): Promise<string> {
  const apiKey = `kx_${newSecret(24)}`;
  await store.credentials.upsert({ id: newId(now), accountId, kind: 'api_key', identifier: hashApiKey(apiKey), secretHash: '', scope, maxBinds: 0, ipAllowlist: [], createdAt: now });
  return apiKey;
}

function bindField(flag: string, value: string | undefined, maxLength: number, protocol = 'SMPP'): string {
  const text = required(flag, value);
  if (text.length > maxLength) throw new UsageError(`${flag} must be at most ${maxLength} characters (${protocol} limit), got ${text.length}`);
  if (!/^[\x21-\x7e]+$/.test(text)) throw new UsageError(`${flag} must be printable ASCII without spaces`);
  return text;
}

/** An address, or an IPv4 block a.b.c.d/n: what the SMPP server's allowlist understands. */
function allowlistEntry(entry: string): string {
  const [address, bits, extra] = entry.split('/');
  if (extra === undefined && bits === undefined && isIP(address)) return entry;
  if (extra === undefined && bits !== undefined && isIPv4(address) && /^\d{1,2}$/.test(bits) && Number(bits) <= 32) return entry;
  throw new UsageError(`--ip: '${entry}' is neither an IP address nor an IPv4 CIDR block such as 10.0.0.0/24`);
}
