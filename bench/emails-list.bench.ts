/**
 * Benchmark: `GET /v1/emails?threat_score=gte:60&sort=received_at:desc&limit=25` through the whole app
 * (auth, list machinery with the exact `total`, envelope, serialization) via `app.inject`, over
 * 1,000,000 captured emails of one user plus 100,000 of other users the tenancy scope must skip.
 * Target (issue 4): p99 ≤ 20 ms and ≥ 2,000 req/s.
 *
 * Rows are loaded straight into the migrated `emails` table (indexes dropped during the load and
 * rebuilt after, then ANALYZE). Score distribution: 5 % still pending (NULL), otherwise ~60 % low
 * (0–39), ~20 % 40–59, ~20 % ≥ 60 — most honeypot mail is plain spam.
 *
 *   npx node bench/emails-list.bench.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npx node bench/emails-list.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { CLI_ACTOR } from '../src/accounts/actor.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { migrate, openDatabase, sqliteFile, type Db } from '../src/platform/db/index.ts';
import type { Database, EmailsTable } from '../src/platform/db/schema.ts';
import { openSqlite } from '../src/platform/db/sqlite.ts';
import { newId } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createServices } from '../src/services.ts';
import { createScratchDatabase } from '../test/support/postgres.ts';
import { prng, quantile, report } from './support.ts';

const MAIN_ROWS = 1_000_000;
const OTHER_ROWS = 100_000;
const RUNS = 2_000;
const WARMUP_RUNS = 100;
const BATCH = 500;
const START_MS = Date.parse('2025-01-01T00:00:00.000Z');
const SPAN_MS = 365 * 24 * 3600 * 1000;
const URL = '/v1/emails?threat_score=gte:60&sort=received_at:desc&limit=25';
const WORDS = ['invoice', 'urgent', 'password', 'reset', 'account', 'payment', 'delivery', 'prize', 'verify', 'bank', 'refund', 'login'];
const CLASSES = ['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL'] as const;

/** Only the columns ingest writes; the analysis columns keep their defaults. */
type EmailInsert = Omit<EmailsTable, 'analysis_attempts' | 'origin_ip' | 'origin_country' | 'origin_asn' | 'origin_as_org'> & Partial<Record<'indicators' | 'iocs', string | null>>;

function* emailRows(main: { userId: string; honeypotId: string }, other: { userId: string; honeypotId: string }): Generator<EmailInsert> {
  const random = prng(7);
  const total = MAIN_ROWS + OTHER_ROWS;
  for (let i = 0; i < total; i++) {
    const ms = START_MS + Math.floor((i / total) * SPAN_MS);
    const owner = i % 11 === 0 ? other : main;
    const r = random();
    const pending = r < 0.05;
    const score = pending ? null : r < 0.62 ? Math.floor(random() * 40) : r < 0.81 ? 40 + Math.floor(random() * 20) : 60 + Math.floor(random() * 40);
    yield {
      id: newId('email', ms), user_id: owner.userId, honeypot_id: owner.honeypotId, received_at: new Date(ms).toISOString(),
      from_address: `sender${i % 5000}@spam${i % 97}.example`, from_name: null, to_addresses: 'trap@traps.example',
      subject: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} #${i}`, message_id: `<${i}@bench>`, size: 2_000 + Math.floor(random() * 40_000),
      threat_score: score, malware_score: pending ? null : Math.floor(random() * 30), spam_score: pending ? null : Math.floor(random() * 100),
      phishing_score: score, reputation_score: pending ? null : 50, classification: score === null ? null : CLASSES[Math.min(4, Math.floor(score / 20))]!,
      analysis_status: pending ? 'pending' : 'complete', attachment_count: i % 5 === 0 ? 1 : 0, raw_sha256: 'a'.repeat(64),
      headers: '{}', body_text: null, body_html: null, parse_warnings: '[]', transport: 'smtp', smtp_server: 'mx.bench', smtp_ip: '203.0.113.9',
      smtp_port: 40000, smtp_helo: 'bench', smtp_tls: 0, smtp_mail_from: null,
      indicators: null, iocs: null, auth_results: null, fingerprint: null, body_simhash: null, sender_domain: null, campaign_id: null,
      analysis_claimed_until: null, analyzed_at: null, analysis_error: null,
    };
  }
}

/** Every row has the same keys in the same order. */
function columnsOf(row: EmailInsert): string[] {
  return Object.keys(row);
}

function loadSqlite(file: string, main: { userId: string; honeypotId: string }, other: { userId: string; honeypotId: string }): void {
  const { raw } = openSqlite(file);
  try {
    const indexes = (raw.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'emails' and sql is not null`).all()) as Array<{ name: string; sql: string }>;
    for (const index of indexes) raw.exec(`drop index ${index.name}`);
    raw.exec('begin');
    let batch: EmailInsert[] = [];
    let insertBatch: ReturnType<typeof raw.prepare> | undefined;
    const flush = () => {
      const columns = columnsOf(batch[0]!);
      const row = `(${columns.map(() => '?').join(',')})`;
      const statement = batch.length === BATCH
        ? (insertBatch ??= raw.prepare(`insert into emails (${columns.join(',')}) values ${Array(BATCH).fill(row).join(',')}`))
        : raw.prepare(`insert into emails (${columns.join(',')}) values ${Array(batch.length).fill(row).join(',')}`);
      statement.run(...batch.flatMap((r) => columns.map((c) => r[c as keyof EmailInsert])));
      batch = [];
    };
    for (const row of emailRows(main, other)) {
      batch.push(row);
      if (batch.length === BATCH) flush();
    }
    if (batch.length > 0) flush();
    raw.exec('commit');
    for (const index of indexes) raw.exec(index.sql);
    raw.exec('analyze');
  } finally {
    raw.close();
  }
}

async function loadPostgres(db: Db, main: { userId: string; honeypotId: string }, other: { userId: string; honeypotId: string }): Promise<void> {
  const kysely = db.kysely as Kysely<Database>;
  const { rows: indexes } = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes where tablename = 'emails' and indexname not like '%pkey'`.execute(kysely);
  for (const index of indexes) await sql`drop index ${sql.id(index.indexname)}`.execute(kysely);
  let batch: EmailInsert[] = [];
  for (const row of emailRows(main, other)) {
    batch.push(row);
    if (batch.length === 1_000) {
      await kysely.insertInto('emails').values(batch).execute();
      batch = [];
    }
  }
  if (batch.length > 0) await kysely.insertInto('emails').values(batch).execute();
  for (const index of indexes) await sql.raw(index.indexdef).execute(kysely);
  await sql`vacuum analyze emails`.execute(kysely);
}

interface Setup {
  app: FastifyInstance;
  key: string;
  close(): Promise<void>;
}

/** The real app on `db`, an enterprise user with a key, and one honeypot each for that user and another. */
async function setUp(db: Db, dataDir: string) {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', HONEYPOT_DOMAINS: 'traps.example', RATE_LIMIT_ENABLED: 'false' });
  const logger = createLogger('silent');
  const clock = new ManualClock('2026-01-01T00:00:00.000Z');
  const services = createServices({ config, db, clock, logger });
  const app = await buildApp({ config, db, clock, logger, services, version: 'bench' });
  await app.ready();
  const users = [];
  for (const name of ['bench', 'other']) {
    const user = await services.users.create({ email: `${name}@bench.example`, plan: 'enterprise' });
    const honeypot = await services.honeypots.create(user.id, { email_address: `${name}@traps.example` });
    users.push({ userId: user.id, honeypotId: honeypot.id, row: user });
  }
  const { key } = await services.apiKeys.create(users[0]!.row, { name: 'bench', permissions: ['emails:read'] }, { actor: CLI_ACTOR });
  return { app, key, main: users[0]!, other: users[1]!, close: async () => { await app.close(); services.mailer.close(); } };
}

async function measure(setup: Setup, engine: string, workload: string): Promise<void> {
  const once = async () => {
    const res = await setup.app.inject({ method: 'GET', url: URL, headers: { authorization: `Bearer ${setup.key}` } });
    if (res.statusCode !== 200) throw new Error(`Benchmark request failed: ${res.statusCode} ${res.body}`);
    return res;
  };
  for (let i = 0; i < WARMUP_RUNS; i++) await once();
  const samples: number[] = [];
  const started = performance.now();
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await once();
    samples.push(performance.now() - t0);
    if (i === 0) total = (res.json() as { pagination: { total: number } }).pagination.total;
  }
  const elapsed = (performance.now() - started) / 1000;
  const detail = `${workload}; GET ${URL} via app.inject, sequential, ${RUNS} runs; total=${total}`;
  report({ name: `emails_list_${engine}_p50_ms`, value: Math.round(quantile(samples, 0.5) * 1000) / 1000, unit: 'ms', workload: detail });
  report({ name: `emails_list_${engine}_p99_ms`, value: Math.round(quantile(samples, 0.99) * 1000) / 1000, unit: 'ms', workload: detail });
  report({ name: `emails_list_${engine}_req_per_s`, value: Math.round(RUNS / elapsed), unit: 'req/s', workload: detail });
}

const WORKLOAD = `${MAIN_ROWS.toLocaleString('en-US')} emails of one user + ${OTHER_ROWS.toLocaleString('en-US')} of another, ~20 % with threat_score ≥ 60`;

async function runSqlite(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-bench-'));
  try {
    let db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
    await migrate(db);
    const setup = await setUp(db, dataDir);
    await setup.close();
    await db.close();
    const started = performance.now();
    loadSqlite(sqliteFile(dataDir), setup.main, setup.other);
    report({ name: 'emails_list_sqlite_load_s', value: Math.round(performance.now() - started) / 1000, unit: 's', workload: `${WORKLOAD}; insert + index rebuild + analyze` });
    db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
    const app = await reopen(db, dataDir, setup.key);
    try {
      await measure(app, 'sqlite', WORKLOAD);
    } finally {
      await app.close();
      await db.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A fresh app on an already populated database, reusing the key created at set-up. */
async function reopen(db: Db, dataDir: string, key: string): Promise<Setup> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false' });
  const logger = createLogger('silent');
  const clock = new ManualClock('2026-01-01T00:00:00.000Z');
  const services = createServices({ config, db, clock, logger });
  const app = await buildApp({ config, db, clock, logger, services, version: 'bench' });
  await app.ready();
  return { app, key, close: async () => { await app.close(); services.mailer.close(); } };
}

async function runPostgres(adminUrl: string): Promise<void> {
  const scratch = await createScratchDatabase(adminUrl, 'mw_bench');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-bench-'));
  try {
    const db = await openDatabase({ databaseUrl: scratch.url, databasePoolSize: 4, dataDir });
    try {
      await migrate(db);
      const setup = await setUp(db, dataDir);
      const started = performance.now();
      await loadPostgres(db, setup.main, setup.other);
      report({ name: 'emails_list_postgres_load_s', value: Math.round(performance.now() - started) / 1000, unit: 's', workload: `${WORKLOAD}; insert + index rebuild + vacuum analyze` });
      try {
        await measure(setup, 'postgres', WORKLOAD);
      } finally {
        await setup.close();
      }
    } finally {
      await db.close();
    }
  } finally {
    await scratch.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  await runSqlite();
  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (postgresUrl) await runPostgres(postgresUrl);
}

if (import.meta.main) await run();
