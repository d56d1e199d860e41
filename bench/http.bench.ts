/**
 * HTTP overhead: authenticated `GET /v1/users/me` (API-key lookup, plan, rate-limit counting, scope
 * check, envelope) against a bare Fastify hello-world, both measured here with the same autocannon
 * settings, each server in its own process.
 *
 * Rate limiting stays on and counts every request: the load rotates over enough Pro keys (300/min
 * each) that none reaches its limit, so every measured response is a real 200, not a cheap 429.
 * SQLite mode always; PostgreSQL mode too when BENCH_DATABASE_URL is set (a scratch database is
 * created on that server and dropped).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/platform/clock.ts';
import { migrate, openDatabase } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createServices } from '../src/services.ts';
import { createScratchDatabase } from '../test/support/postgres.ts';
import { startProcess, stopProcess } from '../test/support/processes.ts';
import { report } from './support.ts';
import { CLI_ACTOR } from '../src/accounts/actor.ts';
import { MAX_KEYS_PER_USER } from '../src/accounts/api-keys.service.ts';
import type { Mailer } from '../src/platform/mail/mailer.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;
const PIPELINING = 1;
const KEYS = 3_000;
/** The servers log their address as JSON: {"url":"http://127.0.0.1:port"}. */
const URL_IN_LOG = /"url":"(http:\/\/[^"]+)"/;
const WARMUP_KEYS = 1_000;

interface LoadResult {
  rps: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, requests?: Array<{ headers: Record<string, string> }>): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    duration: DURATION_S,
    ...(requests ? { requests: requests.map((r) => ({ method: 'GET' as const, headers: r.headers })) } : {}),
  });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx };
}

/** Pro keys and signed-in sessions (access tokens), enough that none reaches its per-minute limit. */
async function createCredentials(env: Record<string, string>): Promise<{ keys: string[]; accessTokens: string[] }> {
  const config = loadConfig(env);
  const db = await openDatabase(config);
  await migrate(db);
  const links: string[] = [];
  const mailer: Mailer = {
    kind: 'log',
    send: async (mail) => void links.push(/token=(mwl_[A-Za-z0-9_-]{43})/.exec(mail.text)![1]!),
    close: () => {},
  };
  const services = createServices({ config, db, clock: systemClock, logger: createLogger('silent'), mailer });
  const stamp = Date.now();
  const keys: string[] = [];
  let owner = await services.users.create({ email: `bench-${stamp}-keys-0@example.com`, plan: 'pro' });
  for (let i = 0; i < KEYS; i++) {
    // An account holds at most MAX_KEYS_PER_USER keys: spread them over several.
    if (i > 0 && i % MAX_KEYS_PER_USER === 0) owner = await services.users.create({ email: `bench-${stamp}-keys-${i}@example.com`, plan: 'pro' });
    keys.push((await services.apiKeys.create(owner, { name: `bench ${i}`, permissions: ['read'] }, { actor: CLI_ACTOR })).key);
  }
  const accessTokens: string[] = [];
  for (let i = 0; i < KEYS; i++) {
    const email = `bench-${stamp}-${i}@example.com`;
    await services.users.create({ email, plan: 'pro' });
    // A distinct client IP per request keeps the sign-in limits out of the way.
    const actor = { ...CLI_ACTOR, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` };
    await services.sessions.requestLink(email, actor);
    await services.sessions.drain();
    accessTokens.push((await services.sessions.verify(links.at(-1)!, actor)).accessToken);
  }
  await db.close();
  return { keys, accessTokens };
}

async function measureMailwarden(mode: string, env: Record<string, string>, bare: LoadResult): Promise<void> {
  const { keys, accessTokens } = await createCredentials(env);
  const server = await startProcess(['bin/mailwarden.js', 'serve', '--role', 'api'], { ...env, PORT: '0', LOG_LEVEL: 'info' }, URL_IN_LOG);
  try {
    const requests = keys.map((key) => ({ headers: { authorization: `Bearer ${key}` } }));
    // Warm-up (JIT) on keys of its own, so the measured run starts with fresh counters.
    await load(`${server.ready}/v1/users/me`, requests.slice(0, WARMUP_KEYS));
    const result = await load(`${server.ready}/v1/users/me`, requests.slice(WARMUP_KEYS));
    const workload = `GET /v1/users/me, ${KEYS - WARMUP_KEYS} pro keys in rotation, rate limiting on, ${CONNECTIONS} connections, ${DURATION_S}s, LOG_LEVEL=${process.env.BENCH_LOG_LEVEL ?? "info"}`;
    report({ name: `http_users_me_${mode}_rps`, value: Math.round(result.rps), unit: 'req/s', non_2xx: result.non2xx, workload });
    report({ name: `http_users_me_${mode}_p99`, value: result.p99, unit: 'ms', workload });
    report({
      name: `http_users_me_${mode}_vs_bare_fastify`,
      value: Math.round((result.rps / bare.rps) * 1000) / 10,
      unit: '%',
      target: '>= 50 % (SQLite mode)',
    });

    // The same request signed in with a session's access token instead of an API key.
    const sessionRequests = accessTokens.map((token) => ({ headers: { authorization: `Bearer ${token}` } }));
    await load(`${server.ready}/v1/users/me`, sessionRequests.slice(0, WARMUP_KEYS));
    const sessions = await load(`${server.ready}/v1/users/me`, sessionRequests.slice(WARMUP_KEYS));
    const sessionWorkload = `GET /v1/users/me with access tokens of ${KEYS - WARMUP_KEYS} pro sessions, rate limiting on, ${CONNECTIONS} connections, ${DURATION_S}s`;
    report({ name: `http_users_me_session_${mode}_rps`, value: Math.round(sessions.rps), unit: 'req/s', non_2xx: sessions.non2xx, workload: sessionWorkload });
    report({ name: `http_users_me_session_${mode}_p99`, value: sessions.p99, unit: 'ms', workload: sessionWorkload });
  } finally {
    await stopProcess(server.child);
  }
}

export async function run(): Promise<void> {
  const bareServer = await startProcess(['bench/fixtures/bare-fastify.ts'], {}, URL_IN_LOG);
  let bare: LoadResult;
  try {
    await load(bareServer.ready);
    bare = await load(bareServer.ready);
  } finally {
    await stopProcess(bareServer.child);
  }
  const bareWorkload = `GET / hello-world, ${CONNECTIONS} connections, ${DURATION_S}s`;
  report({ name: 'http_bare_fastify_rps', value: Math.round(bare.rps), unit: 'req/s', workload: bareWorkload });
  report({ name: 'http_bare_fastify_p99', value: bare.p99, unit: 'ms', workload: bareWorkload });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-bench-'));
  try {
    await measureMailwarden('sqlite', { DATA_DIR: dataDir }, bare);
    if (process.env.BENCH_DATABASE_URL) {
      const scratch = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mw_bench');
      try {
        await measureMailwarden('postgres', { DATA_DIR: dataDir, DATABASE_URL: scratch.url, MAILWARDEN_SECRET: 'bench-secret-0123456789abcdef0123456789' }, bare);
      } finally {
        await scratch.drop();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
