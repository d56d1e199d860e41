/**
 * The credential key at server start, through the real CLI: generated once into DATA_DIR (SQLite mode),
 * or required explicitly (PostgreSQL mode), with a reason a person can act on.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, testEngine, type TestDb } from '../support/db.ts';
import { REPO_ROOT, startProcess, stopProcess } from '../support/processes.ts';

describe(`server start and the credential key (${testEngine})`, () => {
  let testDb: TestDb;
  before(async () => {
    testDb = await createTestDb();
  });
  after(() => testDb.cleanup());

  it('SQLite mode: generates DATA_DIR/secret.key (mode 600) on first start and keeps it', { skip: testEngine !== 'sqlite', timeout: 60_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-secret-'));
    try {
      const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };
      const first = await startProcess(['bin/mailwarden.js', 'serve', '--role', 'api'], env, /HTTP API listening on (http:\/\/[^\s"]+)/);
      await stopProcess(first.child);
      const file = path.join(dataDir, 'secret.key');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const key = fs.readFileSync(file, 'utf8');
      const second = await startProcess(['bin/mailwarden.js', 'serve', '--role', 'api'], env, /HTTP API listening on (http:\/\/[^\s"]+)/);
      await stopProcess(second.child);
      assert.equal(fs.readFileSync(file, 'utf8'), key);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL mode: refuses to start without MAILWARDEN_SECRET and says why', { skip: testEngine !== 'postgres' }, () => {
    const result = spawnSync(process.execPath, ['bin/mailwarden.js', 'serve', '--role', 'api'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: testDb.dataDir, DATABASE_URL: testDb.databaseUrl!, PORT: '0', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^mailwarden: MAILWARDEN_SECRET is not set\. In PostgreSQL mode several Mailwarden processes/);
    assert.equal(fs.existsSync(path.join(testDb.dataDir, 'secret.key')), false);
  });
});
