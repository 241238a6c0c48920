// The `kuaixin` command: dispatches to its subcommands, loading only the one asked for.

const USAGE = `usage: kuaixin <command> [options]

commands:
  start      run the platform: API and console on :8080, SMPP server on :2775 (kuaixin start --help)
  sim        run a fake carrier SMSC (SMPP) or SMGW (--protocol smgp) on a port (kuaixin sim --help)
  send       send a text through a running platform's API, optionally waiting for receipts (kuaixin send --help)
  account    list, create, suspend and activate accounts; add API keys and SMPP logins (kuaixin account --help)
  user       list, add, lock and unlock console users, set their passwords (kuaixin user --help)
  connector  list, add, remove, enable and disable upstream connectors (kuaixin connector --help)
  backup     write all of the platform's data to a file, while it runs (kuaixin backup --help)
  restore    replace the store's data with a backup (kuaixin restore --help)
`;

/** Runs the command line and resolves with the exit code once the command has finished. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'sim':
      return (await import('./sim-command.ts')).simCommand(rest);
    case 'start':
      return (await import('./start-command.ts')).startCommand(rest);
    case 'send':
      return (await import('./send-command.ts')).sendCommand(rest);
    case 'account':
      return (await import('./account-command.ts')).accountCommand(rest);
    case 'user':
      return (await import('./user-command.ts')).userCommand(rest);
    case 'connector':
      return (await import('./connector-command.ts')).connectorCommand(rest);
    case 'backup':
      return (await import('./backup-command.ts')).backupCommand(rest);
    case 'restore':
      return (await import('./backup-command.ts')).restoreCommand(rest);
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
