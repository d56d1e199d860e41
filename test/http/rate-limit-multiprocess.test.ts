/**
 * Rate limits hold across server processes sharing one PostgreSQL (CONTRACT.md §1.2, multi-node).
 * Starts two real `mailwarden serve --role api` processes and spreads one key's requests over both.
 * PostgreSQL only: in SQLite mode a database file belongs to one server process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createServices } from '../../src/services.ts';
import { createTestDb, testEngine, type TestDb } from '../support/db.ts';
import { CLI_ACTOR } from '../../src/accounts/actor.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/mailwarden.js');

function startServer(databaseUrl: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--role', 'api'], {
    // PostgreSQL mode requires MAILWARDEN_SECRET (the credential vault's key, shared by every process).
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', MAILWARDEN_SECRET: 'test-secret-0123456789abcdef0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
}

describe('rate limits across two server processes', { skip: testEngine !== 'postgres' && 'needs PostgreSQL (DATABASE_URL_TEST)' }, () => {
  let testDb: TestDb;
  const servers: Array<{ child: ChildProcess; url: string }> = [];
  before(async () => {
    testDb = await createTestDb();
    servers.push(await startServer(testDb.databaseUrl!, testDb.dataDir), await startServer(testDb.databaseUrl!, testDb.dataDir));
  });
  after(async () => {
    for (const { child } of servers) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await testDb.cleanup();
  });

  it('lets exactly the free plan\'s 60 requests a minute through, whichever process serves them', async () => {
    const services = createServices({ config: loadConfig({ DATA_DIR: testDb.dataDir }), db: testDb.db, clock: systemClock, logger: createLogger('silent') });
    const user = await services.users.create({ email: 'multi@example.com', plan: 'free' });
    const { key } = await services.apiKeys.create(user, { name: 'multi', permissions: ['read'] }, { actor: CLI_ACTOR });

    // Keep the burst inside one minute window.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const windowBefore = Math.floor(Date.now() / 60_000);

    const requests = Array.from({ length: 90 }, (_, i) =>
      fetch(`${servers[i % 2]!.url}/v1/users/me`, { headers: { authorization: `Bearer ${key}` } }).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      }),
    );
    const statuses = await Promise.all(requests);
    assert.equal(Math.floor(Date.now() / 60_000), windowBefore, 'the burst stayed inside one minute');

    assert.equal(statuses.filter((s) => s === 200).length, 60);
    assert.equal(statuses.filter((s) => s === 429).length, 30);
    const servedBy = [0, 1].map((n) => statuses.filter((s, i) => i % 2 === n && s === 200).length);
    assert.ok(servedBy[0]! > 0 && servedBy[1]! > 0, 'both processes served some of the allowed requests');
  });
});
