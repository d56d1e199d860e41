/**
 * The `mailwarden` command. `main(argv)` returns an exit code; nothing runs at import time unless
 * this file is the entry point.
 */
import fs from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { parseArgs, required, UsageError } from './cli/args.ts';
import { parseRoles, startServer } from './cli/serve.ts';
import { analyzeCommand } from './cli/analyze.ts';
import { blacklistCommand, dnsCommand } from './cli/checks.ts';
import { DatabaseOpenError, migrate, openDatabase, type Db } from './platform/db/index.ts';
import { createLogger } from './platform/logger.ts';
import { systemClock } from './platform/clock.ts';
import { createServices } from './services.ts';
import { DomainError } from './platform/errors.ts';
import { VaultKeyError } from './platform/vault.ts';
import { CLI_ACTOR } from './accounts/actor.ts';

const USAGE = `Usage: mailwarden <command>

  serve [--role api|smtp|worker]       run the server (all roles when --role is omitted)
  migrate                              apply pending database migrations
  users create --email <e> [--plan free|pro|enterprise] [--role user|admin] [--name <n>]
  keys create --user <email> --permissions <a,b> [--name <n>]   prints the new key once
  analyze PATH... [--json] [--threads N]   score .eml files or directories offline (no server, no database)

  dns check DOMAIN [--ip IP] [--selector S] [--json]   SPF, DKIM, DMARC, MX, PTR findings (no server, no database)
  blacklist check IP [--domain D] [--json]   scan the DNS blacklists (exit 1 when listed)

Configuration comes from environment variables; see README.md.`;

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function withDatabase<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db);
    return await run(db);
  } finally {
    await db.close();
  }
}

async function serve(argv: string[]): Promise<number> {
  const { options } = parseArgs(argv, ['role']);
  const roles = parseRoles(options.role);
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger, roles, readVersion());
  // The background loops' timers do not hold the process open (tests and `demo` stop them and exit), and
  // a worker-only process has no listening socket: this keeps `serve` running until a signal.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  logger.info({ roles }, `Mailwarden is running (${roles.join(', ')}); stop it with Ctrl+C or SIGTERM.`);
  logger.flush();
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'Shutting down');
      server.stop().then(
        () => {
          logger.info('Stopped');
          logger.flush();
          resolve();
        },
        (error: unknown) => {
          logger.error({ err: error }, 'Error during shutdown');
          logger.flush();
          resolve();
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  clearInterval(keepAlive);
  return 0;
}

async function usersCommand(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['email', 'plan', 'role', 'name']);
  if (positionals[0] !== 'create') throw new UsageError('Usage: mailwarden users create --email <e> [--plan p] [--role r] [--name n]');
  return withDatabase(async (db) => {
    const services = createServices({ config: loadConfig(), db, clock: systemClock, logger: createLogger('warn') });
    const user = await services.users.create({ email: required(options, 'email'), plan: options.plan, role: options.role, name: options.name });
    process.stdout.write(`Created user ${user.id} <${user.email}> plan=${user.plan} role=${user.role}\n`);
    return 0;
  });
}

async function keysCommand(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['user', 'permissions', 'name']);
  if (positionals[0] !== 'create') throw new UsageError('Usage: mailwarden keys create --user <email> --permissions <a,b> [--name n]');
  return withDatabase(async (db) => {
    const services = createServices({ config: loadConfig(), db, clock: systemClock, logger: createLogger('warn') });
    const email = required(options, 'user');
    const user = await services.users.findByEmail(email);
    if (user === undefined) throw new UsageError(`No user with email ${email}; create one with: mailwarden users create --email ${email}`);
    const permissions = required(options, 'permissions').split(',').map((p) => p.trim()).filter((p) => p !== '');
    const { key, row } = await services.apiKeys.create(user, { name: options.name ?? 'CLI key', permissions }, { actor: CLI_ACTOR });
    process.stderr.write(`Created key ${row.id} for ${user.email} with ${permissions.join(', ')}. It is shown only once:\n`);
    process.stdout.write(`${key}\n`);
    return 0;
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'migrate': {
        const applied = await withDatabase((db) => migrate(db));
        process.stdout.write(applied.length === 0 ? 'Database is up to date.\n' : `Applied: ${applied.join(', ')}\n`);
        return 0;
      }
      case 'users':
        return await usersCommand(rest);
      case 'keys':
        return await keysCommand(rest);
      case 'analyze': {
        const { positionals, options } = parseArgs(rest, ['threads'], ['json']);
        return await analyzeCommand(positionals, { json: options.json === 'true', threads: options.threads === undefined ? undefined : Number(options.threads) });
      }
      case 'dns':
        return await dnsCommand(rest);
      case 'blacklist':
        return await blacklistCommand(rest);
      case undefined:
      case 'help':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`mailwarden: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof DatabaseOpenError || error instanceof DomainError || error instanceof VaultKeyError) {
      process.stderr.write(`mailwarden: ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`mailwarden: the port is already in use (${(error as Error).message}); set PORT to a free port.\n`);
      return 1;
    }
    process.stderr.write(`mailwarden: unexpected error: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
