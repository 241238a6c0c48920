// `kuaixin sim --protocol cmpp`: the fake China Mobile ISMG as its own process.
import { parseArgs } from 'node:util';
import { FakeIsmg, type FakeIsmgMode, type FakeIsmgOptions } from '../protocols/cmpp/testing/fake-ismg.ts';
import { integer, oneOf, optionalInteger } from './cli-args.ts';
import { log, parseCredentials, parseWeights } from './sim-args.ts';

const HELP = `usage: kuaixin sim --protocol cmpp [options]

Runs a fake China Mobile ISMG that accepts CMPP 2.0/3.0 logins and SUBMITs, and sends status
reports and MO as DELIVER.

  --port N              port to listen on (default 7890; 0 picks a free one)
  --host ADDR           address to listen on (default 127.0.0.1)
  --version V           2 | 3 | auto: layout of every connection, or each CONNECT's Version (default auto)
  --accounts ID:SECRET,...  accept only these SP_Id:secret pairs (default: any SP_Id with --secret)
  --secret S            shared secret of every SP when --accounts is not given (default "secret")
  --receipt-delay MS    delay before each status report (default 100)
  --outcomes LIST       Stat weights, e.g. DELIVRD=95,UNDELIV=4,MK:0005=1 (default DELIVRD=1)
  --mode MODE           happy | black-hole | error-result | bad-length | close-mid-window
  --error-result CODE   SUBMIT_RESP Result for --mode error-result (default 13)
  --close-after N       unanswered SUBMITs before --mode close-mid-window drops the connection (default 10)
  --slow MS             delay before each SUBMIT_RESP
  --throttle-every N    answer every N-th SUBMIT with Result 8 (flow control)
  --connect-reject N    refuse every CONNECT with this Status (e.g. 3)
  --gateway-id N        gateway code in issued Msg_Ids (default 1)
  --mo-every MS         inject an MO message to every logged-in SP every MS milliseconds
  --stats-every MS      print counters as JSON every MS milliseconds (default 10000; 0 = never)
`;

export async function simCmppCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        protocol: { type: 'string' },
        port: { type: 'string', default: '7890' },
        host: { type: 'string', default: '127.0.0.1' },
        version: { type: 'string', default: 'auto' },
        accounts: { type: 'string' },
        secret: { type: 'string' },
        'receipt-delay': { type: 'string', default: '100' },
        outcomes: { type: 'string' },
        mode: { type: 'string', default: 'happy' },
        'error-result': { type: 'string' },
        'close-after': { type: 'string' },
        slow: { type: 'string' },
        'throttle-every': { type: 'string' },
        'connect-reject': { type: 'string' },
        'gateway-id': { type: 'string' },
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
  let options: FakeIsmgOptions;
  let port: number;
  let moEvery: number | undefined;
  let statsEvery: number;
  try {
    port = integer('--port', values.port);
    moEvery = optionalInteger('--mo-every', values['mo-every']);
    statsEvery = integer('--stats-every', values['stats-every']);
    const version = oneOf('--version', values.version, ['2', '3', '2.0', '3.0', 'auto'] as const);
    options = {
      version: version === 'auto' ? 'auto' : version.startsWith('2') ? '2.0' : '3.0',
      mode: oneOf('--mode', values.mode, ['happy', 'black-hole', 'error-result', 'bad-length', 'close-mid-window'] as const) as FakeIsmgMode,
      accounts: values.accounts === undefined ? undefined : parseCredentials('--accounts', 'SP_ID:SECRET', values.accounts),
      secret: values.secret,
      reports: { delayMs: integer('--receipt-delay', values['receipt-delay']), outcomes: values.outcomes === undefined ? undefined : parseWeights('--outcomes', values.outcomes, statWord) },
      errorResult: optionalInteger('--error-result', values['error-result']),
      closeAfter: optionalInteger('--close-after', values['close-after']),
      slowMs: optionalInteger('--slow', values.slow),
      throttleEvery: optionalInteger('--throttle-every', values['throttle-every']),
      connectReject: optionalInteger('--connect-reject', values['connect-reject']),
      gatewayId: optionalInteger('--gateway-id', values['gateway-id']),
    };
  } catch (error) {
    process.stderr.write(`kuaixin sim: ${(error as Error).message}\n`);
    return 2;
  }

  const ismg = new FakeIsmg(options);
  const address = await ismg.listen(port, values.host).catch((error: Error) => error);
  if (address instanceof Error) {
    process.stderr.write(`kuaixin sim: cannot listen on ${values.host}:${values.port}: ${address.message}\n`);
    return 1;
  }
  log({ event: 'listening', protocol: 'cmpp', version: options.version, host: address.address, port: address.port, mode: options.mode });
  ismg.on('ready', (session) => log({ event: 'login', spId: session.identity, remote: session.remoteAddress, version: session.dialect.name }));
  ismg.on('sessionClosed', (session, reason: string) => log({ event: 'closed', spId: session.identity, reason }));

  const timers: NodeJS.Timeout[] = [];
  let moCounter = 0;
  if (moEvery) {
    timers.push(
      setInterval(() => {
        for (const spId of new Set([...ismg.server.sessions].map((s) => s.identity).filter(Boolean))) {
          const n = ++moCounter;
          ismg.injectMo(spId, { from: `138${String(n % 1e8).padStart(8, '0')}`, to: '10690001', text: `MO test ${n}` }).catch(() => undefined);
        }
      }, moEvery),
    );
  }
  if (statsEvery > 0) timers.push(setInterval(() => log({ event: 'stats', ...ismg.stats() }), statsEvery));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  for (const timer of timers) clearInterval(timer);
  await ismg.close();
  log({ event: 'stopped', ...ismg.stats() });
  return 0;
}

/** Any Stat of up to 7 characters is allowed (DELIVRD, UNDELIV, MK:0005 …): operators test their own tables. */
function statWord(stat: string): string {
  if (stat.length > 7 || !/^[\x20-\x7e]+$/.test(stat)) throw new Error(`--outcomes: '${stat}' is not a Stat of at most 7 characters`);
  return stat;
}
