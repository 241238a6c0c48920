// `kuaixin sim`: the fake SMSC as its own process, so operators and other tools can test against it.
import { parseArgs } from 'node:util';
import type { ReceiptStat } from '../protocols/smpp/message-state.ts';
import { FakeSmsc, type FakeSmscMode, type FakeSmscOptions } from '../protocols/smpp/testing/fake-smsc.ts';
import { integer, oneOf, optionalInteger } from './cli-args.ts';
import { log, parseCredentials, parseWeights } from './sim-args.ts';

const HELP = `usage: kuaixin sim [options]

Runs a fake SMSC that accepts SMPP 3.4 binds and submits, and sends delivery receipts and MO.

  --port N              port to listen on (default 2775; 0 picks a free one)
  --host ADDR           address to listen on (default 127.0.0.1)
  --protocol NAME       carrier protocol: smpp (default), cmpp, smgp or sgip (each has its own --help)
  --accounts ID:PW,...  accept only these system_id:password pairs (default: any credentials)
  --receipt-delay MS    delay before each delivery receipt (default 100)
  --outcomes LIST       receipt outcome weights, e.g. DELIVRD=95,UNDELIV=4,EXPIRED=1 (default DELIVRD=1)
  --mode MODE           happy | black-hole | error-status | generic-nack | bad-length | close-mid-window
  --error-status CODE   command_status for --mode error-status (e.g. 0x45)
  --close-after N       unanswered submits before --mode close-mid-window closes (default 10)
  --slow MS             delay before each submit_sm_resp
  --throttle-every N    answer every N-th submit with ESME_RTHROTTLED
  --bind-reject CODE    refuse every bind with this status (e.g. 0x0e)
  --id-format FORMAT    message ids in hex (default) or decimal
  --receipt-id-other-base  write receipt ids in the other base, as some SMSCs do
  --mo-every MS         inject an MO message to every bound receiver every MS milliseconds
  --stats-every MS      print counters as JSON every MS milliseconds (default 10000; 0 = never)
`;

/** The value of --protocol, looked up before parsing since each protocol has its own options. */
function protocolOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--protocol') return argv[i + 1];
    if (argv[i].startsWith('--protocol=')) return argv[i].slice('--protocol='.length);
  }
  return undefined;
}

export async function simCommand(argv: string[]): Promise<number> {
  // Each carrier protocol's fake gateway has its own options and module.
  const protocol = protocolOf(argv);
  if (protocol === 'cmpp') return (await import('./sim-cmpp-command.ts')).simCmppCommand(argv);
  if (protocol === 'sgip') return (await import('./sim-sgip-command.ts')).sgipSimCommand(argv);
  if (protocol === 'smgp') return (await import('./sim-smgp-command.ts')).smgpSimCommand(argv);
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string', default: '2775' },
        host: { type: 'string', default: '127.0.0.1' },
        protocol: { type: 'string', default: 'smpp' },
        accounts: { type: 'string' },
        'receipt-delay': { type: 'string', default: '100' },
        outcomes: { type: 'string' },
        mode: { type: 'string', default: 'happy' },
        'error-status': { type: 'string' },
        'close-after': { type: 'string' },
        slow: { type: 'string' },
        'throttle-every': { type: 'string' },
        'bind-reject': { type: 'string' },
        'id-format': { type: 'string', default: 'hex' },
        'receipt-id-other-base': { type: 'boolean', default: false },
        'mo-every': { type: 'string' },
        'stats-every': { type: 'string', default: '10000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`kuaixin sim: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let options: FakeSmscOptions;
  let port: number;
  let moEvery: number | undefined;
  let statsEvery: number;
  try {
    port = integer('--port', values.port);
    moEvery = optionalInteger('--mo-every', values['mo-every']);
    statsEvery = integer('--stats-every', values['stats-every']);
    if (values.protocol !== 'smpp') throw new Error(`--protocol ${values.protocol} is not available (smpp, cmpp, smgp and sgip are)`);
    options = {
      mode: oneOf('--mode', values.mode, ['happy', 'black-hole', 'error-status', 'generic-nack', 'bad-length', 'close-mid-window'] as const) as FakeSmscMode,
      accounts: values.accounts === undefined ? undefined : parseCredentials('--accounts', 'ID:PASSWORD', values.accounts),
      receipts: { delayMs: integer('--receipt-delay', values['receipt-delay']), outcomes: values.outcomes === undefined ? undefined : parseWeights('--outcomes', values.outcomes, receiptStat) },
      errorStatus: optionalInteger('--error-status', values['error-status']),
      closeAfter: optionalInteger('--close-after', values['close-after']),
      slowMs: optionalInteger('--slow', values.slow),
      throttleEvery: optionalInteger('--throttle-every', values['throttle-every']),
      bindReject: optionalInteger('--bind-reject', values['bind-reject']),
      idFormat: oneOf('--id-format', values['id-format'], ['hex', 'decimal'] as const),
      receiptIdInOtherBase: values['receipt-id-other-base'],
    };
  } catch (error) {
    process.stderr.write(`kuaixin sim: ${(error as Error).message}\n`);
    return 2;
  }

  const smsc = new FakeSmsc(options);
  const address = await smsc.listen(port, values.host).catch((error: Error) => error);
  if (address instanceof Error) {
    process.stderr.write(`kuaixin sim: cannot listen on ${values.host}:${values.port}: ${address.message}\n`);
    return 1;
  }
  log({ event: 'listening', protocol: 'smpp', host: address.address, port: address.port, mode: options.mode });
  smsc.on('bound', (session) => log({ event: 'bound', systemId: session.systemId, remote: session.remoteAddress, state: session.state }));
  smsc.on('sessionClosed', (session, reason: string) => log({ event: 'closed', systemId: session.systemId, reason }));

  const timers: NodeJS.Timeout[] = [];
  if (moEvery) timers.push(setInterval(() => injectMo(smsc), moEvery));
  if (statsEvery > 0) timers.push(setInterval(() => log({ event: 'stats', ...smsc.stats() }), statsEvery));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  for (const timer of timers) clearInterval(timer);
  await smsc.close();
  log({ event: 'stopped', ...smsc.stats() });
  return 0;
}

let moCounter = 0;
function injectMo(smsc: FakeSmsc): void {
  const systemIds = new Set([...smsc.server.sessions].map((s) => s.systemId).filter(Boolean));
  for (const systemId of systemIds) {
    const n = ++moCounter;
    smsc.injectMo(systemId, { from: `86138${String(n % 1e8).padStart(8, '0')}`, to: '10690001', text: `MO test ${n}` }).catch(() => undefined);
  }
}

const STATS: readonly ReceiptStat[] = ['DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD', 'ENROUTE'];

function receiptStat(stat: string): ReceiptStat {
  if (!STATS.includes(stat as ReceiptStat)) throw new Error(`--outcomes: unknown receipt state '${stat}' (use ${STATS.join(', ')})`);
  return stat as ReceiptStat;
}
