// The `kuaixin` command: dispatches to its subcommands.
import { simCommand } from './sim-command.ts';
import { startCommand } from './start-command.ts';

const USAGE = `usage: kuaixin <command> [options]

commands:
  start      run the platform: API and console on :8080, SMPP server on :2775 (kuaixin start --help)
  sim        run a fake carrier SMSC on a port (kuaixin sim --help)
`;

/** Runs the command line and resolves with the exit code once the command has finished. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'sim':
      return simCommand(rest);
    case 'start':
      return startCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`kuaixin: unknown command '${command}'\n${USAGE}`);
      return 1;
  }
}
