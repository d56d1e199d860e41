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
import type { Config } from './config.ts';
import { HoneypotsRepo } from './honeypots/honeypots.repo.ts';
import { HoneypotsService } from './honeypots/honeypots.service.ts';
import { RateLimiter } from './http/rate-limit/limiter.ts';
import { MemoryRateLimitStore, SqlRateLimitStore } from './http/rate-limit/store.ts';
import type { Clock } from './platform/clock.ts';
import type { Db } from './platform/db/index.ts';
import type { Logger } from './platform/logger.ts';
import { createMailer, type Mailer } from './platform/mail/mailer.ts';

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
  sessions: SessionsService;
  authenticator: Authenticator;
  audit: AuditLog;
  mailer: Mailer;
  /** null when RATE_LIMIT_ENABLED=false. */
  limiter: RateLimiter | null;
  /** Sign-in limits and expired counters; always on. */
  loginLimiter: RateLimiter;
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
  const erasure = new UserErasure({ users: usersRepo, audit, logger, ownedBlobs: [], blobs: null });
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
    honeypots: new HoneypotsService(new HoneypotsRepo(db), clock, { honeypotDomains: config.honeypotDomains }),
    sessions,
    authenticator: new Authenticator(apiKeys, sessions),
    audit,
    mailer,
    limiter: config.rateLimitEnabled ? loginLimiter : null,
    loginLimiter,
  };
}
