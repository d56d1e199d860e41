/**
 * The `mailwarden` entry point: `--help` with examples for every command, `--json` output shapes of
 * the account commands, and the errors people meet (a database that does not answer, an unknown
 * option, a user that does not exist).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { keysCommand, migrateCommand, usersCommand } from '../../src/cli/accounts.ts';
import { demoCommand } from '../../src/cli/demo/command.ts';
import { reportCliError } from '../../src/cli/errors.ts';
import { COMMAND_HELP } from '../../src/cli/help.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { captureIO, cliEnv, runCli } from './support.ts';

let testDb: TestDb;
let env: Record<string, string>;
before(async () => {
  testDb = await createTestDb();
  env = cliEnv(testDb);
});
after(() => testDb.cleanup());

/** Runs a command function in-process as main() would: output captured, a thrown error reported. */
async function inProcess(run: (io: ReturnType<typeof captureIO>) => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIO(env);
  let code: number;
  try {
    code = await run(io);
  } catch (error) {
    code = reportCliError(error, io.err);
  }
  return { code, stdout: io.stdout.map((l) => `${l}\n`).join(''), stderr: io.stderr.map((l) => `${l}\n`).join('') };
}

test('every command has --help with its usage and examples, and the bare command lists them all', async () => {
  const commands = Object.keys(COMMAND_HELP).sort();
  assert.deepEqual(commands, ['analyze', 'blacklist', 'demo', 'dns', 'import', 'keys', 'migrate', 'serve', 'users']);
  for (const command of commands) {
    assert.match(COMMAND_HELP[command]!, new RegExp(`^Usage: mailwarden ${command}`), command);
    assert.match(COMMAND_HELP[command]!, new RegExp(`\\nExamples:\\n( {2}.*mailwarden ${command}.*(\\n|$))+$`), command);
  }
  // The entry point prints them (one child process per kind of command; the lookup is the same for all).
  for (const command of ['demo', 'import', 'users']) {
    const run = await runCli([command, '--help'], env);
    assert.deepEqual([run.code, run.stdout], [0, `${COMMAND_HELP[command]}\n`]);
  }
  const usage = await runCli(['--help'], env);
  for (const command of commands) assert.match(usage.stdout, new RegExp(`^ {2}${command} `, 'm'));
});

test('migrate, users create and keys create print JSON with --json', async () => {
  const migrate = await inProcess((io) => migrateCommand(['--json'], io));
  assert.equal(migrate.code, 0, migrate.stderr);
  assert.deepEqual(JSON.parse(migrate.stdout), { engine: testDb.databaseUrl === undefined ? 'sqlite' : 'postgres', applied: [] });

  const user = await inProcess((io) => usersCommand(['create', '--email', 'Cli@Example.com', '--plan', 'pro', '--name', 'CLI person', '--json'], io));
  assert.equal(user.code, 0, user.stderr);
  const created = JSON.parse(user.stdout) as Record<string, string>;
  assert.deepEqual(Object.keys(created), ['id', 'email', 'name', 'plan', 'role', 'created_at']);
  assert.deepEqual([created.email, created.name, created.plan, created.role], ['cli@example.com', 'CLI person', 'pro', 'user']);

  const key = await inProcess((io) => keysCommand(['create', '--user', 'cli@example.com', '--permissions', 'emails:read,analytics:read', '--json'], io));
  assert.equal(key.code, 0, key.stderr);
  const issued = JSON.parse(key.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(issued), ['key_id', 'key', 'name', 'permissions', 'user']);
  assert.match(String(issued.key), /^sk_live_/);
  assert.deepEqual([issued.permissions, issued.user, issued.name], [['emails:read', 'analytics:read'], 'cli@example.com', 'CLI key']);
  // Without --json the key alone goes to stdout (for KEY=$(…)), the note to stderr.
  const plain = await inProcess((io) => keysCommand(['create', '--user', 'cli@example.com', '--permissions', 'read'], io));
  assert.match(plain.stdout, /^sk_live_\S+\n$/);
  assert.match(plain.stderr, /It is shown only once/);
});

test('errors say what happened and what to do', async () => {
  const unreachable = await runCli(['migrate'], { ...env, DATABASE_URL: 'postgres://mailwarden:secret@127.0.0.1:9/mailwarden', MAILWARDEN_SECRET: 'x'.repeat(40) });
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /^mailwarden: DATABASE_URL unreachable \(postgres:\/\/\*\*\*@127\.0\.0\.1:9\/mailwarden\): connect ECONNREFUSED 127\.0\.0\.1:9 — is PostgreSQL running, and listening on that host and port\?\n$/);
  assert.doesNotMatch(unreachable.stderr, /secret/);
  const unknownOption = await runCli(['demo', '--smpt', '127.0.0.1:2525'], env);
  assert.deepEqual([unknownOption.code, unknownOption.stderr], [2, 'mailwarden: Unknown option --smpt. Options here: --smtp, --seed, --out, --timeout, --json, --rotate-key.\n']);

  const badTarget = await inProcess((io) => demoCommand(['--smtp', 'localhost'], io));
  assert.deepEqual([badTarget.code, badTarget.stderr], [2, 'mailwarden: --smtp must be HOST:PORT, e.g. 127.0.0.1:2525 (got "localhost").\n']);
  const noUser = await inProcess((io) => keysCommand(['create', '--user', 'nobody@example.com', '--permissions', 'read'], io));
  assert.deepEqual([noUser.code, noUser.stderr], [2, 'mailwarden: No user with email nobody@example.com; create one with: mailwarden users create --email nobody@example.com\n']);
  const badConfig = await inProcess((io) => migrateCommand([], { ...io, env: { ...env, DATABASE_URL: 'mysql://x' } }));
  assert.equal(badConfig.code, 2);
  assert.match(badConfig.stderr, /DATABASE_URL must be a PostgreSQL URL/);
});
