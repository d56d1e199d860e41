/**
 * Benchmark: DNS checks against the harness's Unbound on loopback (test/harness; skipped when it is
 * not running).
 *
 * 1. A live 12-list blacklist scan (zen.test + dnsbl1…11.test), listed and clean IP: p50/p99 (target p99 ≤ 50 ms).
 * 2. The same scan when one of the 12 lists never answers (blackhole.test): bounded by one per-query
 *    timeout, not 12× it.
 * 3. The daily DNS-authentication refresh of 10,000 domains (`d<n>.bench.test`, ~40 queries each:
 *    SPF, 33 DKIM selector probes, DMARC + fallback, MX, PTR) through `checkMany` with a concurrency
 *    limit, results stored in a SQLite cache: duration and peak in-flight DNS queries.
 *
 *   npx node bench/dnsbl.bench.ts        (BENCH_DNS_DOMAINS=… to change the 10,000)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DnsAuthChecks } from '../src/checks/dns-auth/dns-auth.service.ts';
import { BlacklistScans } from '../src/checks/dnsbl/dnsbl.service.ts';
import { systemClock } from '../src/platform/clock.ts';
import { migrate, openDatabase } from '../src/platform/db/index.ts';
import { DnsResolver } from '../src/platform/dns/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { Harness } from '../test/support/harness.ts';
import { benchHarness } from './harness.ts';
import { quantile, report } from './support.ts';

const LISTS = ['zen.test=spamhaus-zen', ...Array.from({ length: 11 }, (_, i) => `dnsbl${i + 1}.test`)];
const SCANS = Number(process.env.BENCH_DNSBL_SCANS ?? 1000);
const DOMAINS = Number(process.env.BENCH_DNS_DOMAINS ?? 10_000);
const REFRESH_CONCURRENCY = 32;
const logger = createLogger('silent');

async function scanLatency(harness: Harness): Promise<void> {
  const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 2000 });
  const scans = new BlacklistScans({ db: null, resolver, clock: systemClock, logger, config: { ipLists: LISTS, domainLists: [] } });
  for (const [ip, label] of [['127.0.0.2', 'listed'], ['127.0.0.1', 'clean']] as const) {
    for (let i = 0; i < 50; i++) await scans.scan(ip, { refresh: true }); // warm-up
    const samples: number[] = [];
    let listedOn = 0;
    for (let i = 0; i < SCANS; i++) {
      const started = performance.now();
      const result = await scans.scan(ip, { refresh: true });
      samples.push(performance.now() - started);
      listedOn = result.blacklists_found.length;
    }
    for (const q of [0.5, 0.99] as const) {
      report({
        name: `dnsbl_scan_12_lists_${label}_p${q * 100}`,
        value: Number(quantile(samples, q).toFixed(2)),
        unit: 'ms',
        workload: `${SCANS} sequential live scans of ${ip} against 12 lists on the loopback Unbound (listed on ${listedOn}; listed answers add a TXT query)`,
        target: q === 0.99 ? '≤ 50 ms' : undefined,
      });
    }
  }
}

async function scanWithSilentList(harness: Harness): Promise<void> {
  const timeoutMs = 500;
  const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs });
  const lists = [...LISTS.slice(0, 11), 'blackhole.test'];
  const scans = new BlacklistScans({ db: null, resolver, clock: systemClock, logger, config: { ipLists: lists, domainLists: [] } });
  const samples: number[] = [];
  let errors = 0;
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    const result = await scans.scan('127.0.0.2', { refresh: true });
    samples.push(performance.now() - started);
    errors = result.errors.length;
  }
  report({
    name: 'dnsbl_scan_one_list_silent_max',
    value: Number(Math.max(...samples).toFixed(1)),
    unit: 'ms',
    p50_ms: Number(quantile(samples, 0.5).toFixed(1)),
    timeout_ms: timeoutMs,
    sequential_bound_ms: timeoutMs * lists.length,
    workload: `10 scans of 12 lists, one of which (blackhole.test) never answers; per-query timeout ${timeoutMs} ms; ${errors} list reported as error`,
  });
}

async function dailyRefresh(harness: Harness): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-dns-'));
  const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
  try {
    await migrate(db);
    const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 2000 });
    const checks = new DnsAuthChecks({ db, resolver, clock: systemClock, logger });
    const targets = Array.from({ length: DOMAINS }, (_, i) => ({ domain: `d${i}.bench.test`, ip: '127.0.0.1' }));
    const queriesBefore = resolver.queriesStarted;
    resolver.resetPeak();
    const started = performance.now();
    const results = await checks.checkMany(targets, { concurrency: REFRESH_CONCURRENCY, refresh: true });
    const seconds = (performance.now() - started) / 1000;
    const failed = results.filter((r) => r instanceof Error).length;
    const unknown = results.filter((r) => !(r instanceof Error) && [r.spf.status, r.dkim.status, r.dmarc.status, r.mx.status].includes('unknown')).length;
    const queries = resolver.queriesStarted - queriesBefore;
    const workload = `${DOMAINS} domains, concurrency ${REFRESH_CONCURRENCY}, ${queries} DNS queries, SQLite cache; ${failed} errors, ${unknown} with an unknown status`;
    report({ name: 'dns_auth_refresh_duration', value: Number(seconds.toFixed(2)), unit: 's', workload });
    report({ name: 'dns_auth_refresh_rate', value: Math.round(DOMAINS / seconds), unit: 'domains/s', workload });
    report({ name: 'dns_auth_refresh_peak_inflight_queries', value: resolver.peakInFlight, unit: 'queries', workload });
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const harness = await benchHarness('dnsbl bench');
  if (harness === null) return;
  await scanLatency(harness);
  await scanWithSilentList(harness);
  await dailyRefresh(harness);
}

if (import.meta.main) await run();
