/**
 * Benchmark: the full `/v1` list path (parseListQuery + runListQuery, page *and* exact total) over
 * 1,000,000 rows of one user, plus other users' rows that the tenancy scope must skip.
 *
 * Prints one JSON line per figure: {"name","value","unit","workload"}. Target: p99 ≤ 20 ms on SQLite for
 * `score=gte:60&sort=created_at:desc&limit=25` (~40 % of the rows match, so `total` counts ~400,000).
 *
 * SQLite: a temp database opened and migrated exactly as the server does (openDatabase + migrate), loaded
 * through a second raw node:sqlite handle with multi-row inserts in one transaction.
 * PostgreSQL (optional): set BENCH_DATABASE_URL to a server where we may CREATE DATABASE; a scratch
 * database is created and dropped.
 *
 *   npx node bench/list-query.bench.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npx node bench/list-query.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { migrate, openDatabase, sqliteFile, type Db } from '../src/platform/db/index.ts';
import { openSqlite } from '../src/platform/db/sqlite.ts';
import { newId } from '../src/platform/ids.ts';
import { createScratchDatabase } from '../test/support/postgres.ts';
import { prng, quantile, report as reportFigure } from './support.ts';
import { parseListQuery, runListQuery, type DynamicDatabase, type ListResource } from '../src/http/list-query.ts';

const BENCH_USER = 'user_0000bench0000000000000000';
const MAIN_ROWS = 1_000_000;
/** Other tenants' rows interleaved in the same table and indexes. */
const OTHER_USERS = 4;
const OTHER_ROWS_EACH = 25_000;
const RUNS = 300;
const WARMUP_RUNS = 20;
/** Scans without an index (contains/regex) are slow by design; fewer runs, for information only. */
const SCAN_RUNS = 10;
const INSERT_BATCH = 500;
/** Rows spread over one year, newest first in the default sort. */
const START_MS = Date.parse('2025-01-01T00:00:00.000Z');
const SPAN_MS = 365 * 24 * 3600 * 1000;

const WORDS = ['invoice', 'urgent', 'password', 'reset', 'account', 'payment', 'delivery', 'prize',
  'meeting', 'report', 'update', 'security', 'verify', 'bank', 'offer', 'shipment', 'refund', 'login'];
const STATUSES = ['active', 'inactive', 'pending'] as const;

const resource: ListResource = {
  name: 'bench items',
  table: 'bench_items',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    name: { column: 'name', type: 'string', sortable: true },
    subject: { column: 'subject', type: 'string', sortable: true },
    status: { column: 'status', type: 'enum', values: STATUSES },
    score: { column: 'score', type: 'integer', sortable: true },
    created_at: { column: 'created_at', type: 'timestamp', sortable: true },
  },
  selectable: ['id', 'name', 'subject', 'status', 'score', 'created_at'],
  timestampField: 'created_at',
};

type BenchRow = [id: string, userId: string, name: string, subject: string, status: string, score: number, createdAt: string];

/** Scores uniform 0–99 (so score ≥ 60 is ~40 %), three-word subjects, increasing timestamps. */
function* benchRows(): Generator<BenchRow> {
  const random = prng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const users = [BENCH_USER, ...Array.from({ length: OTHER_USERS }, (_, i) => `user_0000other${i}00000000000000`)];
  const total = MAIN_ROWS + OTHER_USERS * OTHER_ROWS_EACH;
  for (let i = 0; i < total; i++) {
    const ms = START_MS + Math.floor((i / total) * SPAN_MS);
    // Every (OTHER_USERS+1)·k-th row among the first ones belongs to another tenant, interleaved in time.
    const userId = i % 11 === 0 && i / 11 < OTHER_USERS * OTHER_ROWS_EACH ? users[1 + ((i / 11) % OTHER_USERS)]! : BENCH_USER;
    const subject = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} #${i}`;
    yield [newId('email', ms), userId, `sender ${i % 997}`, subject, pick(STATUSES), Math.floor(random() * 100), new Date(ms).toISOString()];
  }
}

const CREATE_TABLE = `create table bench_items (
  id text not null primary key, user_id text not null, name text not null, subject text not null,
  status text not null, score integer not null, created_at text not null)`;

/**
 * The indexes that make the measured query fast:
 * - (user_id, created_at, id): the page is read in sort order straight off the index, stopping after
 *   offset+limit matches (the id tiebreak is part of the key, so no sort step);
 * - (user_id, score): `total` is an index-only range count over the matching scores, never touching the table.
 */
const CREATE_INDEXES = [
  'create index bench_items_user_created on bench_items (user_id, created_at, id)',
  'create index bench_items_user_score on bench_items (user_id, score)',
];

function loadSqlite(file: string): number {
  const started = performance.now();
  const { raw } = openSqlite(file);
  try {
    raw.exec(CREATE_TABLE);
    const placeholders = `(${Array(7).fill('?').join(',')})`;
    const insertBatch = raw.prepare(`insert into bench_items values ${Array(INSERT_BATCH).fill(placeholders).join(',')}`);
    const insertOne = raw.prepare(`insert into bench_items values ${placeholders}`);
    raw.exec('begin');
    let batch: (string | number)[] = [];
    for (const row of benchRows()) {
      batch.push(...row);
      if (batch.length === INSERT_BATCH * 7) {
        insertBatch.run(...batch);
        batch = [];
      }
    }
    for (let i = 0; i < batch.length; i += 7) insertOne.run(...batch.slice(i, i + 7));
    raw.exec('commit');
    // Indexes after the load (one sorted build each, faster than maintaining them per insert); ANALYZE
    // gives the planner the statistics a long-running server gets from `PRAGMA optimize`.
    for (const statement of CREATE_INDEXES) raw.exec(statement);
    raw.exec('analyze');
  } finally {
    raw.close();
  }
  return performance.now() - started;
}

function percentile(samples: number[], p: number): number {
  return quantile(samples, p / 100);
}

interface Timing {
  p50: number;
  p99: number;
  total: number;
  rows: number;
}

/** Times the full list path: parse the query, then fetch the page and the exact total. */
async function timeListQuery(db: Db, query: Record<string, string>, runs: number, warmup: number): Promise<Timing> {
  const scope = (qb: Parameters<Parameters<typeof runListQuery>[3]>[0]) => qb.where('user_id', '=', BENCH_USER);
  const once = async () => runListQuery(db, resource, parseListQuery(resource, query), scope);
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  let last = await once();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await once();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), total: last.pagination.total, rows: last.rows.length };
}

/** The total alone, to show what the exact count costs inside the figure above. */
async function timeCountOnly(db: Db, minScore: number, runs: number): Promise<Timing> {
  const kysely = db.kysely as unknown as Kysely<DynamicDatabase>;
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < runs + WARMUP_RUNS; i++) {
    const started = performance.now();
    const row = await kysely.selectFrom('bench_items').where('user_id', '=', BENCH_USER).where('score', '>=', minScore)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (i >= WARMUP_RUNS) samples.push(performance.now() - started);
    total = Number(row.n);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), total, rows: 0 };
}

function report(name: string, value: number, unit: string, workload: string): void {
  reportFigure({ name, value: Math.round(value * 1000) / 1000, unit, workload });
}

const ROW_WORKLOAD = `${MAIN_ROWS.toLocaleString('en-US')} rows`;

interface Scenario {
  key: string;
  query: Record<string, string>;
  workload: string;
  runs: number;
}

const SCENARIOS: Scenario[] = [
  { key: '', query: { score: 'gte:60', sort: 'created_at:desc', limit: '25' }, workload: 'score=gte:60, sort=created_at:desc, limit=25', runs: RUNS },
  { key: 'page2_', query: { score: 'gte:60', sort: 'created_at:desc', limit: '25', page: '2' }, workload: 'score=gte:60, sort=created_at:desc, limit=25, page=2', runs: RUNS },
  { key: 'contains_', query: { subject: 'contains:invoice', sort: 'created_at:desc', limit: '25' }, workload: 'subject=contains:invoice, sort=created_at:desc, limit=25 (no index can serve it: full scan of the user\'s rows)', runs: SCAN_RUNS },
  { key: 'regex_', query: { subject: 'regex:^(urgent|verify) ', sort: 'created_at:desc', limit: '25' }, workload: 'subject=regex:^(urgent|verify) , sort=created_at:desc, limit=25 (full scan, regex per row)', runs: SCAN_RUNS },
];

async function measureAll(db: Db, engine: string, scenarios: Scenario[] = SCENARIOS): Promise<void> {
  for (const scenario of scenarios) {
    const timing = await timeListQuery(db, scenario.query, scenario.runs, scenario.runs === RUNS ? WARMUP_RUNS : 1);
    const workload = `${ROW_WORKLOAD}, ${scenario.workload}; ${scenario.runs} runs, total=${timing.total}`;
    report(`list_query_${engine}_${scenario.key}p50_ms`, timing.p50, 'ms', workload);
    report(`list_query_${engine}_${scenario.key}p99_ms`, timing.p99, 'ms', workload);
  }
  const count = await timeCountOnly(db, 60, RUNS);
  const workload = `${ROW_WORKLOAD}, count(*) where user_id=? and score>=60 alone; ${RUNS} runs, total=${count.total}`;
  report(`list_query_${engine}_count_only_p50_ms`, count.p50, 'ms', workload);
  report(`list_query_${engine}_count_only_p99_ms`, count.p99, 'ms', workload);
}

async function runSqlite(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-bench-'));
  try {
    // Open and migrate as the server does, then load through a raw handle on the same file.
    const setup = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
    await migrate(setup);
    await setup.close();
    const loadMs = loadSqlite(sqliteFile(dataDir));
    report('list_query_sqlite_load_s', loadMs / 1000, 's', `${(MAIN_ROWS + OTHER_USERS * OTHER_ROWS_EACH).toLocaleString('en-US')} rows inserted + 2 indexes + analyze`);
    const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
    try {
      // The server's own settings (openSqlite), including its 64 MiB page cache.
      await measureAll(db, 'sqlite');
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Batched `insert … select from unnest(arrays)`: one round trip per 10,000 rows. */
async function loadPostgres(db: Db): Promise<number> {
  const started = performance.now();
  const kysely = db.kysely as unknown as Kysely<DynamicDatabase>;
  await sql.raw(CREATE_TABLE.replace(/ text not null/g, ' text collate "C" not null')).execute(kysely);
  const flush = async (rows: BenchRow[]) => {
    const column = (i: number) => rows.map((row) => row[i]);
    await sql`insert into bench_items select * from unnest(${column(0)}::text[], ${column(1)}::text[], ${column(2)}::text[],
      ${column(3)}::text[], ${column(4)}::text[], ${column(5)}::int[], ${column(6)}::text[])`.execute(kysely);
  };
  let rows: BenchRow[] = [];
  for (const row of benchRows()) {
    rows.push(row);
    if (rows.length === 10_000) {
      await flush(rows);
      rows = [];
    }
  }
  if (rows.length > 0) await flush(rows);
  for (const statement of CREATE_INDEXES) await sql.raw(statement).execute(kysely);
  // The visibility map lets the count be an index-only scan; statistics pick the plans.
  await sql`vacuum analyze bench_items`.execute(kysely);
  return performance.now() - started;
}

async function runPostgres(adminUrl: string): Promise<void> {
  const scratch = await createScratchDatabase(adminUrl, 'mw_bench');
  try {
    const db = await openDatabase({ databaseUrl: scratch.url, databasePoolSize: 4, dataDir: os.tmpdir() });
    try {
      const loadMs = await loadPostgres(db);
      report('list_query_postgres_load_s', loadMs / 1000, 's', `${(MAIN_ROWS + OTHER_USERS * OTHER_ROWS_EACH).toLocaleString('en-US')} rows inserted + 2 indexes + vacuum analyze`);
      await measureAll(db, 'postgres');
    } finally {
      await db.close();
    }
  } finally {
    await scratch.drop();
  }
}

export async function run(): Promise<void> {
  await runSqlite();
  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (postgresUrl) await runPostgres(postgresUrl);
}

if (import.meta.main) await run();
