/**
 * Benchmark: the warm-up day planner (src/warmup/planning/) planning one local day for 100,000
 * mailboxes: batches of the network snapshot, recipient choice across the whole network, send times,
 * one plan row per mailbox-day (warmup_plans) inserted in multi-row batches, mailboxes advanced. The
 * target is ≤ 5 s on SQLite. A third figure is the sender's side: turning the sends of the window's
 * first hour into their full warmup_emails rows (work that used to be part of planning).
 *
 * Workload: 100,000 verified, active mailboxes of one user on 5,000 domains (20 each) spread over five
 * providers, all balanced mode, UTC, send window 8–18; the day planned is warm-up day `BENCH_WARMUP_DAY`
 * (default 1: 5 ±15 % messages each, ~500,000 rows). A second figure re-runs the planner with nothing due
 * (the cost of a poll). SQLite; PostgreSQL too when BENCH_DATABASE_URL is set.
 *
 *   npx node bench/warmup-plan.bench.ts        (BENCH_MAILBOXES=…, BENCH_WARMUP_DAY=…)
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NEW_MAILBOX_DEFAULTS, type MailboxRow } from '../src/mailboxes/mailboxes.model.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { migrate, openDatabase, type Db } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { WarmupPlanner } from '../src/warmup/planning/planner.ts';
import { PlanStore } from '../src/warmup/planning/plans.repo.ts';
import { IdSource } from '../src/platform/time-ordered-ids.ts';
import { createScratchDatabase } from '../test/support/postgres.ts';
import { report } from './support.ts';

const MAILBOXES = Number(process.env.BENCH_MAILBOXES ?? 100_000);
const DAY = Number(process.env.BENCH_WARMUP_DAY ?? 1);
const DOMAINS = Math.max(1, Math.floor(MAILBOXES / 20));
const PROVIDERS = ['gmail', 'outlook', 'yahoo', 'zoho', 'custom'];
const logger = createLogger('silent');

/** Subjects only: a send's row stores its subject, the sender writes the body. */
const subjectFor = (seed: number) => `Quick question about the Q${(seed % 4) + 1} plan #${seed % 997}`;

function mailboxRow(userId: string, index: number, now: string): MailboxRow {
  const domain = `d${index % DOMAINS}-bench.test`;
  return {
    id: randomUUID(), user_id: userId, email: `m${index}@${domain}`, domain, provider: PROVIDERS[index % PROVIDERS.length]!, status: 'active',
    ...NEW_MAILBOX_DEFAULTS, warmup_day: DAY - 1, warmup_started_at: null, paused_reason: null,
    smtp_host: '127.0.0.1', smtp_port: 2525, smtp_security: 'starttls', smtp_user: `m${index}`, smtp_pass: 'v1.bench.unused',
    imap_host: '127.0.0.1', imap_port: 1143, imap_security: 'starttls', imap_user: `m${index}`, imap_pass: 'v1.bench.unused',
    imap_folders: null, sending_ip: '127.0.0.1', connection_error: null,
    verify_state: 'verified', verify_lease_until: null, verify_attempts: 1, verified_at: now,
    dns_spf: null, dns_dkim: null, dns_dmarc: null, dns_checked_at: null, dns_refresh_at: null,
    created_at: now, updated_at: now,
  };
}

async function seed(db: Db): Promise<void> {
  const now = new Date().toISOString();
  const userId = 'user_bench';
  await db.kysely.insertInto('users').values({ id: userId, email: 'bench@example.test', name: null, plan: 'pro', role: 'user', created_at: now, updated_at: now }).execute();
  const rows = Array.from({ length: MAILBOXES }, (_, i) => mailboxRow(userId, i, now));
  for (let start = 0; start < rows.length; start += 200) await db.kysely.insertInto('mailboxes').values(rows.slice(start, start + 200)).execute();
}

async function measure(db: Db, engine: string): Promise<void> {
  await seed(db);
  // 07:00 UTC: the whole 8–18 window is ahead.
  const clock = new ManualClock('2026-03-16T07:00:00.000Z');
  const planner = new WarmupPlanner({ db, clock, logger });
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = await planner.runDueDetailed();
  const seconds = (performance.now() - started) / 1000;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const workload = `${MAILBOXES} mailboxes on ${DOMAINS} domains, ${PROVIDERS.length} providers, balanced mode day ${DAY}: ${result.mailboxes} planned, ${result.rows} rows; ${engine}`;
  report({ name: `warmup_plan_day_${engine}_duration`, value: Number(seconds.toFixed(2)), unit: 's', target: 5, workload });
  report({ name: `warmup_plan_day_${engine}_rows_per_s`, value: Math.round(result.rows / seconds), unit: 'rows/s', workload });
  report({ name: `warmup_plan_day_${engine}_heap_growth`, value: Number(heapMb.toFixed(1)), unit: 'MB', workload });
  const idleStarted = performance.now();
  await planner.runDueDetailed();
  report({ name: `warmup_plan_idle_poll_${engine}_duration`, value: Number(((performance.now() - idleStarted) / 1000).toFixed(3)), unit: 's', workload: `${MAILBOXES} mailboxes already planned; ${engine}` });
  // The sender's side of the same plan: the sends due in the window's first hour become their full rows.
  const store = new PlanStore(db);
  const materialiseStarted = performance.now();
  const made = await store.materialiseDue(Date.parse('2026-03-16T09:00:00.000Z'), { subjectFor, ids: new IdSource() });
  const materialiseSeconds = (performance.now() - materialiseStarted) / 1000;
  const hourWorkload = `the sends due 08:00–09:00 of that plan: ${made} rows; ${engine}`;
  report({ name: `warmup_materialise_hour_${engine}_duration`, value: Number(materialiseSeconds.toFixed(2)), unit: 's', workload: hourWorkload });
  report({ name: `warmup_materialise_${engine}_rows_per_s`, value: Math.round(made / materialiseSeconds), unit: 'rows/s', workload: hourWorkload });
}

async function onSqlite(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-warmup-plan-'));
  const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
  try {
    await migrate(db);
    await measure(db, 'sqlite');
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(adminUrl: string): Promise<void> {
  const scratch = await createScratchDatabase(adminUrl);
  const db = await openDatabase({ databaseUrl: scratch.url, databasePoolSize: 4, dataDir: os.tmpdir() });
  try {
    await migrate(db);
    await measure(db, 'postgres');
  } finally {
    await db.close();
    await scratch.drop();
  }
}

export async function run(): Promise<void> {
  await onSqlite();
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl !== undefined && pgUrl !== '') await onPostgres(pgUrl);
}

if (import.meta.main) await run();
