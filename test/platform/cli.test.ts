/**
 * The `mailwarden` command, run as a real process (through bin/mailwarden.js, as `npx mailwarden`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../support/db.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/mailwarden.js');

describe('mailwarden CLI', () => {
  let testDb: TestDb;
  before(async () => {
    testDb = await createTestDb();
  });
  after(() => testDb.cleanup());

  function run(args: string[], env: Record<string, string> = {}) {
    const base: Record<string, string> = { PATH: process.env.PATH ?? '', DATA_DIR: testDb.dataDir, LOG_LEVEL: 'warn' };
    if (testDb.databaseUrl) base.DATABASE_URL = testDb.databaseUrl;
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...base, ...env }, encoding: 'utf8', timeout: 30_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('migrates, creates a user, and prints a new key once', async () => {
    assert.equal(run(['migrate']).code, 0);
    const created = run(['users', 'create', '--email', 'Ops@Example.com', '--plan', 'pro', '--role', 'admin']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created user user_\w+ <ops@example.com> plan=pro role=admin/);

    const key = run(['keys', 'create', '--user', 'ops@example.com', '--permissions', 'read,emails:read', '--name', 'ci']);
    assert.equal(key.code, 0, key.stderr);
    assert.match(key.stdout.trim(), /^sk_live_[A-Za-z0-9_-]{43}$/);
    const stored = await testDb.db.kysely.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    assert.equal(stored.name, 'ci');
    assert.deepEqual(JSON.parse(stored.permissions), ['read', 'emails:read']);
  });

  const failures: Array<{ name: string; args: string[]; env?: Record<string, string>; message: RegExp }> = [
    { name: 'an unknown plan', args: ['users', 'create', '--email', 'x@example.com', '--plan', 'gold'], message: /Unknown plan "gold"/ },
    { name: 'a duplicate user', args: ['users', 'create', '--email', 'ops@example.com'], message: /already exists/ },
    { name: 'an unknown permission', args: ['keys', 'create', '--user', 'ops@example.com', '--permissions', 'root'], message: /Unknown permission\(s\) "root"/ },
    { name: 'a key for a missing user', args: ['keys', 'create', '--user', 'nobody@example.com', '--permissions', 'read'], message: /No user with email/ },
    { name: 'an unknown option', args: ['users', 'create', '--emial', 'x@example.com'], message: /Unknown option --emial/ },
    { name: 'an unknown command', args: ['launch'], message: /Unknown command "launch"/ },
    { name: 'an unknown role', args: ['serve', '--role', 'mx'], message: /Unknown role "mx"/ },
    { name: 'an unwritable DATA_DIR', args: ['migrate'], env: { DATA_DIR: '/proc/mailwarden-cannot-exist', DATABASE_URL: '' }, message: /DATA_DIR .* is not a writable directory/ },
    { name: 'an unreachable DATABASE_URL', args: ['migrate'], env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, message: /DATABASE_URL unreachable \(postgres:\/\/\*\*\*@127.0.0.1:1\/none\): connect ECONNREFUSED 127\.0\.0\.1:1 — is PostgreSQL running/ },
    { name: 'invalid configuration', args: ['migrate'], env: { PORT: 'x', LOG_LEVEL: 'loud' }, message: /PORT="x"[\s\S]*LOG_LEVEL="loud"/ },
  ];
  for (const f of failures) {
    it(`fails on ${f.name} with a readable reason and a non-zero exit`, () => {
      const result = run(f.args, f.env);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, f.message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  it('creates DATA_DIR when it does not exist yet', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mw-cli-')), 'nested', 'data');
    const result = run(['migrate'], { DATA_DIR: dir, DATABASE_URL: '' });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'mailwarden.db')));
  });
});
