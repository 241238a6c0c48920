// The configuration: defaults < file (YAML or JSON) < environment, and every bad setting refused
// naming where it is and what was wrong.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load-config.ts';
import { DEFAULTS } from '../../../src/config/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'kx-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(text: string, extension = 'yaml'): string {
  const path = join(dir, `config-${++files}.${extension}`);
  writeFileSync(path, text);
  return path;
}

/** The example of issue 3, as every deployment's starting point. */
const EXAMPLE = `
http: { host: 127.0.0.1, port: 8080 }
smpp: { host: 127.0.0.1, port: 2775 }
database: { url: "sqlite:./data/kuaixin.db" }
accounts:
  - id: acme
    name: ACME Ltd
    apiKeys: ["key-acme-1"]
    smpp: [{ systemId: acme, password: secret1, maxBinds: 4 }]
connectors:
  - { id: up1, type: smpp, host: 127.0.0.1, port: 2776, systemId: gw, password: gw,
      bindMode: transceiver, binds: 1, window: 100, tps: 0 }
routes:
  - { connectors: [up1] }
`;

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('is the defaults with no file and no environment', () => {
    expect(loadConfig({ env: {} })).toEqual(DEFAULTS);
  });

  it('reads the example file in YAML and the same in JSON, over the defaults', () => {
    const yaml = loadConfig({ file: file(EXAMPLE), env: {} });
    expect(yaml.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(yaml.smpp).toEqual({ ...DEFAULTS.smpp, host: '127.0.0.1', port: 2775 });
    expect(yaml.accounts[0]).toMatchObject({ id: 'acme', apiKeys: ['key-acme-1'], smpp: [{ systemId: 'acme', password: 'secret1', maxBinds: 4 }] });
    expect(yaml.connectors[0]).toMatchObject({ id: 'up1', type: 'smpp', window: 100, bindMode: 'transceiver' });
    expect(yaml.messages).toEqual(DEFAULTS.messages);
    const json = loadConfig({ file: file(JSON.stringify(yaml), 'json'), env: {} });
    expect(json).toEqual(yaml);
  });

  it('takes the file from KUAIXIN_CONFIG, and the environment over the file', () => {
    const path = file(EXAMPLE);
    const config = loadConfig({ env: { KUAIXIN_CONFIG: path, DATABASE_URL: 'postgres://db/kx', KUAIXIN_HTTP_PORT: '9090', KUAIXIN_LOG_LEVEL: 'warn' } });
    expect(config.database.url).toBe('postgres://db/kx');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(config.log.level).toBe('warn');
    expect(config.accounts[0]?.id).toBe('acme');
  });

  it('accepts the session windows of the SMPP and CMPP ingress', () => {
    const config = loadConfig({ file: file('smpp: { window: 64 }\ncmpp: { enabled: true, window: 32 }\n'), env: {} });
    expect(config.smpp.window).toBe(64);
    expect(config.cmpp).toEqual({ ...DEFAULTS.cmpp, enabled: true, window: 32 });
  });

  it('refuses bad settings naming the field and the value', () => {
    expect(refusal(() => loadConfig({ file: file('http: { port: 70000 }'), env: {} }))).toMatch(/http\.port: .*65535.*\(got 70000\)/);
    expect(refusal(() => loadConfig({ file: file('cmpp: { window: 0 }'), env: {} }))).toMatch(/cmpp\.window: .*\(got 0\)/);
    expect(refusal(() => loadConfig({ file: file('smpp: { windw: 64 }'), env: {} }))).toMatch(/: smpp\.windw: Unexpected property \(got 64\)$/);
    expect(refusal(() => loadConfig({ file: file('http: [1, 2]'), env: {} }))).toMatch(/: http: Expected object$/);
    expect(refusal(() => loadConfig({ file: file('accounts: [{ id: 5 }]'), env: {} }))).toMatch(/: accounts\.0\.id: Expected string \(got 5\)$/);
    expect(refusal(() => loadConfig({ env: { KUAIXIN_SMPP_PORT: 'twenty' } }))).toBe("KUAIXIN_SMPP_PORT must be a port number, got 'twenty'");
  });

  it('refuses a file it cannot read or parse, naming the file', () => {
    const missing = join(dir, 'nope.yaml');
    expect(refusal(() => loadConfig({ file: missing, env: {} }))).toContain(`cannot read config file ${missing}`);
    const broken = file('http: { host: [', 'yaml');
    expect(refusal(() => loadConfig({ file: broken, env: {} }))).toContain(broken);
    const notJson = file('{ "http": ', 'json');
    expect(refusal(() => loadConfig({ file: notJson, env: {} }))).toContain(notJson);
    const list = file('- a\n- b\n');
    expect(refusal(() => loadConfig({ file: list, env: {} }))).toBe(`${list}: the top level must be a mapping of settings`);
  });
});
