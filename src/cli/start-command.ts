// `kuaixin start`: the whole platform in this process until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { startPlatform } from '../main.ts';

export async function startCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (error) {
    process.stderr.write(`kuaixin start: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write('usage: kuaixin start [--config FILE]   (or KUAIXIN_CONFIG=FILE; environment overrides the file)\n');
    return 0;
  }
  let config;
  try {
    config = loadConfig({ file: values.config });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`kuaixin start: ${error.message}\n`);
    return 2;
  }
  holdHeapGrowth();
  const platform = await startPlatform(config).catch((error: Error) => error);
  if (platform instanceof Error) {
    process.stderr.write(`kuaixin start: ${platform.message}\n`);
    return 1;
  }
  const { seed } = platform;
  const lines = [`\nKuaixin is running.`, `  console and API: ${platform.httpUrl}   (OpenAPI: ${platform.httpUrl}/docs)`];
  if (platform.smppPort !== null) lines.push(`  SMPP server:     ${config.smpp.host}:${platform.smppPort}`);
  if (platform.cmppPort !== null) lines.push(`  CMPP server:     ${config.cmpp.host}:${platform.cmppPort}`);
  if (seed.adminPassword) lines.push(`  admin login:     ${config.admin.username} / ${seed.adminPassword}   (shown once; set KUAIXIN_ADMIN_PASSWORD to choose it)`);
  if (seed.demo) lines.push(`  demo API key:    ${seed.demo.apiKey}   (account "${seed.demo.accountId}", wired to the built-in simulator; shown once)`);
  process.stderr.write(`${lines.join('\n')}\n\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await platform.stop();
  return 0;
}

/**
 * Between bursts the platform's live heap is small (about 40 MB); V8's default lets garbage grow
 * to four times the live heap before a full collection, so the resident set swung by 100 MB and
 * more under batch intake. Twice is enough: measured, it costs a few per cent of CPU under load and
 * keeps 1,000,000 queued messages under 300 MB (bench/RESULTS.md, queue-million).
 */
function holdHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=100');
}
