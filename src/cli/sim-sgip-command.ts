// `kuaixin sim --protocol sgip`: the fake SGIP SMG as its own process. It takes Submits on its port
// and connects back to the SP's own SGIP server for Reports and MO, as a real SMG does.
import { parseArgs } from 'node:util';
import { FakeSmg, type FakeReportOutcome, type FakeSmgMode, type FakeSmgOptions } from '../protocols/sgip/testing/fake-smg.ts';
import { integer, oneOf, optionalInteger } from './cli-args.ts';
import { log, parseWeights } from './sim-args.ts';

export const SGIP_HELP = `usage: kuaixin sim --protocol sgip [options]

Runs a fake SGIP 1.2 SMG (China Unicom): accepts SP binds (Login Type 1) and Submits, and connects
back to the SP's own SGIP server (Login Type 2) to send Reports and MO.

  --port N                 port to listen on (default 8801; 0 picks a free one)
  --host ADDR              address to listen on (default 127.0.0.1)
  --accounts NAME:PW,...   accept only these SP login name:password pairs (default: any)
  --connect-back HOST:PORT the SP's SGIP server, where Reports and MO go (none: no Reports, no MO)
  --smg-login NAME:PW      the login this SMG uses on the SP's server (default smg:smg)
  --connections N          links to the SP's server (default 1)
  --node-id N              this SMG's node id (default 101001)
  --report-delay MS        delay before each Report (default 100)
  --outcomes LIST          report outcome weights, e.g. DELIVRD=95,ERR:25=4,ERR:29=1 (default DELIVRD=1)
  --mode MODE              happy | black-hole | error-result | bad-length | close-mid-window
  --error-result CODE      Result for --mode error-result (e.g. 6)
  --close-after N          unanswered Submits before --mode close-mid-window closes (default 10)
  --slow MS                delay before each Submit_Resp
  --throttle-every N       answer every N-th Submit with Result 11 (node busy)
  --bind-reject CODE       refuse every Bind with this Result (e.g. 1)
  --mo-every MS            send an MO to the SP every MS milliseconds
  --mo-to NUMBER           the SP number (with extension) MO is sent to (default 10655001)
  --stats-every MS         print counters as JSON every MS milliseconds (default 10000; 0 = never)
`;

const MODES = ['happy', 'black-hole', 'error-result', 'bad-length', 'close-mid-window'] as const;

export async function sgipSimCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        protocol: { type: 'string', default: 'sgip' },
        port: { type: 'string', default: '8801' },
        host: { type: 'string', default: '127.0.0.1' },
        accounts: { type: 'string' },
        'connect-back': { type: 'string' },
        'smg-login': { type: 'string', default: 'smg:smg' },
        connections: { type: 'string', default: '1' },
        'node-id': { type: 'string', default: '101001' },
        'report-delay': { type: 'string', default: '100' },
        outcomes: { type: 'string' },
        mode: { type: 'string', default: 'happy' },
        'error-result': { type: 'string' },
        'close-after': { type: 'string' },
        slow: { type: 'string' },
        'throttle-every': { type: 'string' },
        'bind-reject': { type: 'string' },
        'mo-every': { type: 'string' },
        'mo-to': { type: 'string', default: '10655001' },
        'stats-every': { type: 'string', default: '10000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`kuaixin sim: ${(error as Error).message}\n\n${SGIP_HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(SGIP_HELP);
    return 0;
  }
  let options: FakeSmgOptions;
  let port: number;
  let moEvery: number | undefined;
  let statsEvery: number;
  try {
    port = integer('--port', values.port);
    moEvery = optionalInteger('--mo-every', values['mo-every'], 1);
    statsEvery = integer('--stats-every', values['stats-every']);
    const [loginName, loginPassword] = pair('--smg-login', values['smg-login']);
    const back = values['connect-back'] === undefined ? undefined : hostPort(values['connect-back']);
    options = {
      mode: oneOf('--mode', values.mode, MODES) as FakeSmgMode,
      nodeId: integer('--node-id', values['node-id']),
      accounts: values.accounts === undefined ? undefined : Object.fromEntries(values.accounts.split(',').map((p) => pair('--accounts', p))),
      connectBack: back && { ...back, loginName, loginPassword, connections: integer('--connections', values.connections, 1) },
      reports: { delayMs: integer('--report-delay', values['report-delay']), outcomes: values.outcomes === undefined ? undefined : parseWeights('--outcomes', values.outcomes, reportOutcome) },
      errorResult: optionalInteger('--error-result', values['error-result']),
      closeAfter: optionalInteger('--close-after', values['close-after']),
      slowMs: optionalInteger('--slow', values.slow),
      throttleEvery: optionalInteger('--throttle-every', values['throttle-every']),
      bindReject: optionalInteger('--bind-reject', values['bind-reject']),
    };
  } catch (error) {
    process.stderr.write(`kuaixin sim: ${(error as Error).message}\n`);
    return 2;
  }

  const smg = new FakeSmg(options);
  const address = await smg.listen(port, values.host).catch((error: Error) => error);
  if (address instanceof Error) {
    process.stderr.write(`kuaixin sim: cannot listen on ${values.host}:${values.port}: ${address.message}\n`);
    return 1;
  }
  log({ event: 'listening', protocol: 'sgip', host: address.address, port: address.port, mode: options.mode, connectBack: values['connect-back'] ?? null });
  smg.on('bound', (session) => log({ event: 'bound', loginName: session.identity, remote: session.remoteAddress }));
  smg.on('sessionClosed', (session, reason: string) => log({ event: 'closed', loginName: session.identity, reason }));

  const timers: NodeJS.Timeout[] = [];
  let moCounter = 0;
  if (moEvery && options.connectBack) {
    timers.push(
      setInterval(() => {
        const n = ++moCounter;
        smg.injectMo({ from: `86130${String(n % 1e8).padStart(8, '0')}`, to: values['mo-to'], text: `MO test ${n}` }).catch(() => undefined);
      }, moEvery),
    );
  }
  if (statsEvery > 0) timers.push(setInterval(() => log({ event: 'stats', ...smg.stats() }), statsEvery));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  for (const timer of timers) clearInterval(timer);
  await smg.close();
  log({ event: 'stopped', ...smg.stats() });
  return 0;
}

function pair(flag: string, text: string): [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new Error(`${flag} expects NAME:PASSWORD, got '${text}'`);
  return [text.slice(0, colon), text.slice(colon + 1)];
}

function hostPort(text: string): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) throw new Error(`--connect-back expects HOST:PORT, got '${text}'`);
  return { host: text.slice(0, colon), port: integer('--connect-back port', text.slice(colon + 1), 1) };
}

function reportOutcome(outcome: string): FakeReportOutcome {
  if (!/^(DELIVRD|ENROUTE|ERR:\d{1,3})$/.test(outcome)) throw new Error(`--outcomes: unknown outcome '${outcome}' (use DELIVRD, ENROUTE or ERR:<code>)`);
  return outcome as FakeReportOutcome;
}
