/**
 * `mailwarden serve [--role api|smtp|worker]`: runs the chosen roles until SIGINT/SIGTERM.
 * Without --role every role runs in this one process (the embedded default).
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { migrate, openDatabase, type Db } from '../platform/db/index.ts';
import type { Logger } from '../platform/logger.ts';
import { createServices, type Services } from '../services.ts';
import { InboundSmtpServer } from '../smtp/smtp.server.ts';
import { loadOrCreateCertificate } from '../smtp/tls.ts';
import { UsageError } from './args.ts';

export const ROLES = ['api', 'smtp', 'worker'] as const;
export type ServerRole = (typeof ROLES)[number];

/** How often expired rate-limit counters are deleted (ms). */
const COUNTER_SWEEP_INTERVAL_MS = 60_000;
/** How often batched API-key `last_used_at` values are written (ms). */
const LAST_USED_FLUSH_INTERVAL_MS = 5_000;
/** How often expired sign-in links, access tokens and sessions are deleted (ms). */
const SESSION_SWEEP_INTERVAL_MS = 10 * 60_000;
/** How often queued blobs (deleted mail, attachments) are collected (ms). */
const BLOB_COLLECT_INTERVAL_MS = 60_000;
/** How often stored blobs nothing references, and abandoned temporary files, are removed (ms). */
const BLOB_SWEEP_INTERVAL_MS = 60 * 60_000;
/** How often mail older than EMAIL_RETENTION_DAYS is deleted (ms). */
const RETENTION_INTERVAL_MS = 60 * 60_000;
/** How often the worker checks the data directory's disk space (storage.nearly_full alerts). */
const STORAGE_CHECK_INTERVAL_MS = 10 * 60_000;

/** Runs `work` every `intervalMs` without keeping the process alive; a failure is logged and retried next time. */
function every(intervalMs: number, logger: Logger, failure: string, work: () => Promise<unknown>): NodeJS.Timeout {
  const timer = setInterval(() => {
    work().catch((error: unknown) => logger.warn({ err: error }, failure));
  }, intervalMs);
  timer.unref();
  return timer;
}

export function parseRoles(value: string | undefined): ServerRole[] {
  if (value === undefined) return [...ROLES];
  const roles = value.split(',').map((r) => r.trim());
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`Unknown role "${role}"; use api, smtp or worker.`);
  }
  return roles as ServerRole[];
}

export interface RunningServer {
  db: Db;
  app: FastifyInstance | null;
  /** The HTTP address when the api role runs, e.g. http://127.0.0.1:3000. */
  url: string | null;
  stop(): Promise<void>;
}

/** The inbound SMTP server on SMTP_HOST:SMTP_PORT (0: a free port, reported as `port`). `mailwarden demo` runs one too. */
export async function startSmtp(config: Config, services: Services, logger: Logger): Promise<{ server: InboundSmtpServer; port: number }> {
  const tls = await loadOrCreateCertificate(
    { certFile: config.smtp.tlsCertFile, keyFile: config.smtp.tlsKeyFile, hostname: config.smtp.hostname, dataDir: config.dataDir },
    logger,
  );
  const smtp = new InboundSmtpServer(
    { host: config.smtpHost, port: config.smtpPort, tls, ...config.smtp },
    { findHoneypot: (address) => services.honeypots.findForDelivery(address), ingest: services.ingest, logger },
  );
  const port = await smtp.listen();
  if (config.honeypotDomains.length === 0) {
    logger.warn('HONEYPOT_DOMAINS is empty: no honeypot can be created, so every recipient will be refused (550). Set it to the domains whose MX points here.');
  }
  logger.info({ smtp_host: config.smtpHost, smtp_port: port }, `SMTP server listening on ${config.smtpHost}:${port} for ${config.honeypotDomains.join(', ') || 'no domains yet'}`);
  logger.flush();
  return { server: smtp, port };
}

export async function startServer(config: Config, logger: Logger, roles: ServerRole[], version: string): Promise<RunningServer> {
  const db = await openDatabase(config);
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ migrations: applied }, `Applied ${applied.length} database migration(s)`);
  logger.info({ engine: db.engine, roles }, `Database: ${db.engine === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}`);

  const services = createServices({ config, db, clock: systemClock, logger });
  try {
    // The credential key: generated on first start (SQLite), required in PostgreSQL mode. Fail now, not at the first mailbox.
    services.vault.load();
  } catch (error) {
    await db.close();
    throw error;
  }
  // Alert secrets written in plaintext before migration 0013 are encrypted once (idempotent; usually none).
  const converted = await services.honeypots.encryptLegacyAlertSecrets();
  if (converted > 0) logger.info({ converted }, `Encrypted ${converted} honeypot alert secret(s) stored in plaintext by an earlier version`);
  const timers: NodeJS.Timeout[] = [];
  let app: FastifyInstance | null = null;
  let url: string | null = null;

  if (db.engine === 'sqlite') {
    // SQLite mode is one process, and nothing listens yet: nothing can be half-way through writing a
    // blob, so leftovers of a crash (temporary files, blobs whose rows never committed) can go at once.
    await services.blobs.cleanTemp(0);
    const swept = await services.blobCollector.sweepOrphans(0);
    logger.info({ swept }, 'Checked stored files for leftovers of an earlier crash');
  }
  if (roles.includes('api')) {
    app = await buildApp({ config, db, clock: systemClock, logger, services, version });
    url = await app.listen({ host: config.host, port: config.port });
    logger.info({ url }, `HTTP API listening on ${url} (Deliverability API at /api/v1, Threat API at /v1, docs at /v1/swagger)`);
    logger.flush(); // the listening line is what people and scripts wait for: do not leave it buffered
    if (services.mailer.kind === 'log') {
      logger.info('SMTP_RELAY_URL is not set: sign-in links will be written to this log (info level) instead of e-mailed. Set SMTP_RELAY_URL=smtp://user:pass@host:587 to mail them.');
    }
    timers.push(
      every(LAST_USED_FLUSH_INTERVAL_MS, logger, "Could not record API keys' last use; will retry.", () => services.apiKeys.flushLastUsed()),
      every(COUNTER_SWEEP_INTERVAL_MS, logger, 'Could not delete expired rate-limit counters; will retry.', () => services.loginLimiter.sweep()),
    );
  }
  let smtp: InboundSmtpServer | null = null;
  if (roles.includes('smtp')) smtp = (await startSmtp(config, services, logger)).server;
  if (roles.includes('worker')) {
    services.analysis.start();
    services.mailboxes.verification.start();
    services.mailboxes.dnsRefresh.start();
    services.warmup.start();
    services.webhookDelivery.start();
    services.reports.jobs.start();
    timers.push(
      every(SESSION_SWEEP_INTERVAL_MS, logger, 'Could not delete expired sign-in tokens; will retry.', () => services.sessions.sweepExpired()),
      every(STORAGE_CHECK_INTERVAL_MS, logger, 'Could not check the disk space of DATA_DIR; will retry.', async () => {
        if ((await services.storageAlerts.runDue()) > 0) services.webhookDelivery.notify();
      }),
      every(BLOB_COLLECT_INTERVAL_MS, logger, 'Could not collect deleted files; will retry.', () => services.blobCollector.collectQueued()),
      every(BLOB_SWEEP_INTERVAL_MS, logger, 'Could not sweep unreferenced files; will retry.', async () => {
        await services.blobs.cleanTemp();
        await services.blobCollector.sweepOrphans();
      }),
      every(RETENTION_INTERVAL_MS, logger, 'Could not delete mail past its retention; will retry.', () =>
        services.emailRetention.deleteEmailsOlderThan(services.emailRetention.cutoffFor(config.emailRetentionDays)),
      ),
    );
  }

  return {
    db,
    app,
    url,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      if (smtp !== null) await smtp.close();
      await services.analysis.stop();
      await services.mailboxes.verification.stop();
      await services.mailboxes.dnsRefresh.stop();
      await services.warmup.stop();
      await services.webhookDelivery.stop();
      await services.reports.jobs.stop();
      if (app !== null) await app.close();
      await services.apiKeys.flushLastUsed();
      await services.sessions.drain();
      services.mailer.close();
      await db.close();
    },
  };
}
