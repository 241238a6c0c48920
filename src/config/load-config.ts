// Loads the configuration: defaults, then the file (--config or KUAIXIN_CONFIG), then environment.
import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { ConfigSchema, DEFAULTS, type Config } from './schema.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Environment variables and the setting each overrides. */
const ENV: Array<[string, (config: Config, value: string) => void]> = [
  ['DATABASE_URL', (c, v) => (c.database.url = v)],
  ['KUAIXIN_HTTP_HOST', (c, v) => (c.http.host = v)],
  ['KUAIXIN_HTTP_PORT', (c, v) => (c.http.port = port('KUAIXIN_HTTP_PORT', v))],
  ['KUAIXIN_SMPP_HOST', (c, v) => (c.smpp.host = v)],
  ['KUAIXIN_SMPP_PORT', (c, v) => (c.smpp.port = port('KUAIXIN_SMPP_PORT', v))],
  ['KUAIXIN_CMPP_HOST', (c, v) => (c.cmpp.host = v)],
  ['KUAIXIN_CMPP_PORT', (c, v) => (c.cmpp.port = port('KUAIXIN_CMPP_PORT', v))],
  ['KUAIXIN_ADMIN_PASSWORD', (c, v) => (c.admin.password = v)],
  ['KUAIXIN_LOG_LEVEL', (c, v) => (c.log.level = v as Config['log']['level'])],
];

function port(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number, got '${value}'`);
  return n;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars from the file replace the defaults. */
function merge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = merge(base[key], value);
  return out;
}

export function parseConfigText(text: string, source: string): unknown {
  try {
    return source.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${source}: ${(error as Error).message}`);
  }
}

export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv } = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env.KUAIXIN_CONFIG;
  let fromFile: unknown = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
    }
    fromFile = parseConfigText(text, file) ?? {};
    if (!isObject(fromFile)) throw new ConfigError(`${file}: the top level must be a mapping of settings`);
  }
  const config = merge(structuredClone(DEFAULTS), fromFile) as Config;
  for (const [name, apply] of ENV) {
    const value = env[name];
    if (value !== undefined && value !== '') apply(config, value);
  }
  const first = Value.Errors(ConfigSchema, config).First();
  if (first) {
    const path = first.path.replace(/^\//, '').replace(/\//g, '.') || '(top level)';
    throw new ConfigError(`${file ?? 'configuration'}: ${path}: ${first.message}${first.value !== undefined && typeof first.value !== 'object' ? ` (got ${JSON.stringify(first.value)})` : ''}`);
  }
  return config;
}
