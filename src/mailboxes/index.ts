/**
 * Wiring of the mailboxes feature: the service behind `/api/v1/mailboxes`, the login verification job,
 * the mailbox DNS/blacklist checks and the daily DNS refresh. `createServices` calls this; nothing here connects or reads a key until used.
 */
import type { BlacklistScans } from '../checks/dnsbl/dnsbl.service.ts';
import type { DnsAuthChecks } from '../checks/dns-auth/dns-auth.service.ts';
import type { MailboxConnectionConfig } from '../config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/index.ts';
import type { Logger } from '../platform/logger.ts';
import { trustedCas } from '../platform/tls-trust.ts';
import type { Vault } from '../platform/vault.ts';
import { MailboxDnsRefresh } from './dns-refresh.jobs.ts';
import { MailboxChecks } from './mailbox-checks.service.ts';
import { mailboxDnsFrom, type ResolveRecords } from './mailbox-dns.ts';
import { MailboxesRepo } from './mailboxes.repo.ts';
import { MailboxesService } from './mailboxes.service.ts';
import { MailboxVerificationJobs } from './verification/verification.jobs.ts';
import { MailboxVerifier } from './verification/verifier.ts';

export interface MailboxFeature {
  repo: MailboxesRepo;
  service: MailboxesService;
  /** Checks one mailbox's logins (the job below runs it). */
  verifier: MailboxVerifier;
  /** The worker role starts it; tests call `runDue()`. */
  verification: MailboxVerificationJobs;
  /** `GET /api/v1/dns` and `/blacklist` for a mailbox. */
  checks: MailboxChecks;
  /** The daily DNS refresh of every mailbox (worker role). */
  dnsRefresh: MailboxDnsRefresh;
}

export interface MailboxFeatureDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  vault: Vault;
  config: MailboxConnectionConfig;
  /** The project's resolver. */
  resolve: ResolveRecords;
  dnsAuth: DnsAuthChecks;
  blacklists: BlacklistScans;
  /** Called after a mailbox is deleted (the warm-up engine cancels planned mail to it). */
  onDeleted?: (mailboxId: string) => Promise<void>;
  /** Called after a verification run recorded results (the warm-up planner plans newly verified mailboxes now, not at its next poll). */
  onVerified?: () => void;
}

export function createMailboxFeature(deps: MailboxFeatureDeps): MailboxFeature {
  const repo = new MailboxesRepo(deps.db.kysely);
  const timeoutMs = deps.config.connectTimeoutMs;
  const dns = mailboxDnsFrom(deps.resolve);
  const dnsRefresh = new MailboxDnsRefresh({ repo, dnsAuth: deps.dnsAuth, dns, clock: deps.clock, logger: deps.logger });
  const verifier = new MailboxVerifier({
    vault: deps.vault,
    dns,
    options: { timeoutMs, ca: trustedCas(deps.config.tlsCaFile, 'MAILBOX_TLS_CA_FILE'), allowPrivateHosts: deps.config.allowPrivateHosts },
  });
  // Each probe is capped at 2× the timeout and both run in parallel; the claim outlasts that comfortably.
  const verification = new MailboxVerificationJobs(
    { repo, verifier, clock: deps.clock, logger: deps.logger, onFinished: () => {
      dnsRefresh.notify();
      deps.onVerified?.();
    } },
    { leaseMs: timeoutMs * 4 + 30_000 },
  );
  const service = new MailboxesService({
    repo,
    vault: deps.vault,
    clock: deps.clock,
    onCreated: () => verification.notify(),
    onDeleted: deps.onDeleted,
    allowPrivateHosts: deps.config.allowPrivateHosts,
  });
  const checks = new MailboxChecks({ mailboxes: service, repo, dnsAuth: deps.dnsAuth, blacklists: deps.blacklists, dns });
  return { repo, service, verifier, verification, checks, dnsRefresh };
}
