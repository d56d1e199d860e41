/**
 * `mailwarden migrate`, `mailwarden users create` and `mailwarden keys create`.
 */
import { CLI_ACTOR } from '../accounts/actor.ts';
import { loadConfig } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { createServices } from '../services.ts';
import { parseArgs, required, UsageError } from './args.ts';
import { withDatabase } from './database.ts';
import type { CliIO } from './output.ts';

export async function migrateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { positionals, options } = parseArgs(argv, [], ['json']);
  if (positionals.length > 0) throw new UsageError('Usage: mailwarden migrate [--json]');
  const config = loadConfig(io.env);
  const applied = await withDatabase(config, async (_db, names) => names);
  if (options.json === 'true') io.out(JSON.stringify({ engine: config.databaseEngine, applied }));
  else io.out(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
  return 0;
}

export async function usersCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['email', 'plan', 'role', 'name'], ['json']);
  if (positionals[0] !== 'create') throw new UsageError('Usage: mailwarden users create --email <e> [--plan p] [--role r] [--name n] [--json]  (see mailwarden users --help)');
  const config = loadConfig(io.env);
  return withDatabase(config, async (db) => {
    const services = createServices({ config, db, clock: systemClock, logger: createLogger('warn') });
    const user = await services.users.create({ email: required(options, 'email'), plan: options.plan, role: options.role, name: options.name });
    if (options.json === 'true') io.out(JSON.stringify({ id: user.id, email: user.email, name: user.name, plan: user.plan, role: user.role, created_at: user.created_at }));
    else io.out(`Created user ${user.id} <${user.email}> plan=${user.plan} role=${user.role}`);
    return 0;
  });
}

export async function keysCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['user', 'permissions', 'name'], ['json']);
  if (positionals[0] !== 'create') throw new UsageError('Usage: mailwarden keys create --user <email> --permissions <a,b> [--name n] [--json]  (see mailwarden keys --help)');
  const config = loadConfig(io.env);
  return withDatabase(config, async (db) => {
    const services = createServices({ config, db, clock: systemClock, logger: createLogger('warn') });
    const email = required(options, 'user');
    const user = await services.users.findByEmail(email);
    if (user === undefined) throw new UsageError(`No user with email ${email}; create one with: mailwarden users create --email ${email}`);
    const permissions = required(options, 'permissions').split(',').map((p) => p.trim()).filter((p) => p !== '');
    const { key, row } = await services.apiKeys.create(user, { name: options.name ?? 'CLI key', permissions }, { actor: CLI_ACTOR });
    if (options.json === 'true') {
      io.out(JSON.stringify({ key_id: row.id, key, name: row.name, permissions, user: user.email }));
      return 0;
    }
    io.err(`Created key ${row.id} for ${user.email} with ${permissions.join(', ')}. It is shown only once:`);
    io.out(key);
    return 0;
  });
}
