/**
 * Benchmark: the worker's daily DNS refresh of 10,000 mailboxes (src/mailboxes/dns-refresh.jobs.ts)
 * against the harness's Unbound on loopback (skipped when it is not running): claims in batches,
 * one sending-IP lookup per SMTP host, one DNS-authentication check per distinct (domain, IP) with
 * the job's concurrency limit, statuses written back to the mailboxes. SQLite database.
 *
 * Two workloads: every mailbox on its own domain (`d<n>.bench.test`: 10,000 checks, ~40 queries each),
 * and 10,000 mailboxes on 100 shared domains (the usual case: many mailboxes per domain).
 *
 *   npx node bench/mailbox-dns-refresh.bench.ts        (BENCH_MAILBOXES=… to change the 10,000)
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DnsAuthChecks } from '../src/checks/dns-auth/dns-auth.service.ts';
import { MailboxDnsRefresh } from '../src/mailboxes/dns-refresh.jobs.ts';
import { mailboxDnsFrom } from '../src/mailboxes/mailbox-dns.ts';
import { NEW_MAILBOX_DEFAULTS, type MailboxRow } from '../src/mailboxes/mailboxes.model.ts';
import { MailboxesRepo } from '../src/mailboxes/mailboxes.repo.ts';
import { systemClock } from '../src/platform/clock.ts';
import { migrate, openDatabase, type Db } from '../src/platform/db/index.ts';
import { DnsResolver } from '../src/platform/dns/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { Harness } from '../test/support/harness.ts';
import { benchHarness } from './harness.ts';
import { report } from './support.ts';

const MAILBOXES = Number(process.env.BENCH_MAILBOXES ?? 10_000);
const CONCURRENCY = 16;
const logger = createLogger('silent');

function mailboxRow(userId: string, index: number, domain: string, now: string): MailboxRow {
  return {
    id: randomUUID(), user_id: userId, email: `m${index}@${domain}`, domain, provider: 'custom', status: 'active',
    ...NEW_MAILBOX_DEFAULTS, warmup_started_at: null, paused_reason: null,
    smtp_host: '127.0.0.1', smtp_port: 2525, smtp_security: 'starttls', smtp_user: `m${index}`, smtp_pass: 'v1.bench.unused',
    imap_host: '127.0.0.1', imap_port: 1143, imap_security: 'starttls', imap_user: `m${index}`, imap_pass: 'v1.bench.unused',
    imap_folders: null, sending_ip: '127.0.0.1', connection_error: null,
    verify_state: 'verified', verify_lease_until: null, verify_attempts: 1, verified_at: now,
    dns_spf: null, dns_dkim: null, dns_dmarc: null, dns_checked_at: null, dns_refresh_at: null,
    created_at: now, updated_at: now,
  };
}

async function seed(db: Db, domains: number): Promise<void> {
  const now = new Date().toISOString();
  const userId = 'user_bench';
  await db.kysely.insertInto('users').values({ id: userId, email: 'bench@example.test', name: null, plan: 'pro', role: 'user', created_at: now, updated_at: now }).execute();
  const rows = Array.from({ length: MAILBOXES }, (_, i) => mailboxRow(userId, i, `d${i % domains}.bench.test`, now));
  // 48 columns × 200 rows stays under both engines' bound-parameter limits.
  for (let start = 0; start < rows.length; start += 200) await db.kysely.insertInto('mailboxes').values(rows.slice(start, start + 200)).execute();
}

async function refresh(harness: Harness, domains: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-mbx-dns-'));
  const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
  try {
    await migrate(db);
    await seed(db, domains);
    const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 2000 });
    const job = new MailboxDnsRefresh(
      {
        repo: new MailboxesRepo(db.kysely),
        dnsAuth: new DnsAuthChecks({ db, resolver, clock: systemClock, logger }),
        dns: mailboxDnsFrom((name, type) => resolver.resolve(name, type)),
        clock: systemClock,
        logger,
      },
      { concurrency: CONCURRENCY },
    );
    resolver.resetPeak();
    const queriesBefore = resolver.queriesStarted;
    const started = performance.now();
    const result = await job.runDue();
    const seconds = (performance.now() - started) / 1000;
    const unchecked = await db.kysely.selectFrom('mailboxes').select((eb) => eb.fn.countAll<number>().as('n')).where('dns_checked_at', 'is', null).executeTakeFirstOrThrow();
    const workload =
      `${MAILBOXES} mailboxes on ${domains} domain(s), job concurrency ${CONCURRENCY}, ${result.checks} checks, ` +
      `${resolver.queriesStarted - queriesBefore} DNS queries, ${result.failed} failed, ${Number(unchecked.n)} left without a status; SQLite`;
    const label = domains === MAILBOXES ? 'own_domains' : `${domains}_domains`;
    report({ name: `mailbox_dns_refresh_${label}_duration`, value: Number(seconds.toFixed(2)), unit: 's', workload });
    report({ name: `mailbox_dns_refresh_${label}_rate`, value: Math.round(MAILBOXES / seconds), unit: 'mailboxes/s', workload });
    report({ name: `mailbox_dns_refresh_${label}_peak_inflight_queries`, value: resolver.peakInFlight, unit: 'queries', workload });
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const harness = await benchHarness('mailbox DNS refresh bench');
  if (harness === null) return;
  await refresh(harness, 100);
  await refresh(harness, MAILBOXES);
}

if (import.meta.main) await run();
