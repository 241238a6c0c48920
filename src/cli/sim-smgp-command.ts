// `kuaixin sim --protocol smgp`: the fake China Telecom SMGW as its own process.
import { parseArgs } from 'node:util';
import { FakeSmgw, type FakeSmgwMode, type FakeSmgwOptions } from '../protocols/smgp/testing/fake-smgw.ts';
import { integer, oneOf, optionalInteger } from './cli-args.ts';
import { log, parseCredentials, parseWeights } from './sim-args.ts';

const HELP = `usage: kuaixin sim --protocol smgp [options]

Runs a fake SMGW that accepts SMGP 3.0 logins and Submits, and sends status reports and MO.

  --port N              port to listen on (default 8890; 0 picks a free one)
  --host ADDR           address to listen on (default 127.0.0.1)
  --accounts ID:SECRET,...  accept only these ClientID:secret pairs and prove the secret back
                        (default: any ClientID, unchecked, with an empty AuthenticatorServer)
  --receipt-delay MS    delay before each status report (default 100)
  --outcomes LIST       report stat weights, e.g. DELIVRD=95,UNDELIV=4,MK:0005=1 (default DELIVRD=1)
  --mode MODE           happy | black-hole | error-status | bad-length | close-mid-window
  --error-status N      Status for --mode error-status (default 39, routing error)
  --close-after N       unanswered Submits before --mode close-mid-window closes (default 10)
  --slow MS             delay before each Submit_Resp
  --throttle-every N    answer every N-th Submit with Status 1 (system busy)
  --login-reject N      refuse every login with this Status (e.g. 21)
  --smgw-code CODE      6-digit SMGW code at the head of every MsgID (default 010061)
  --mo-every MS         send an MO to every logged-in receiver every MS milliseconds
  --mo-to NUMBER        number those MO are sent to: SP number + extension (default 1065900001)
  --stats-every MS      print counters as JSON every MS milliseconds (default 10000; 0 = never)
`;

export async function smgpSimCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string', default: '8890' },
        host: { type: 'string', default: '127.0.0.1' },
        protocol: { type: 'string', default: 'smgp' },
        accounts: { type: 'string' },
        'receipt-delay': { type: 'string', default: '100' },
        outcomes: { type: 'string' },
        mode: { type: 'string', default: 'happy' },
        'error-status': { type: 'string' },
        'close-after': { type: 'string' },
        slow: { type: 'string' },
        'throttle-every': { type: 'string' },
        'login-reject': { type: 'string' },
        'smgw-code': { type: 'string', default: '010061' },
        'mo-every': { type: 'string' },
        'mo-to': { type: 'string', default: '1065900001' },
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
  let options: FakeSmgwOptions;
  let port: number;
  let moEvery: number | undefined;
  let statsEvery: number;
  try {
    port = integer('--port', values.port);
    moEvery = optionalInteger('--mo-every', values['mo-every']);
    statsEvery = integer('--stats-every', values['stats-every']);
    if (!/^\d{6}$/.test(values['smgw-code'])) throw new Error(`--smgw-code must be 6 digits, got '${values['smgw-code']}'`);
    if (!/^\d{1,21}$/.test(values['mo-to'])) throw new Error(`--mo-to must be 1–21 digits, got '${values['mo-to']}'`);
    options = {
      mode: oneOf('--mode', values.mode, ['happy', 'black-hole', 'error-status', 'bad-length', 'close-mid-window'] as const) as FakeSmgwMode,
      accounts: values.accounts === undefined ? undefined : parseCredentials('--accounts', 'CLIENTID:SECRET', values.accounts),
      reports: { delayMs: integer('--receipt-delay', values['receipt-delay']), outcomes: values.outcomes === undefined ? undefined : parseWeights('--outcomes', values.outcomes, statWord) },
      errorStatus: optionalInteger('--error-status', values['error-status']),
      closeAfter: optionalInteger('--close-after', values['close-after']),
      slowMs: optionalInteger('--slow', values.slow),
      throttleEvery: optionalInteger('--throttle-every', values['throttle-every']),
      loginReject: optionalInteger('--login-reject', values['login-reject']),
      smgwCode: values['smgw-code'],
    };
  } catch (error) {
    process.stderr.write(`kuaixin sim: ${(error as Error).message}\n`);
    return 2;
  }

  const smgw = new FakeSmgw(options);
  const address = await smgw.listen(port, values.host).catch((error: Error) => error);
  if (address instanceof Error) {
    process.stderr.write(`kuaixin sim: cannot listen on ${values.host}:${values.port}: ${address.message}\n`);
    return 1;
  }
  log({ event: 'listening', protocol: 'smgp', host: address.address, port: address.port, mode: options.mode });
  smgw.on('ready', (session, login: { ClientID: string; LoginMode: number }) => log({ event: 'login', clientId: login.ClientID, loginMode: login.LoginMode, remote: session.remoteAddress }));
  smgw.on('sessionClosed', (session, reason: string) => log({ event: 'closed', clientId: session.identity, reason }));

  const timers: NodeJS.Timeout[] = [];
  const moTo = values['mo-to'];
  if (moEvery) timers.push(setInterval(() => injectMo(smgw, moTo), moEvery));
  if (statsEvery > 0) timers.push(setInterval(() => log({ event: 'stats', ...smgw.stats() }), statsEvery));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  for (const timer of timers) clearInterval(timer);
  await smgw.close();
  log({ event: 'stopped', ...smgw.stats() });
  return 0;
}

let moCounter = 0;
function injectMo(smgw: FakeSmgw, to: string): void {
  const clientIds = new Set([...smgw.server.sessions].map((s) => s.identity).filter(Boolean));
  for (const clientId of clientIds) {
    const n = ++moCounter;
    smgw.injectMo(clientId, { from: `133${String(n % 1e8).padStart(8, '0')}`, to, text: `MO test ${n}` }).catch(() => undefined);
  }
}

/** Stat words are free text (MK:0005 and the like are real), so any 1–7 printable characters are accepted. */
function statWord(stat: string): string {
  if (!/^[\x21-\x7e]{1,7}$/.test(stat)) throw new Error(`--outcomes expects a 1–7 character stat word, got '${stat}'`);
  return stat;
}
