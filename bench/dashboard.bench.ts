/**
 * Benchmark: the dashboard (issue 10 targets: the email list shows its first page ≤ 300 ms after
 * navigation with 1,000,000 stored emails; initial JavaScript ≤ 250 KB gzipped).
 *
 * Workload: one user with 1,000,000 analysed emails (BENCH_EMAILS to change) over the 365 days before
 * now in 10 honeypots, bulk-inserted straight into a fresh SQLite database (indexes and rollup
 * triggers dropped during the load, then rebuilt, then ANALYZE), before the real server starts on it
 * (every role, as `mailwarden serve`). Debian's Chromium signs in through the mailed link, then loads
 * `/emails` NAVIGATIONS times (full page loads, browser cache warm after the first): the figure is the
 * time from navigation start to the first page's 25 rows in the DOM, taken by a MutationObserver in
 * the page. The `GET /v1/emails` call's own duration (Resource Timing) is reported beside it.
 *
 * Initial JS: the entry chunk, its modulepreloads and the CSS that web/dist/index.html references,
 * each gzipped (zlib level 9) and summed; pages are lazy chunks and not counted.
 *
 *   npx node bench/dashboard.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Kysely } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { migrate, openDatabase, sqliteFile } from '../src/platform/db/index.ts';
import { createAnalyticsTriggers, dropAnalyticsTriggers, rebuildRollups } from '../src/platform/db/migrations/0011_analytics.ts';
import { openSqlite } from '../src/platform/db/sqlite.ts';
import { newId } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createServices } from '../src/services.ts';
import { browserAvailable, buildDashboard, HONEYPOT_DOMAIN, launchBrowser, newContext, signIn, startDashboardServer } from '../test/browser/support.ts';
import { REPO_ROOT } from '../test/support/processes.ts';
import { prng, quantile, report } from './support.ts';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 1_000_000);
const HONEYPOTS = 10;
const NAVIGATIONS = 21;
const BATCH = 500;
const SPAN_MS = 365 * 24 * 3_600_000;
const USER_EMAIL = 'bench-dashboard@example.com';
const WORDS = ['invoice', 'urgent', 'password', 'reset', 'account', 'payment', 'delivery', 'prize', 'verify', 'bank', 'refund', 'login'];
const CLASSES = ['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL'] as const;

/** The user and honeypots the rows belong to, created through the real services. */
async function createOwner(dataDir: string): Promise<{ userId: string; honeypotIds: string[] }> {
  const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
  try {
    await migrate(db);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', HONEYPOT_DOMAINS: HONEYPOT_DOMAIN });
    const services = createServices({ config, db, clock: new ManualClock(new Date().toISOString()), logger: createLogger('silent') });
    const user = await services.users.create({ email: USER_EMAIL, plan: 'pro' });
    const honeypotIds = [];
    for (let i = 0; i < HONEYPOTS; i++) honeypotIds.push((await services.honeypots.create(user.id, { email_address: `trap${i}@${HONEYPOT_DOMAIN}` })).id);
    services.mailer.close();
    return { userId: user.id, honeypotIds };
  } finally {
    await db.close();
  }
}

/** Analysed rows (none pending, so the worker leaves them alone), oldest first, ending now. */
function* emailRows(userId: string, honeypotIds: string[], nowMs: number): Generator<Record<string, string | number | null>> {
  const random = prng(11);
  const start = nowMs - SPAN_MS;
  for (let i = 0; i < EMAILS; i++) {
    const ms = start + Math.floor((i / EMAILS) * SPAN_MS);
    const r = random();
    const score = r < 0.6 ? Math.floor(random() * 40) : r < 0.8 ? 40 + Math.floor(random() * 20) : 60 + Math.floor(random() * 40);
    yield {
      id: newId('email', ms), user_id: userId, honeypot_id: honeypotIds[i % honeypotIds.length]!, received_at: new Date(ms).toISOString(),
      from_address: `sender${i % 5000}@spam${i % 97}.example`, from_name: null, to_addresses: `trap${i % honeypotIds.length}@${HONEYPOT_DOMAIN}`,
      subject: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} #${i}`, message_id: `<${i}@bench>`, size: 2_000 + Math.floor(random() * 40_000),
      threat_score: score, malware_score: Math.floor(random() * 30), spam_score: Math.floor(random() * 100), phishing_score: score, reputation_score: 50,
      classification: CLASSES[Math.min(4, Math.floor(score / 20))]!, analysis_status: 'complete', attachment_count: i % 5 === 0 ? 1 : 0,
      raw_sha256: 'a'.repeat(64), headers: '{}', body_text: null, body_html: null, parse_warnings: '[]', transport: 'smtp', smtp_server: 'mx.bench',
      smtp_ip: '203.0.113.9', smtp_port: 40000, smtp_helo: 'bench', smtp_tls: 0, smtp_mail_from: null, indicators: '[]', iocs: null, auth_results: null,
      analyzed_at: new Date(ms).toISOString(),
    };
  }
}

/** Bulk load into SQLite: secondary indexes and rollup triggers off during the insert, rebuilt after. */
async function loadEmails(dataDir: string, owner: { userId: string; honeypotIds: string[] }): Promise<void> {
  const { raw } = openSqlite(sqliteFile(dataDir));
  try {
    const indexes = raw.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'emails' and sql is not null`).all() as Array<{ name: string; sql: string }>;
    for (const index of indexes) raw.exec(`drop index ${index.name}`);
    raw.exec('begin');
    let batch: Array<Record<string, string | number | null>> = [];
    let prepared: ReturnType<typeof raw.prepare> | undefined;
    const flush = () => {
      const columns = Object.keys(batch[0]!);
      const row = `(${columns.map(() => '?').join(',')})`;
      const statement = batch.length === BATCH
        ? (prepared ??= raw.prepare(`insert into emails (${columns.join(',')}) values ${Array(BATCH).fill(row).join(',')}`))
        : raw.prepare(`insert into emails (${columns.join(',')}) values ${Array(batch.length).fill(row).join(',')}`);
      statement.run(...batch.flatMap((r) => columns.map((c) => r[c] ?? null)));
      batch = [];
    };
    for (const row of emailRows(owner.userId, owner.honeypotIds, Date.now())) {
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

/** Drops the rollup triggers for the load and rebuilds the rollups after, as a restore would. */
async function withRollupsRebuilt(dataDir: string, userId: string, load: () => Promise<void>): Promise<void> {
  const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
  const k = db.kysely as unknown as Kysely<unknown>;
  try {
    await dropAnalyticsTriggers(k, db.engine);
    await db.close();
    await load();
  } finally {
    const reopened = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
    const rk = reopened.kysely as unknown as Kysely<unknown>;
    await reopened.kysely.transaction().execute((trx) => rebuildRollups(trx as unknown as Kysely<unknown>, userId));
    await createAnalyticsTriggers(rk, reopened.engine);
    await reopened.close();
  }
}

/** Bytes of the initial download: what index.html loads before any page chunk, gzipped. */
function initialAssets(): { files: string[]; rawBytes: number; gzipBytes: number } {
  const dist = path.join(REPO_ROOT, 'web', 'dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = [...new Set(refs)];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(dist, file));
    rawBytes += bytes.length;
    gzipBytes += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { files, rawBytes, gzipBytes };
}

/** Installed before any page script: notes when the email table first holds `rows` rows. */
function rowsObserver(rows: number): string {
  return `(() => {
    const check = () => {
      if (window.__headerAt === undefined && document.querySelector('.page-header h1') !== null) window.__headerAt = performance.now();
      if (window.__fallbackAt === undefined && document.querySelector('main .loading') !== null) window.__fallbackAt = performance.now();
      if (window.__rowsAt === undefined && document.querySelectorAll('table.emails-table tbody tr').length >= ${rows}) window.__rowsAt = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  })();`;
}

async function measureNavigations(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-dashboard-'));
  try {
    let started = performance.now();
    const owner = await createOwner(dataDir);
    await withRollupsRebuilt(dataDir, owner.userId, () => loadEmails(dataDir, owner));
    const workload = `${EMAILS.toLocaleString('en-US')} analysed emails of one user in ${HONEYPOTS} honeypots over 365 days, SQLite, server with every role`;
    report({ name: 'dashboard_bench_load_s', value: Math.round(performance.now() - started) / 1000, unit: 's', workload: `${workload}; bulk insert + index and rollup rebuild + analyze` });

    const server = await startDashboardServer({ DATA_DIR: dataDir });
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser);
      const page = await context.newPage();
      await signIn(page, server, USER_EMAIL);
      await context.addInitScript(rowsObserver(25));
      const total: number[] = [];
      const api: number[] = [];
      const header: number[] = [];
      const fallback: number[] = [];
      for (let i = 0; i < NAVIGATIONS; i++) {
        started = performance.now();
        await page.goto(`${server.url}/emails`);
        await page.waitForFunction(() => (globalThis as unknown as { __rowsAt?: number }).__rowsAt !== undefined, undefined, { timeout: 30_000 }).catch(async (error: unknown) => {
          throw new Error(`The email list did not show 25 rows; the page says: ${(await page.locator('main').innerText().catch(() => '?')).slice(0, 500)}`, { cause: error });
        });
        const timing = await page.evaluate(() => ({
          rowsAt: (globalThis as unknown as { __rowsAt: number }).__rowsAt,
          headerAt: (globalThis as unknown as { __headerAt?: number }).__headerAt,
          fallbackAt: (globalThis as unknown as { __fallbackAt?: number }).__fallbackAt,
          api: performance.getEntriesByType('resource').find((e) => /\/v1\/emails\?/.test(e.name))?.duration ?? -1,
          apiStart: performance.getEntriesByType('resource').find((e) => /\/v1\/emails\?/.test(e.name))?.startTime ?? -1,
        }));
        // The first load fills the browser cache; the figures are for a returning user.
        if (process.env.BENCH_VERBOSE === '1') process.stderr.write(`${JSON.stringify(timing)}\n`);
        if (i === 0) continue;
        total.push(timing.rowsAt);
        api.push(timing.api);
        header.push(timing.headerAt ?? -1);
        fallback.push(timing.fallbackAt ?? -1);
      }
      const detail = `${workload}; /emails (25 rows, sort received_at:desc, exact total) loaded ${NAVIGATIONS - 1} times after one warm-up, Chromium headless, 1280×800`;
      report({ name: 'dashboard_emails_first_page_p50_ms', value: Math.round(quantile(total, 0.5)), unit: 'ms', workload: detail, target: '≤ 300' });
      report({ name: 'dashboard_emails_first_page_p99_ms', value: Math.round(quantile(total, 0.99)), unit: 'ms', workload: detail, target: '≤ 300' });
      // Where the time goes: the shell shows "Loading…" (Suspense fallback) as soon as the entry chunk
      // runs; React 19 then holds the revealed page back until 300 ms after that fallback
      // (FALLBACK_THROTTLE_MS), so the page header appears ~300 ms after the fallback even when the
      // page chunk is already there.
      report({ name: 'dashboard_emails_fallback_shown_p50_ms', value: Math.round(quantile(fallback, 0.5)), unit: 'ms', workload: `${detail}; the shell's Loading… (Suspense fallback) in the DOM` });
      report({ name: 'dashboard_emails_page_header_p50_ms', value: Math.round(quantile(header, 0.5)), unit: 'ms', workload: `${detail}; the page's own header in the DOM (before its data)` });
      report({ name: 'dashboard_emails_api_p50_ms', value: Math.round(quantile(api, 0.5)), unit: 'ms', workload: `${detail}; GET /v1/emails as the browser timed it` });
      report({ name: 'dashboard_emails_api_p99_ms', value: Math.round(quantile(api, 0.99)), unit: 'ms', workload: `${detail}; GET /v1/emails as the browser timed it` });
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  buildDashboard();
  const assets = initialAssets();
  report({ name: 'dashboard_initial_js_css_gzip_kb', value: Math.round(assets.gzipBytes / 102.4) / 10, unit: 'KB', workload: `${assets.files.join(' + ')} (${Math.round(assets.rawBytes / 1024)} KB raw), zlib level 9`, target: '≤ 250' });
  if (!browserAvailable()) {
    process.stderr.write('dashboard bench: Chromium not found at /usr/bin/chromium; the navigation figures are skipped (apt-get install chromium).\n');
    return;
  }
  await measureNavigations();
}

if (import.meta.main) await run();
