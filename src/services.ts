/**
 * Wiring: builds every repository and service from the process's dependencies. Nothing global —
 * tests build as many independent instances as they like.
 */
import { ApiKeysRepo } from './accounts/api-keys.repo.ts';
import { ApiKeysService } from './accounts/api-keys.service.ts';
import { AuditLog } from './accounts/audit.ts';
import { Authenticator } from './accounts/authenticator.ts';
import { LoginThrottle } from './accounts/login-throttle.ts';
import { SessionsRepo } from './accounts/sessions.repo.ts';
import { SessionsService } from './accounts/sessions.service.ts';
import { UserErasure } from './accounts/user-erasure.ts';
import { UsersRepo } from './accounts/users.repo.ts';
import { UsersService } from './accounts/users.service.ts';
import { AnalysisJobs } from './analysis/analysis.jobs.ts';
import { AnalysisRepo } from './analysis/analysis.repo.ts';
import type { Config } from './config.ts';
import { EmailsRepo, emailBlobReferences, ownedEmailBlobs } from './emails/emails.repo.ts';
import { EmailsService } from './emails/emails.service.ts';
import { EmailIngest } from './emails/ingest.service.ts';
import { EmailRetention } from './emails/retention.ts';
import { HoneypotsRepo } from './honeypots/honeypots.repo.ts';
import { AlertSecrets } from './honeypots/alert-secrets.ts';
import { HoneypotsService } from './honeypots/honeypots.service.ts';
import { RateLimiter } from './http/rate-limit/limiter.ts';
import { MemoryRateLimitStore, SqlRateLimitStore } from './http/rate-limit/store.ts';
import { BlobCollector, createBlobStore, queueBlobDeletion, type BlobStore } from './platform/blobs/index.ts';
import type { Clock } from './platform/clock.ts';
import type { Db } from './platform/db/index.ts';
import type { Logger } from './platform/logger.ts';
import { createMailer, type Mailer } from './platform/mail/mailer.ts';
import { Vault } from './platform/vault.ts';
import { createMailboxFeature, type MailboxFeature } from './mailboxes/index.ts';
import { createWarmupFeature, type WarmupFeature } from './warmup/index.ts';
import { DnsResolver } from './platform/dns/index.ts';
import { DnsAuthChecks } from './checks/dns-auth/dns-auth.service.ts';
import { BlacklistScans } from './checks/dnsbl/dnsbl.service.ts';
import { WebhookDeliveryJobs } from './webhooks/delivery/delivery.jobs.ts';
import { CampaignsRepo } from './campaigns/campaigns.repo.ts';
import { CampaignsService } from './campaigns/campaigns.service.ts';
import { emailEventsHook } from './webhooks/email-events.ts';
import { honeypotSuspendedAlerts, StorageAlerts } from './webhooks/system-alerts.ts';
import { createAnalyticsFeature, type AnalyticsFeature } from './analytics/index.ts';
import { createReportsFeature, ownedReportBlobs, reportBlobReferences, type ReportsFeature } from './reports/index.ts';
import { WebhooksRepo } from './webhooks/webhooks.repo.ts';
import { WebhooksService } from './webhooks/webhooks.service.ts';

export interface CoreDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Outbound mail; default: the relay in SMTP_RELAY_URL, or the log when it is unset. */
  mailer?: Mailer;
}

export interface Services {
  users: UsersService;
  apiKeys: ApiKeysService;
  honeypots: HoneypotsService;
  /** Raw messages and attachments (DATA_DIR/blobs, or PostgreSQL tables in PostgreSQL mode). */
  blobs: BlobStore;
  /** Deletes queued and orphaned blobs nothing references; the worker runs it on a timer. */
  blobCollector: BlobCollector;
  emails: EmailsService;
  /** The capture pipeline (SMTP server and POST /v1/emails). */
  ingest: EmailIngest;
  /** Threat analysis of captured mail; the worker role starts it (its threads start on first use). */
  analysis: AnalysisJobs;
  emailRetention: EmailRetention;
  sessions: SessionsService;
  authenticator: Authenticator;
  audit: AuditLog;
  mailer: Mailer;
  /** null when RATE_LIMIT_ENABLED=false. */
  limiter: RateLimiter | null;
  /** Sign-in limits and expired counters; always on. */
  loginLimiter: RateLimiter;
  /** Encrypts stored credentials; the key loads on first use (the server loads it at start). */
  vault: Vault;
  /** Connected mailboxes (`/api/v1/mailboxes`) and their login verification job (worker role). */
  mailboxes: MailboxFeature;
  /** The warm-up engine (`/api/v1/warmup`, `/api/v1/stats`) and its jobs; the worker role starts them. */
  warmup: WarmupFeature;
  /** The one DNS resolver (DNS_SERVERS, DNS_TIMEOUT_MS); `mailauthResolver()` adapts it for mailauth. */
  resolver: DnsResolver;
  /** SPF/DKIM/DMARC/MX/PTR checks of a domain, cached in check_results. */
  dnsAuth: DnsAuthChecks;
  /** DNS blacklist scans of an IP (and domain), cached 30 minutes. */
  blacklists: BlacklistScans;
  /** Signed webhook deliveries from the event outbox; the worker role starts it. */
  webhookDelivery: WebhookDeliveryJobs;
  /** Campaign clustering (run by the analysis hook) and `/v1/campaigns`. */
  campaigns: CampaignsService;
  /** `/v1/analytics/*`, period summaries for reports, and the origin (IP, country, AS) of analysed mail. */
  analytics: AnalyticsFeature;
  /** `/v1/reports` and the report worker (schedules, generation, mail to recipients); the worker role starts it. */
  reports: ReportsFeature;
  /** The disk-space check behind `storage.nearly_full` alerts; the worker runs it on a timer. */
  storageAlerts: StorageAlerts;
  /** Webhook endpoints (`/v1/webhooks`): CRUD, test, enable/disable, delivery history. */
  webhooks: WebhooksService;
}

export function createServices(deps: CoreDeps): Services {
  const { db, clock, logger, config } = deps;
  // SQLite mode has one server process per database file, so counters live in memory; PostgreSQL
  // mode may run many processes, so counters live in the shared database.
  const store = db.engine === 'postgres' ? new SqlRateLimitStore(db) : new MemoryRateLimitStore();
  const loginLimiter = new RateLimiter(store, clock);
  const mailer = deps.mailer ?? createMailer(config, logger);
  const audit = new AuditLog(clock);
  const usersRepo = new UsersRepo(db.kysely);
  const blobs = createBlobStore(db, config.dataDir, { clock });
  const blobCollector = new BlobCollector({ store: blobs, db, clock, logger, checks: [emailBlobReferences, reportBlobReferences] });
  const erasure = new UserErasure({
    users: usersRepo,
    audit,
    logger,
    ownedBlobs: [ownedEmailBlobs, ownedReportBlobs],
    blobs: { queue: (trx, sha256s) => queueBlobDeletion(trx, sha256s, clock.now()), collect: async () => void (await blobCollector.collectQueued()) },
  });
  const emailsRepo = new EmailsRepo(db);
  // Deleting honeypots deletes their mail (cascade); its files are queued in the same transaction.
  // Suspending honeypots writes a system.alert for each in the same transaction.
  const honeypotsRepo = new HoneypotsRepo(db, {
    beforeDelete: async (trx, userId, ids) => {
      const digests = await emailsRepo.digestsOfHoneypots(trx, userId, ids);
      if (digests.length > 0) await queueBlobDeletion(trx, digests, clock.now());
    },
    onSuspended: honeypotSuspendedAlerts(clock),
  });
  const analysis = new AnalysisJobs({
    repo: new AnalysisRepo(db),
    blobs,
    clock,
    logger,
    options: {
      threads: config.analysis.threads,
      settings: { budgetMs: config.analysis.budgetMs, dnsServers: config.analysis.authChecks ? config.dnsServers : null, dnsTimeoutMs: config.dnsTimeoutMs, clamd: config.clamd },
    },
  });
  // Every stored analysis also clusters its emails into campaigns and writes their events (outbox).
  const campaigns = new CampaignsService(new CampaignsRepo(db), clock, { patternThreshold: config.campaignPatternThreshold });
  // Each stored analysis also records where the mail came from (origin IP, country, AS; offline databases).
  const analytics = createAnalyticsFeature({ db, clock, logger });
  analysis.addHook(analytics.originHook);
  analysis.addHook(emailEventsHook({ campaigns, clock, logger, mailer, publicUrl: config.publicUrl }));
  const ingest = new EmailIngest({ repo: emailsRepo, honeypots: honeypotsRepo, blobs, clock, logger, groupCommit: db.groupCommit, onCommitted: () => analysis.notify() });
  const vault = Vault.fromConfig({ secret: config.secret, engine: db.engine, dataDir: config.dataDir, logger });
  const resolver = DnsResolver.fromConfig(config);
  const webhookDelivery = new WebhookDeliveryJobs({
    db, clock, logger, vault, resolver, options: { allowPrivate: config.webhookAllowPrivate, ...config.webhookDelivery },
  });
  // Events an analysis wrote are delivered as soon as it commits (in this process; others poll).
  analysis.addHook(async () => async () => webhookDelivery.notify());
  const mailboxResolver = (name: string, rrtype: 'A' | 'AAAA' | 'MX') => resolver.resolve(name, rrtype);
  const dnsAuth = new DnsAuthChecks({ db, resolver, clock, logger });
  const blacklists = new BlacklistScans({ db, resolver, clock, logger, config: config.dnsbl });
  // Deleting a mailbox stops its warm-up; the warm-up feature needs the mailboxes service, hence the late binding.
  const late: { warmup?: WarmupFeature } = {};
  const mailboxes = createMailboxFeature({
    db, clock, logger, vault, config: config.mailboxes, resolve: mailboxResolver, dnsAuth, blacklists,
    onDeleted: async (id) => late.warmup?.mailboxDeleted(id),
    onVerified: () => late.warmup?.planner.notify(),
  });
  const warmup = createWarmupFeature({ db, clock, logger, vault, config, resolve: mailboxResolver, mailboxes: mailboxes.service });
  late.warmup = warmup;
  const users = new UsersService({ repo: usersRepo, clock, audit, erasure });
  const apiKeys = new ApiKeysService({ repo: new ApiKeysRepo(db), audit, clock, logger });
  const sessions = new SessionsService({
    repo: new SessionsRepo(db.kysely),
    users,
    audit,
    mailer,
    throttle: new LoginThrottle(loginLimiter),
    clock,
    logger,
    publicUrl: config.publicUrl,
    selfSignup: config.selfSignup,
  });
  return {
    users,
    apiKeys,
    honeypots: new HoneypotsService(honeypotsRepo, clock, { honeypotDomains: config.honeypotDomains, secrets: new AlertSecrets(vault) }),
    blobs,
    blobCollector,
    emails: new EmailsService({
      repo: emailsRepo, honeypots: honeypotsRepo, ingest, blobs, collector: blobCollector, clock, logger, serverName: config.smtp.hostname,
    }),
    ingest,
    analysis,
    emailRetention: new EmailRetention({ repo: emailsRepo, collector: blobCollector, clock, logger }),
    sessions,
    authenticator: new Authenticator(apiKeys, sessions),
    audit,
    mailer,
    limiter: config.rateLimitEnabled ? loginLimiter : null,
    loginLimiter,
    vault,
    mailboxes,
    warmup,
    resolver,
    dnsAuth,
    blacklists,
    webhookDelivery,
    storageAlerts: new StorageAlerts({ db, clock, dataDir: config.dataDir, thresholdPercent: config.storageAlertPercent }),
    campaigns,
    analytics,
    reports: createReportsFeature({
      db, clock, logger, blobs, collector: blobCollector, mailer, summarize: analytics.summarizePeriod, publicUrl: config.publicUrl,
    }),
    webhooks: new WebhooksService({
      repo: new WebhooksRepo(db), db, clock, vault, resolver, audit, allowPrivate: config.webhookAllowPrivate,
      onQueued: () => webhookDelivery.notify(),
    }),
  };
}
