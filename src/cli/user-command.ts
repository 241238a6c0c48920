// `kuaixin user …`: console users straight in the store — list, add, set a password, lock and unlock — for the
// operator who cannot sign in (first admin, forgotten password, locked out) or scripts provisioning accounts.
import { hashPassword, newSecret } from '../core/auth/secrets.ts';
import { USER_ROLES, type Store, type User } from '../store/types.ts';
import { dispatchAction, oneOf, parseOptions, recordId, RefusedError, required, table, UsageError, type Action } from './cli-args.ts';
import { withConfiguredStore } from './cli-store.ts';

const HELP = `usage: kuaixin user <action> [options]

Works directly on the store the configuration names (--config FILE, KUAIXIN_CONFIG or
DATABASE_URL, as for kuaixin start), migrating it first. A running platform sees the changes
at the user's next sign-in or request.

actions:
  list [--account ID]                   username, account, role and status of every user
                                        (or of one account's users)
  add --username U --role ROLE [--account ID] [--password P]
                                        a new console user; ROLE is admin (runs the platform,
                                        no --account) or owner, operator, viewer (need --account)
  passwd --username U [--password P]    a new password; ends the user's open sessions and clears
                                        a lock-out after failed sign-ins
  lock --username U                     the user can no longer sign in; open sessions end
  unlock --username U                   undo lock, and clear a lock-out after failed sign-ins

options for every action:
  -c, --config FILE                     configuration file (YAML or JSON)
  -h, --help                            this text

Without --password, add and passwd make a random password and print it alone on stdout, once:
PW=$(kuaixin user passwd --username admin). A password given is at least 8 characters.
Exit codes: 0 done, 1 refused (unknown or duplicate user, unknown account, store unavailable),
2 usage error.
`;

const COMMON = { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h', default: false } } as const;

const ACTIONS: Record<string, Action> = {
  async list(argv) {
    const values = parseOptions(argv, { ...COMMON, account: { type: 'string' } });
    if (values.help) return help();
    const accountId = values.account === undefined ? null : recordId('--account', values.account);
    const users = await withConfiguredStore(values.config, async (store) => {
      if (accountId !== null) await existingAccount(store, accountId);
      return store.users.list(accountId);
    });
    const now = Date.now();
    if (users.length === 0) process.stdout.write('no users\n');
    else process.stdout.write(table(['USERNAME', 'ACCOUNT', 'ROLE', 'STATUS'], users.map((u) => [u.username, u.accountId ?? '-', u.role, statusOf(u, now)])));
    return 0;
  },

  async add(argv) {
    const values = parseOptions(argv, { ...COMMON, username: { type: 'string' }, role: { type: 'string' }, account: { type: 'string' }, password: { type: 'string' } });
    if (values.help) return help();
    const username = usernameOf(values.username);
    const role = oneOf('--role', required('--role', values.role), USER_ROLES);
    if (role === 'admin' && values.account !== undefined) throw new UsageError('--account is not for --role admin: administrators run the whole platform');
    if (role !== 'admin' && values.account === undefined) throw new UsageError(`--account is required for --role ${role}`);
    const accountId = role === 'admin' ? null : recordId('--account', values.account);
    const { password, generated } = passwordOf(values.password);
    await withConfiguredStore(values.config, async (store) => {
      if (await store.users.get(username)) throw new RefusedError(`user ${username} already exists (kuaixin user passwd --username ${username} sets a new password)`);
      if (accountId !== null) await existingAccount(store, accountId);
      await store.users.upsert({ username, passwordHash: await hashPassword(password), accountId, role, createdAt: Date.now(), disabled: false });
    });
    const where = accountId === null ? 'the platform' : `account ${accountId}`;
    report(generated, password, `added ${role} ${username} of ${where}`);
    return 0;
  },

  async passwd(argv) {
    const values = parseOptions(argv, { ...COMMON, username: { type: 'string' }, password: { type: 'string' } });
    if (values.help) return help();
    const username = usernameOf(values.username);
    const { password, generated } = passwordOf(values.password);
    await withConfiguredStore(values.config, async (store) => {
      const user = await existingUser(store, username);
      // Sessions issued before now are refused: whoever knew the old password is signed out.
      await store.users.upsert({ ...user, passwordHash: await hashPassword(password), sessionsValidFrom: Date.now() });
      await store.users.clearFailures(username);
    });
    report(generated, password, `new password for ${username}; its open sessions have ended`);
    return 0;
  },

  lock: (argv) => setLocked(argv, true),
  unlock: (argv) => setLocked(argv, false),
};

export function userCommand(argv: string[]): Promise<number> {
  return dispatchAction('user', HELP, ACTIONS, argv);
}

function help(): number {
  process.stdout.write(HELP);
  return 0;
}

async function setLocked(argv: string[], locked: boolean): Promise<number> {
  const values = parseOptions(argv, { ...COMMON, username: { type: 'string' } });
  if (values.help) return help();
  const username = usernameOf(values.username);
  const message = await withConfiguredStore(values.config, async (store) => {
    const user = await existingUser(store, username);
    const now = Date.now();
    if (locked) {
      if (user.disabled) return `user ${username} was already locked`;
      await store.users.upsert({ ...user, disabled: true, sessionsValidFrom: now });
      return `user ${username} is now locked: it cannot sign in and its open sessions have ended`;
    }
    const lockedOut = (user.lockedUntil ?? 0) > now;
    if (!user.disabled && !lockedOut && !user.failedLogins) return `user ${username} was not locked`;
    if (user.disabled) await store.users.upsert({ ...user, disabled: false });
    await store.users.clearFailures(username);
    return `user ${username} is unlocked${lockedOut ? ' (its lock-out after failed sign-ins is cleared too)' : ''}`;
  });
  process.stdout.write(`${message}\n`);
  return 0;
}

/** The console's rule for usernames (routes/users.ts). */
function usernameOf(value: string | undefined): string {
  const username = required('--username', value);
  if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(username)) throw new UsageError(`--username must be 1–64 characters of A–Z, a–z, 0–9, '_', '.', '@', '-', got '${username}'`);
  return username;
}

function passwordOf(value: string | undefined): { password: string; generated: boolean } {
  if (value === undefined) return { password: newSecret(12), generated: true };
  if (value.length < 8 || value.length > 200) throw new UsageError(`--password must be 8–200 characters, got ${value.length}`);
  return { password: value, generated: false };
}

/** A generated password alone on stdout (for scripts), the note on stderr; otherwise the note on stdout. */
function report(generated: boolean, password: string, note: string): void {
  if (generated) {
    process.stderr.write(`${note}; the password, shown only now:\n`);
    process.stdout.write(`${password}\n`);
  } else {
    process.stdout.write(`${note}\n`);
  }
}

function statusOf(user: User, now: number): string {
  if (user.disabled) return 'locked';
  if ((user.lockedUntil ?? 0) > now) return `locked out until ${new Date(user.lockedUntil!).toISOString()}`;
  return 'active';
}

async function existingUser(store: Store, username: string): Promise<User> {
  const user = await store.users.get(username);
  if (!user) throw new RefusedError(`no user ${username} (kuaixin user list shows them)`);
  return user;
}

async function existingAccount(store: Store, id: string): Promise<void> {
  if (!(await store.accounts.get(id))) throw new RefusedError(`no account ${id} (kuaixin account list shows them)`);
}
