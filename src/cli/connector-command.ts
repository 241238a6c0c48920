// `kuaixin connector …`: lists, adds, removes, enables and disables upstream connectors in the store.
import { ConnectorSettingsError } from '../connectors/settings-error.ts';
import { parseSgipSettings } from '../connectors/sgip/settings.ts';
import { parseSimulatorSettings } from '../connectors/simulator/settings.ts';
import { parseCmppSettings } from '../connectors/cmpp/settings.ts';
import { parseSmppSettings } from '../connectors/smpp/settings.ts';
import { parseSmgpSettings } from '../connectors/smgp/settings.ts';
import { CONNECTOR_TYPES, type ConnectorRecord, type ConnectorType, type Store } from '../store/types.ts';
import { oneOf, parseOptions, recordId, RefusedError, required, table, UsageError, dispatchAction, type Action } from './cli-args.ts';
import { withConfiguredStore } from './cli-store.ts';

const HELP = `usage: kuaixin connector <action> [options]

Works directly on the store the configuration names (--config FILE, KUAIXIN_CONFIG or
DATABASE_URL, as for kuaixin start), migrating it first.

Note: a running platform picks up connector changes made through the admin API
(/v1/connectors, or the console) immediately, but changes made with this command only on its
next start. Messages reach a connector through routes, declared in the configuration file
(routes:) or through the admin API; the platform needs exactly one default route.

actions:
  list                                  id, type, enabled, name and settings (passwords masked)
  add --id ID --type smpp|cmpp|smgp|sgip|simulator [--name NAME] [--disabled] --set KEY=VALUE …
                                        a new connector; repeat --set for each setting
  remove --id ID                        delete a connector no route uses any more
  enable --id ID
  disable --id ID                       keep the connector but stop sending through it

options for every action:
  -c, --config FILE                     configuration file (YAML or JSON)
  -h, --help                            this text

--set values are read as JSON when they parse as JSON, otherwise as text: port=2775 is a
number, tls=true a boolean, 'encodings=["gsm7","ucs2"]' a list, host=smsc.example.com text.
Quote numbers meant as text: --set 'password="1234"'. Settings are checked as the platform
would check them, and a bad one is refused naming the field. For example:

  kuaixin connector add --id up1 --type smpp --set host=127.0.0.1 --set port=2776 \\
    --set systemId=gw --set password=secret --set window=100
  kuaixin connector add --id cm1 --type cmpp --set host=10.1.1.1 --set version=3.0 \\
    --set 'spId="901234"' --set secret=s3cret --set srcId=10690001 --set serviceId=MTEST
  kuaixin connector add --id sim --type simulator --set receiptDelayMs=200 \\
    --set 'outcomes={"delivered":95,"undelivered":5}'
  kuaixin connector add --id unicom --type sgip --set host=10.1.2.3 --set loginName=sp \\
    --set password=secret --set nodeId=3010012345 --set 'spNumber="10655001"' \\
    --set 'listen={"port":8801,"loginName":"smg","password":"smgpass"}'

Exit codes: 0 done, 1 refused (unknown or duplicate id, still routed, store unavailable),
2 usage error (including a bad setting).
`;

const COMMON = { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h', default: false } } as const;
const PARSERS: Record<ConnectorType, (raw: unknown) => object> = { smpp: parseSmppSettings, cmpp: parseCmppSettings, smgp: parseSmgpSettings, sgip: parseSgipSettings, simulator: parseSimulatorSettings };

const ACTIONS: Record<string, Action> = {
  async list(argv) {
    const values = parseOptions(argv, COMMON);
    if (values.help) return help();
    const connectors = await withConfiguredStore(values.config, (store) => store.connectors.list());
    if (connectors.length === 0) process.stdout.write('no connectors\n');
    else process.stdout.write(table(['ID', 'TYPE', 'ENABLED', 'NAME', 'SETTINGS'], connectors.map((c) => [c.id, c.type, c.enabled ? 'yes' : 'no', c.name, JSON.stringify(maskSecrets(c.settings))])));
    return 0;
  },

  async add(argv) {
    const values = parseOptions(argv, { ...COMMON, id: { type: 'string' }, type: { type: 'string' }, name: { type: 'string' }, disabled: { type: 'boolean', default: false }, set: { type: 'string', multiple: true } });
    if (values.help) return help();
    const id = recordId('--id', values.id);
    const type = oneOf('--type', required('--type', values.type), CONNECTOR_TYPES);
    const given = parseSets(values.set ?? []);
    checkSettings(type, given);
    const settings = Object.fromEntries([...given].map(([key, { value }]) => [key, value]));
    await withConfiguredStore(values.config, async (store) => {
      if (await store.connectors.get(id)) throw new RefusedError(`connector ${id} already exists`);
      const now = Date.now();
      await store.connectors.upsert({ id, type, name: values.name ?? id, enabled: !values.disabled, settings, createdAt: now, updatedAt: now });
    });
    process.stdout.write(`added ${type} connector ${id}${values.disabled ? ' (disabled)' : ''}; a running platform uses it from its next start\n`);
    return 0;
  },

  async remove(argv) {
    const values = parseOptions(argv, { ...COMMON, id: { type: 'string' } });
    if (values.help) return help();
    const id = recordId('--id', values.id);
    await withConfiguredStore(values.config, async (store) => {
      await existingConnector(store, id);
      const route = (await store.routes.list()).find((r) => r.connectors.some((c) => c.id === id));
      if (route) throw new RefusedError(`route ${route.id} still uses connector ${id}; change the route first`);
      await store.connectors.delete(id);
    });
    process.stdout.write(`removed connector ${id}\n`);
    return 0;
  },

  enable: (argv) => setEnabled(argv, true),
  disable: (argv) => setEnabled(argv, false),
};

export function connectorCommand(argv: string[]): Promise<number> {
  return dispatchAction('connector', HELP, ACTIONS, argv);
}

function help(): number {
  process.stdout.write(HELP);
  return 0;
}

async function setEnabled(argv: string[], enabled: boolean): Promise<number> {
  const values = parseOptions(argv, { ...COMMON, id: { type: 'string' } });
  if (values.help) return help();
  const id = recordId('--id', values.id);
  await withConfiguredStore(values.config, async (store) => {
    const connector = await existingConnector(store, id);
    if (connector.enabled !== enabled) await store.connectors.upsert({ ...connector, enabled, updatedAt: Date.now() });
  });
  process.stdout.write(`connector ${id} is ${enabled ? 'enabled' : 'disabled'}; a running platform follows from its next start\n`);
  return 0;
}

async function existingConnector(store: Store, id: string): Promise<ConnectorRecord> {
  const connector = await store.connectors.get(id);
  if (!connector) throw new RefusedError(`no connector ${id} (kuaixin connector list shows them)`);
  return connector;
}

interface SetValue {
  value: unknown;
  /** The text after '=', as typed. */
  text: string;
}

/** KEY=VALUE pairs; VALUE is JSON when it parses as JSON, else the text itself. */
function parseSets(pairs: string[]): Map<string, SetValue> {
  const settings = new Map<string, SetValue>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (key === '') throw new UsageError(`--set expects KEY=VALUE, got '${pair}'`);
    if (settings.has(key)) throw new UsageError(`--set ${key} is given twice`);
    const text = pair.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    settings.set(key, { value, text });
  }
  return settings;
}

/** Validates as the platform does when it builds the connector; a bad setting is a usage error naming the field. */
function checkSettings(type: ConnectorType, given: Map<string, SetValue>): void {
  const raw = Object.fromEntries([...given].map(([key, { value }]) => [key, value]));
  let parsed: object;
  try {
    parsed = PARSERS[type](raw);
  } catch (error) {
    if (!(error instanceof ConnectorSettingsError)) throw error;
    const key = /^[^.[]+/.exec(error.field)?.[0] ?? error.field;
    const set = given.get(key);
    const hint = set && typeof set.value !== 'string' && /must be a string/.test(error.message) ? ` (to pass it as text: --set '${key}="${set.text}"')` : set ? '' : ` (--set ${key}=…)`;
    throw new UsageError(`bad ${type} setting ${error.message}${hint}`);
  }
  // The parsers fill in every setting they know, so a key they did not return is a typo.
  const unknown = [...given.keys()].find((key) => !Object.hasOwn(parsed, key));
  if (unknown !== undefined) throw new UsageError(`--set ${unknown}: not a ${type} setting (known: ${Object.keys(parsed).join(', ')})`);
}

/** Passwords and secrets are never printed, nested ones (SGIP's listen.password) included. */
function maskSecrets(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [key, /password|secret/i.test(key) ? '••••••' : typeof value === 'object' && value !== null && !Array.isArray(value) ? maskSecrets(value as Record<string, unknown>) : value]),
  );
}
