/**
 * The `mailwarden` command. `main(argv)` returns an exit code; nothing runs at import time unless
 * this file is the entry point.
 */
import fs from 'node:fs';
import { loadConfig } from './config.ts';
import { parseArgs, UsageError } from './cli/args.ts';
import { parseRoles, startServer } from './cli/serve.ts';
import { analyzeCommand } from './cli/analyze.ts';
import { blacklistCommand, dnsCommand } from './cli/checks.ts';
import { keysCommand, migrateCommand, usersCommand } from './cli/accounts.ts';
import { demoCommand } from './cli/demo/command.ts';
import { importCommand } from './cli/import.ts';
import { commandHelp } from './cli/help.ts';
import { reportCliError } from './cli/errors.ts';
import { interruptSignal, processIO } from './cli/output.ts';
import { createLogger } from './platform/logger.ts';

const USAGE = `Usage: mailwarden <command>

  serve [--role api|smtp|worker]       run the server (all roles when --role is omitted)
  migrate [--json]                     apply pending database migrations
  users create --email <e> [--plan free|pro|enterprise] [--role user|admin] [--name <n>] [--json]
  keys create --user <email> --permissions <a,b> [--name <n>] [--json]   prints the new key once
  analyze PATH... [--json] [--csv FILE] [--threads N]   score .eml files, directories or mbox files offline (no server, no database)
  import PATH... --honeypot ADDRESS [--json]   load an mbox or .eml archive into a honeypot (resumable, skips duplicates)
  demo [--smtp HOST:PORT] [--json]     sample data: demo user, key, 10 honeypots, 100 emails sent over SMTP and analysed

  dns check DOMAIN [--ip IP] [--selector S] [--json]   SPF, DKIM, DMARC, MX, PTR findings (no server, no database)
  blacklist check IP [--domain D] [--json]   scan the DNS blacklists (exit 1 when listed)

Every command explains itself with --help (mailwarden <command> --help).
Configuration comes from environment variables; see README.md.`;

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
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

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = processIO();
  const help = command === undefined ? undefined : commandHelp(command);
  if (help !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(help);
    return 0;
  }
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'migrate':
        return await migrateCommand(rest, io);
      case 'users':
        return await usersCommand(rest, io);
      case 'keys':
        return await keysCommand(rest, io);
      case 'analyze': {
        const { positionals, options } = parseArgs(rest, ['threads', 'csv'], ['json']);
        return await analyzeCommand(positionals, { json: options.json === 'true', csv: options.csv, threads: options.threads === undefined ? undefined : Number(options.threads), io });
      }
      case 'import':
        return await importCommand(rest, io, { signal: interruptSignal() });
      case 'demo':
        return await demoCommand(rest, io);
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
    return reportCliError(error, io.err);
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
