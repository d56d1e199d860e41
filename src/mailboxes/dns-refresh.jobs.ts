/**
 * The daily DNS refresh (worker role): every mailbox's domain is checked again once a day, so
 * `dns_status` and `GET /api/v1/dns` (cached) stay current without anyone asking.
 *
 * Each run claims batches of mailboxes not refreshed for `maxAgeMs` (a compare-and-set stamp, so several
 * workers share the work instead of repeating it), resolves their sending IPs once per SMTP host, and
 * checks each distinct (domain, IP) once, at most `concurrency` checks at a time: thousands of
 * mailboxes on a few providers' domains cost a few checks, not thousands. A new mailbox is taken once
 * its login check is done (it then knows its sending IP).
 */
import { isoTime, type Clock } from '../platform/clock.ts';
import type { DnsAuthChecks } from '../checks/dns-auth/dns-auth.service.ts';
import type { Logger } from '../platform/logger.ts';
import { BackgroundLoop } from '../platform/jobs/background-loop.ts';
import { dnsStatusFromReport, sendingIpOf } from './mailbox-checks.service.ts';
import type { DnsRefreshTarget, MailboxesRepo } from './mailboxes.repo.ts';
import type { MailboxDns } from './verification/verifier.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DnsRefreshOptions {
  /** DNS checks run at once. Default 16. */
  concurrency?: number;
  /** Mailboxes claimed per batch. Default 500. */
  batchSize?: number;
  /** Refresh a mailbox when its last refresh is older than this, in ms. Default 24 hours. */
  maxAgeMs?: number;
  /** How often the worker looks for mailboxes due, in ms. Default 5 minutes. */
  pollIntervalMs?: number;
}

export interface DnsRefreshDeps {
  repo: MailboxesRepo;
  dnsAuth: DnsAuthChecks;
  dns: MailboxDns;
  clock: Clock;
  logger: Logger;
}

export interface DnsRefreshResult {
  /** Mailboxes this run refreshed (or tried to). */
  mailboxes: number;
  /** Distinct (domain, IP) checks run. */
  checks: number;
  /** Checks that threw (the mailboxes keep their previous status until tomorrow). */
  failed: number;
}

export class MailboxDnsRefresh {
  private readonly deps: DnsRefreshDeps;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly maxAgeMs: number;
  private readonly loop: BackgroundLoop<DnsRefreshResult>;

  constructor(deps: DnsRefreshDeps, options: DnsRefreshOptions = {}) {
    this.deps = deps;
    this.concurrency = options.concurrency ?? 16;
    this.batchSize = options.batchSize ?? 500;
    this.maxAgeMs = options.maxAgeMs ?? DAY_MS;
    this.loop = new BackgroundLoop(() => this.refreshDue(), {
      intervalMs: options.pollIntervalMs ?? 5 * 60_000,
      logger: deps.logger,
      failure: "Could not refresh mailboxes' DNS status; will retry.",
      combine: (a, b) => ({ mailboxes: a.mailboxes + b.mailboxes, checks: a.checks + b.checks, failed: a.failed + b.failed }),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Mailboxes were verified: refresh them now if this process is a worker. */
  notify(): void {
    this.loop.notify();
  }

  /** Refreshes every mailbox due now; concurrent calls share one run. */
  runDue(): Promise<DnsRefreshResult> {
    return this.loop.run();
  }

  private async refreshDue(): Promise<DnsRefreshResult> {
    const total: DnsRefreshResult = { mailboxes: 0, checks: 0, failed: 0 };
    for (;;) {
      const now = this.deps.clock.now();
      const batch = await this.deps.repo.claimForDnsRefresh(isoTime(now - this.maxAgeMs), isoTime(now), this.batchSize);
      if (batch.length === 0) break;
      const result = await this.refreshBatch(batch);
      total.mailboxes += batch.length;
      total.checks += result.checks;
      total.failed += result.failed;
    }
    if (total.mailboxes > 0) this.deps.logger.info({ ...total }, `Refreshed the DNS status of ${total.mailboxes} mailbox(es) with ${total.checks} check(s).`);
    return total;
  }

  private async refreshBatch(batch: DnsRefreshTarget[]): Promise<{ checks: number; failed: number }> {
    const ipOfHost = new Map<string, Promise<string | null>>();
    const ips = await Promise.all(
      batch.map((mailbox) => {
        // One lookup per SMTP host (many mailboxes share a provider's host); the mailbox's last known IP if it fails.
        let ip = ipOfHost.get(mailbox.smtp_host);
        if (ip === undefined) {
          ip = sendingIpOf({ smtp_host: mailbox.smtp_host, sending_ip: null }, this.deps.dns);
          ipOfHost.set(mailbox.smtp_host, ip);
        }
        return ip.then((found) => found ?? mailbox.sending_ip);
      }),
    );
    const groups = new Map<string, { domain: string; ip: string | null; ids: string[] }>();
    batch.forEach((mailbox, index) => {
      const ip = ips[index] ?? null;
      const key = `${mailbox.domain}|${ip ?? ''}`;
      const group = groups.get(key) ?? { domain: mailbox.domain, ip, ids: [] };
      group.ids.push(mailbox.id);
      groups.set(key, group);
    });
    const targets = [...groups.values()];
    const reports = await this.deps.dnsAuth.checkMany(
      targets.map((g) => ({ domain: g.domain, ip: g.ip ?? undefined })),
      { concurrency: this.concurrency },
    );
    let failed = 0;
    for (const [index, report] of reports.entries()) {
      const group = targets[index]!;
      if (report instanceof Error) {
        failed += 1;
        this.deps.logger.warn({ domain: group.domain, ip: group.ip, err: report }, `DNS check of ${group.domain} failed; its mailboxes keep their previous DNS status.`);
        continue;
      }
      await this.deps.repo.recordDnsStatus(group.ids, dnsStatusFromReport(report), report.checked_at);
    }
    return { checks: targets.length, failed };
  }
}
