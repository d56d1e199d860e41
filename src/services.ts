/**
 * Wiring: builds every repository and service from the process's dependencies. Nothing global —
 * tests build as many independent instances as they like.
 */
import { ApiKeysRepo } from './accounts/api-keys.repo.ts';
import { ApiKeysService } from './accounts/api-keys.service.ts';
import { UsersRepo } from './accounts/users.repo.ts';
import { UsersService } from './accounts/users.service.ts';
import type { Config } from './config.ts';
import { RateLimiter } from './http/rate-limit/limiter.ts';
import { MemoryRateLimitStore, SqlRateLimitStore } from './http/rate-limit/store.ts';
import type { Clock } from './platform/clock.ts';
import type { Db } from './platform/db/index.ts';
import type { Logger } from './platform/logger.ts';

export interface CoreDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
}

export interface Services {
  users: UsersService;
  apiKeys: ApiKeysService;
  /** null when RATE_LIMIT_ENABLED=false. */
  limiter: RateLimiter | null;
}

export function createServices(deps: CoreDeps): Services {
  const { db, clock, logger, config } = deps;
  // SQLite mode has one server process per database file, so counters live in memory; PostgreSQL
  // mode may run many processes, so counters live in the shared database.
  const store = db.engine === 'postgres' ? new SqlRateLimitStore(db) : new MemoryRateLimitStore();
  return {
    users: new UsersService(new UsersRepo(db.kysely), clock),
    apiKeys: new ApiKeysService(new ApiKeysRepo(db.kysely), clock, logger),
    limiter: config.rateLimitEnabled ? new RateLimiter(store, clock) : null,
  };
}
