/**
 * Benchmark: report generation over 1,000,000 stored emails (issue 7 target: a monthly PDF in ≤ 10 s,
 * memory bounded).
 *
 * Workload: one user, 20 honeypots, BENCH_EMAILS (default 1,000,000) analysed emails spread evenly over
 * the 90 days before "now" (so about a third fall in the reported month), 20,000 senders over 500
 * domains, 3,000 origin IPs with countries and ASNs, indicators on every threat. Rows are bulk-inserted
 * with the analytics rollup triggers live (its own mix of senders, origins and indicators, not the
 * analytics bench's rows). Then the real report worker generates, for the previous calendar month:
 * a PDF (every section), and a CSV (one row per email, streamed from the database in pages), each
 * timed from claim to stored file, with the process's peak RSS sampled every 20 ms.
 *
 *   BENCH_EMAILS=100000 npx node bench/reports.bench.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npx node bench/reports.bench.ts
 */
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import type { Db } from '../src/platform/db/index.ts';
import { newId } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createServices, type Services } from '../src/services.ts';
import { prng, report, onEachEngine } from './support.ts';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 1_000_000);
const HONEYPOTS = 20;
const NOW = '2026-06-15T13:37:00.000Z';
const SPAN_MS = 90 * 24 * 3_600_000;
const BATCH = 500;
const CLASSES = ['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL'] as const;
const INDICATORS = ['lookalike_domain', 'macro_document', 'url_shortener', 'reply_to_mismatch', 'urgent_language', 'executable_attachment'];
const COUNTRIES = ['US', 'RU', 'CN', 'BR', 'IN', 'DE', 'NL', 'VN', 'FR', 'GB', 'ZZ'];

function* rows(userId: string, honeypotIds: string[]) {
  const random = prng(11);
  const end = Date.parse(NOW);
  for (let i = 0; i < EMAILS; i++) {
    const ms = end - SPAN_MS + Math.floor((i / EMAILS) * SPAN_MS);
    const r = random();
    const score = r < 0.55 ? Math.floor(random() * 40) : r < 0.75 ? 40 + Math.floor(random() * 20) : 60 + Math.floor(random() * 41);
    const kind = Math.floor(random() * 3);
    const origin = Math.floor(random() ** 2 * 3_000);
    const sender = Math.floor(random() ** 3 * 20_000);
    const ip = `198.${18 + (origin >> 8) % 2}.${origin & 255}.${1 + (origin % 250)}`;
    yield {
      id: newId('email', ms), user_id: userId, honeypot_id: honeypotIds[i % honeypotIds.length]!, received_at: new Date(ms).toISOString(),
      from_address: `s${sender}@d${sender % 500}.example`, from_name: null, to_addresses: 'trap@traps.example', subject: `Subject ${i % 1000}, "quoted"`,
      message_id: null, size: 2_000, threat_score: score,
      malware_score: kind === 0 ? score : Math.floor(score / 2), phishing_score: kind === 1 ? score : Math.floor(score / 3), spam_score: kind === 2 ? score : Math.floor(score / 4),
      reputation_score: 50, classification: CLASSES[Math.min(4, Math.floor(score / 20))]!, analysis_status: 'complete', attachment_count: 0,
      raw_sha256: 'a'.repeat(64), headers: '{}', body_text: null, body_html: null, parse_warnings: '[]', transport: 'smtp' as const, smtp_server: 'mx.bench',
      smtp_ip: ip, smtp_port: null, smtp_helo: null, smtp_tls: 0, smtp_mail_from: null,
      indicators: JSON.stringify(score >= 60 ? [{ type: INDICATORS[i % INDICATORS.length], description: 'bench indicator', weight: 10 }] : []),
      iocs: null, auth_results: null, fingerprint: null, body_simhash: null, sender_domain: `d${sender % 500}.example`, campaign_id: null,
      analysis_claimed_until: null, analyzed_at: null, analysis_error: null,
      origin_ip: ip, origin_country: COUNTRIES[origin % COUNTRIES.length]!, origin_asn: 64_500 + (origin % 40), origin_as_org: `Bench Network ${origin % 40}`,
    };
  }
}

async function load(db: Db, userId: string, honeypotIds: string[]): Promise<void> {
  let batch = [];
  for (const row of rows(userId, honeypotIds)) {
    batch.push(row);
    if (batch.length === BATCH) {
      const chunk = batch;
      batch = [];
      await db.kysely.transaction().execute((trx) => trx.insertInto('emails').values(chunk).execute());
    }
  }
  if (batch.length > 0) await db.kysely.insertInto('emails').values(batch).execute();
  await sql.raw(db.engine === 'postgres' ? 'vacuum analyze' : 'analyze').execute(db.kysely);
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** Generates one report through the worker; elapsed ms, peak RSS growth, file size. */
async function generate(services: Services, userId: string, format: 'pdf' | 'csv'): Promise<{ ms: number; rssGrowth: number; peakRss: number; bytes: number }> {
  const created = await services.reports.service.create(userId, { name: `Monthly ${format}`, type: 'monthly_analysis', format });
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const started = performance.now();
  const run = await services.reports.jobs.run();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const report = await services.reports.service.get(userId, created.id);
  if (run.generated !== 1 || report.status !== 'ready') throw new Error(`${format} report not generated: ${report.status} ${report.error}`);
  return { ms, rssGrowth: peak - before, peakRss: peak, bytes: report.file_size ?? 0 };
}

async function measure(db: Db, dataDir: string, engine: string): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', HONEYPOT_DOMAINS: 'traps.example' });
  const services = createServices({ config, db, clock: new ManualClock(NOW), logger: createLogger('silent') });
  try {
    const user = await services.users.create({ email: 'bench@bench.example', plan: 'enterprise' });
    const honeypotIds = [];
    for (let i = 0; i < HONEYPOTS; i++) honeypotIds.push((await services.honeypots.create(user.id, { email_address: `trap${i}@traps.example` })).id);
    const workload = `${EMAILS.toLocaleString('en-US')} emails over 90 days, 1 user, ${HONEYPOTS} honeypots (${engine})`;
    const loadStarted = performance.now();
    await load(db, user.id, honeypotIds);
    report({ name: `reports_${engine}_load_s`, value: Math.round(performance.now() - loadStarted) / 1000, unit: 's', workload: `${workload}; batches of ${BATCH}, rollup triggers live` });

    const month = await db.kysely.selectFrom('emails').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('received_at', '>=', '2026-05-01T00:00:00.000Z').where('received_at', '<', '2026-06-01T00:00:00.000Z').executeTakeFirstOrThrow();
    for (const format of ['pdf', 'csv'] as const) {
      const result = await generate(services, user.id, format);
      const detail = `${workload}; monthly_analysis ${format.toUpperCase()} for May 2026 (${Number(month.n).toLocaleString('en-US')} emails; previous month too), claim to stored file`;
      report({ name: `reports_${engine}_monthly_${format}_s`, value: Math.round(result.ms) / 1000, unit: 's', workload: detail, ...(format === 'pdf' ? { target: '≤ 10 s' } : {}) });
      report({ name: `reports_${engine}_monthly_${format}_rss_growth_mb`, value: mb(result.rssGrowth), unit: 'MB', workload: `${detail}; peak RSS (sampled every 20 ms) minus RSS before`, peak_rss_mb: mb(result.peakRss) });
      report({ name: `reports_${engine}_monthly_${format}_file_kb`, value: Math.round(result.bytes / 1024), unit: 'KB', workload: detail });
    }
  } finally {
    services.mailer.close();
  }
}

export async function run(): Promise<void> {
  await onEachEngine('mw-reports-bench', measure);
}

if (import.meta.main) await run();
