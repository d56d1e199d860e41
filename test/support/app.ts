/**
 * A Mailwarden app on a fresh database, plus helpers to create users and keys, for HTTP tests
 * through `app.inject()`. Logs are captured in memory so tests can read them.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { CLI_ACTOR } from '../../src/accounts/actor.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { createLogger, type Logger } from '../../src/platform/logger.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDb, type TestDb } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  clock: ManualClock;
  config: Config;
  logger: Logger;
  testDb: TestDb;
  /** Every log line written so far, parsed. */
  logs: Array<Record<string, unknown>>;
  createUser(plan?: string, role?: string): Promise<{ id: string; email: string }>;
  createKey(userId: string, permissions: string[], rateLimit?: { perMinute?: number; perHour?: number; perDay?: number }): Promise<string>;
  close(): Promise<void>;
}

let userCounter = 0;

export async function createTestApp(
  options: { env?: Record<string, string>; extraRoutes?: { threat?: FastifyPluginAsync[]; deliverability?: FastifyPluginAsync[] } } = {},
): Promise<TestApp> {
  const testDb = await createTestDb();
  // No DNS in unit tests: authentication checks run in the harness suite, against Unbound on loopback.
  // Two analysis threads at most: test files run two at a time on a 2-core machine.
  // PostgreSQL mode needs MAILWARDEN_SECRET for anything the vault encrypts (alert secrets, webhook secrets,
  // mailbox passwords); SQLite mode generates a key file in the test's data directory.
  const secret = testDb.db.engine === 'postgres' ? { MAILWARDEN_SECRET: 'test-app-vault-secret-0123456789abcdef0123' } : {};
  const config = loadConfig({ DATA_DIR: testDb.dataDir, LOG_LEVEL: 'info', ANALYSIS_AUTH_CHECKS: 'false', ANALYSIS_THREADS: '1', ...secret, ...options.env });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const clock = new ManualClock('2026-03-12T14:30:15.000Z');
  const services = createServices({ config, db: testDb.db, clock, logger });
  const app = await buildApp({ config, db: testDb.db, clock, logger, services, version: '0.0.0-test', extraRoutes: options.extraRoutes });
  await app.ready();
  return {
    app,
    services,
    clock,
    config,
    logger,
    testDb,
    logs,
    async createUser(plan = 'pro', role = 'user') {
      userCounter += 1;
      const user = await services.users.create({ email: `user${userCounter}-${Date.now()}@example.test`, plan, role });
      return { id: user.id, email: user.email };
    },
    async createKey(userId, permissions, rateLimit) {
      const owner = await services.users.findById(userId);
      if (owner === undefined) throw new Error(`createKey: no user ${userId}`);
      const { key } = await services.apiKeys.create(owner, { name: 'test key', permissions, rateLimit }, { actor: CLI_ACTOR });
      return key;
    },
    async close() {
      await services.analysis.stop();
      await app.close();
      await services.sessions.drain();
      services.mailer.close();
      await testDb.cleanup();
    },
  };
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
