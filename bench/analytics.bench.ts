/**
 * Benchmark: analytics over 1,000,000 stored emails (issue 7 targets: `GET /v1/analytics/overview`
 * for 30 days p99 ≤ 100 ms; a monthly summary feeding a report in ≤ 10 s, memory bounded).
 *
 * Workload: one user, 20 honeypots, BENCH_EMAILS (default 1,000,000) already-analysed emails spread
 * evenly over the 90 days before "now" (5 % still pending), 20,000 senders over 500 domains, 3,000
 * origin IPs located by the real GeoIp, indicators on every threat. Rows are bulk-inserted without the
 * rollup triggers, the rollups rebuilt, and the last 10,000 rows inserted through the triggers. Then, through the real app
 * (app.inject, sequential): overview 30 d (and with compare=true), threat-distribution, geographic;
 * and summarizePeriod for the previous calendar month, with the process's memory around it.
 *
 *   BENCH_EMAILS=100000 npx node bench/analytics.bench.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npx node bench/analytics.bench.ts
 */
import { sql, type Kysely } from 'kysely';
import { GeoIp } from '../src/analytics/geoip.ts';
import { createAnalyticsTriggers, dropAnalyticsTriggers, rebuildRollups } from '../src/platform/db/migrations/0011_analytics.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import type { Db } from '../src/platform/db/index.ts';
import { newId } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createServices } from '../src/services.ts';
import { CLI_ACTOR } from '../src/accounts/actor.ts';
import { prng, quantile, report, onEachEngine } from './support.ts';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 1_000_000);
const HONEYPOTS = 20;
const NOW = '2026-06-15T13:37:00.000Z';
const SPAN_MS = 90 * 24 * 3_600_000;
const BATCH = 500;
const RUNS = 200;
const CLASSES = ['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL'] as const;
const INDICATORS = ['lookalike_domain', 'macro_document', 'url_shortener', 'reply_to_mismatch', 'urgent_language', 'executable_attachment', 'spf_fail', 'qr_code_link'];

function originPool(count: number): Array<{ ip: string; country: string; asn: number | null; org: string | null }> {
  const random = prng(3);
  const geo = new GeoIp();
  const pool = [];
  while (pool.length < count) {
    const ip = `${1 + Math.floor(random() * 222)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
    const where = geo.lookup(ip);
    if (where.country_code === 'ZZ') continue;
    pool.push({ ip, country: where.country_code, asn: where.asn, org: where.as_org });
  }
  return pool;
}

export function* rows(userId: string, honeypotIds: string[]) {
  const random = prng(7);
  const origins = originPool(3_000);
  const end = Date.parse(NOW);
  for (let i = 0; i < EMAILS; i++) {
    const ms = end - SPAN_MS + Math.floor((i / EMAILS) * SPAN_MS);
    const r = random();
    const pending = r < 0.05;
    const score = pending ? null : r < 0.55 ? Math.floor(random() * 40) : r < 0.75 ? 40 + Math.floor(random() * 20) : 60 + Math.floor(random() * 41);
    const kind = Math.floor(random() * 3);
    const origin = origins[Math.floor(random() ** 2 * origins.length)]!;
    const sender = Math.floor(random() ** 3 * 20_000);
    const threat = score !== null && score >= 60;
    yield {
      id: newId('email', ms), user_id: userId, honeypot_id: honeypotIds[i % honeypotIds.length]!, received_at: new Date(ms).toISOString(),
      from_address: `s${sender}@d${sender % 500}.example`, from_name: null, to_addresses: 'trap@traps.example', subject: `Subject ${i % 1000}`, message_id: null,
      size: 2_000, threat_score: score,
      malware_score: score === null ? null : kind === 0 ? score : Math.floor(score / 2),
      phishing_score: score === null ? null : kind === 1 ? score : Math.floor(score / 3),
      spam_score: score === null ? null : kind === 2 ? score : Math.floor(score / 4),
      reputation_score: score === null ? null : 50,
      classification: score === null ? null : CLASSES[Math.min(4, Math.floor(score / 20))]!,
      analysis_status: pending ? 'pending' : 'complete', attachment_count: 0, raw_sha256: 'a'.repeat(64), headers: '{}', body_text: null, body_html: null,
      parse_warnings: '[]', transport: 'smtp' as const, smtp_server: 'mx.bench', smtp_ip: origin.ip, smtp_port: null, smtp_helo: null, smtp_tls: 0,
      smtp_mail_from: null,
      indicators: threat ? JSON.stringify([0, 1, 2].map((k) => ({ type: INDICATORS[(i + k * 3) % INDICATORS.length], description: 'bench indicator', weight: 10 }))) : pending ? null : '[]',
      iocs: null, auth_results: null, fingerprint: null, body_simhash: null, sender_domain: pending ? null : `d${sender % 500}.example`, campaign_id: null,
      analysis_claimed_until: null, analyzed_at: null, analysis_error: null,
      origin_ip: pending ? null : origin.ip, origin_country: pending ? null : origin.country, origin_asn: pending ? null : origin.asn, origin_as_org: pending ? null : origin.org,
    };
  }
}

type Row = ReturnType<typeof rows> extends Generator<infer R> ? R : never;

/** Rows inserted with the triggers live at the end of the load, to time their cost per row. */
const LIVE_ROWS = 10_000;

/**
 * Bulk load: the triggers are dropped, all but the last LIVE_ROWS rows inserted, the rollups rebuilt
 * in one set-based pass (the documented repair path), the triggers restored, and the last rows inserted
 * through them (the capture/analysis path). Reports both rates.
 */
export async function load(db: Db, userId: string, honeypotIds: string[], workload: string, engine: string): Promise<void> {
  const k = db.kysely as unknown as Kysely<unknown>;
  const bulkRows = Math.max(0, EMAILS - LIVE_ROWS);
  let batch: Row[] = [];
  let inserted = 0;
  const flush = async () => {
    const chunk = batch;
    batch = [];
    await db.kysely.transaction().execute((trx) => trx.insertInto('emails').values(chunk).execute());
  };
  await dropAnalyticsTriggers(k, db.engine);
  // Secondary indexes of emails are rebuilt once after the bulk rows, as a restore would.
  const indexes = await emailIndexes(db);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db.kysely);
  let started = performance.now();
  let phase: 'bulk' | 'live' = 'bulk';
  for (const row of rows(userId, honeypotIds)) {
    if (phase === 'bulk' && inserted === bulkRows) {
      if (batch.length > 0) await flush();
      report({ name: `analytics_${engine}_bulk_insert_s`, value: Math.round(performance.now() - started) / 1000, unit: 's', workload: `${workload}; ${bulkRows} rows in batches of ${BATCH}, no triggers` });
      started = performance.now();
      for (const index of indexes) await sql.raw(index.sql).execute(db.kysely);
      report({ name: `analytics_${engine}_index_rebuild_s`, value: Math.round(performance.now() - started) / 1000, unit: 's', workload: `${workload}; ${indexes.length} secondary indexes of emails` });
      started = performance.now();
      await db.kysely.transaction().execute((trx) => rebuildRollups(trx as unknown as Kysely<unknown>, userId));
      report({ name: `analytics_${engine}_rollup_rebuild_s`, value: Math.round(performance.now() - started) / 1000, unit: 's', workload: `${workload}; rebuildRollups of ${bulkRows} rows` });
      await createAnalyticsTriggers(k, db.engine);
      phase = 'live';
      started = performance.now();
    }
    batch.push(row);
    inserted++;
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  if (phase === 'live') {
    const live = EMAILS - bulkRows;
    report({ name: `analytics_${engine}_insert_with_triggers_us_per_row`, value: Math.round(((performance.now() - started) * 1000) / live), unit: 'µs', workload: `${workload}; last ${live} rows inserted with the rollup triggers live, batches of ${BATCH}` });
  }
  await sql.raw(db.engine === 'postgres' ? 'vacuum analyze' : 'analyze').execute(db.kysely);
}

async function emailIndexes(db: Db): Promise<Array<{ name: string; sql: string }>> {
  if (db.engine === 'postgres') {
    const { rows: found } = await sql<{ name: string; sql: string }>`select indexname as name, indexdef as sql from pg_indexes where tablename = 'emails' and indexname not like '%pkey'`.execute(db.kysely);
    return found;
  }
  const { rows: found } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'emails' and sql is not null`.execute(db.kysely);
  return found;
}

async function timed(runs: number, once: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return samples;
}

const ms3 = (v: number) => Math.round(v * 1000) / 1000;
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

async function measure(db: Db, dataDir: string, engine: string): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', HONEYPOT_DOMAINS: 'traps.example', RATE_LIMIT_ENABLED: 'false' });
  const logger = createLogger('silent');
  const clock = new ManualClock(NOW);
  const services = createServices({ config, db, clock, logger });
  const app = await buildApp({ config, db, clock, logger, services, version: 'bench' });
  try {
    const user = await services.users.create({ email: 'bench@bench.example', plan: 'enterprise' });
    const honeypotIds = [];
    for (let i = 0; i < HONEYPOTS; i++) honeypotIds.push((await services.honeypots.create(user.id, { email_address: `trap${i}@traps.example` })).id);
    const { key } = await services.apiKeys.create(user, { name: 'bench', permissions: ['analytics:read'] }, { actor: CLI_ACTOR });
    const workload = `${EMAILS.toLocaleString('en-US')} emails over 90 days, 1 user, ${HONEYPOTS} honeypots (${engine})`;

    await load(db, user.id, honeypotIds, workload, engine);

    for (const [name, url] of [
      ['overview_30d', '/v1/analytics/overview?period=30d'],
      ['overview_30d_compare', '/v1/analytics/overview?period=30d&compare=true'],
      ['overview_90d', '/v1/analytics/overview?period=90d'],
      ['threat_distribution_30d', '/v1/analytics/threat-distribution?period=30d&group_by=score'],
      ['geographic_30d', '/v1/analytics/geographic?period=30d&limit=10'],
    ] as const) {
      let emails = 0;
      const samples = await timed(RUNS, async () => {
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        emails = (res.json() as { data: { totals?: { emails: number }; located_emails?: number; emails?: number } }).data.totals?.emails ?? 0;
      });
      const detail = `${workload}; GET ${url} via app.inject, sequential, ${RUNS} runs${emails ? `; period emails=${emails}` : ''}`;
      report({ name: `analytics_${engine}_${name}_p50_ms`, value: ms3(quantile(samples, 0.5)), unit: 'ms', workload: detail });
      report({ name: `analytics_${engine}_${name}_p99_ms`, value: ms3(quantile(samples, 0.99)), unit: 'ms', workload: detail, ...(name === 'overview_30d' ? { target: '≤ 100 ms' } : {}) });
    }

    const month = { start: '2026-05-01T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' };
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);
    const t0 = performance.now();
    const summary = await services.analytics.summarizePeriod(user.id, month);
    const elapsed = performance.now() - t0;
    clearInterval(sampler);
    const detail = `${workload}; summarizePeriod May 2026 (${summary.totals.emails.toLocaleString('en-US')} emails, previous period too)`;
    report({ name: `analytics_${engine}_summary_month_ms`, value: Math.round(elapsed), unit: 'ms', workload: detail, target: '≤ 10 s for the whole report' });
    const afterSummary = process.memoryUsage();
    report({ name: `analytics_${engine}_summary_month_heap_growth_mb`, value: mb(afterSummary.heapUsed - before.heapUsed), unit: 'MB', workload: `${detail}; heapUsed after minus before (no GC between)` });
    report({ name: `analytics_${engine}_summary_month_peak_rss_mb`, value: mb(Math.max(peakRss, afterSummary.rss)), unit: 'MB', workload: `${detail}; whole process (after the bulk load), sampled every 20 ms` });
    const filtered = performance.now();
    await services.analytics.summarizePeriod(user.id, month, { honeypotIds: honeypotIds.slice(0, 5), minThreatScore: 40 });
    report({ name: `analytics_${engine}_summary_month_filtered_ms`, value: Math.round(performance.now() - filtered), unit: 'ms', workload: `${detail}; filters: 5 honeypots, threat_score ≥ 40 (raw indexed SQL)` });
  } finally {
    await app.close();
    services.mailer.close();
  }
}

function reportGeoIp(): void {
  global.gc?.();
  const before = process.memoryUsage();
  const geo = new GeoIp(); // a fresh process-wide load only if none happened yet
  const loadMs = geo.load();
  global.gc?.();
  const after = process.memoryUsage();
  const stats = geo.stats();
  const workload = `DB-IP country mmdb + ${stats.ipv4Ranges} IPv4 / ${stats.ipv6Ranges} IPv6 ASN ranges, ${stats.organisations} organisations`;
  report({ name: 'analytics_geoip_load_ms', value: loadMs, unit: 'ms', workload });
  report({ name: 'analytics_geoip_typed_arrays_mb', value: mb(stats.typedArrayBytes), unit: 'MB', workload });
  report({ name: 'analytics_geoip_heap_growth_mb', value: mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers), unit: 'MB', workload: `${workload}; heap + array buffers after GC${global.gc ? '' : ' (run with --expose-gc for an exact figure)'}` });
  const t0 = performance.now();
  for (let i = 0; i < 100_000; i++) geo.lookup(`${1 + (i % 222)}.${(i * 7) % 256}.${(i * 13) % 256}.${1 + (i % 254)}`);
  report({ name: 'analytics_geoip_lookup_us', value: ms3((performance.now() - t0) * 1000 / 100_000), unit: 'µs', workload: `${workload}; 100,000 lookups` });
}

export async function run(): Promise<void> {
  reportGeoIp();
  await onEachEngine('mw-analytics-bench', measure);
}

if (import.meta.main) await run();
