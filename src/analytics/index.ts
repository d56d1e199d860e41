/**
 * The analytics feature: `/v1/analytics/*` (AnalyticsService), period summaries for reports
 * (`summarizePeriod`), the analysis hook that stores each email's origin, and the offline GeoIp.
 * Built from its dependencies; nothing happens at import (the IP databases load on first lookup).
 */
import type { Kysely } from 'kysely';
import type { AnalysisHook } from '../analysis/analysis.jobs.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/index.ts';
import { rebuildRollups } from '../platform/db/migrations/0011_analytics.ts';
import type { Logger } from '../platform/logger.ts';
import { AnalyticsService } from './analytics.service.ts';
import { CountersRepo } from './counters.repo.ts';
import { GeoIp } from './geoip.ts';
import { GeoRepo } from './geo.repo.ts';
import { analyticsOriginHook, type GeoLookup } from './origin.ts';
import { PeriodSummaries } from './period-summary.ts';
import { SummaryRepo } from './summary.repo.ts';
import type { Period, PeriodSummary, SummaryFilters } from './types.ts';

export type * from './types.ts';
export { GeoIp } from './geoip.ts';
export { AnalyticsService } from './analytics.service.ts';
export { analyticsRoutes } from './analytics.routes.ts';

export interface AnalyticsFeatureDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Default: a GeoIp over the packaged DB-IP/RouteViews databases. */
  geoIp?: GeoLookup;
}

export interface AnalyticsFeature {
  service: AnalyticsService;
  /** Everything a report shows for one user's period (PeriodSummary); filters default to none. */
  summarizePeriod(userId: string, period: Period, filters?: SummaryFilters): Promise<PeriodSummary>;
  /** Register with `AnalysisJobs.addHook`: stores origin IP, country and AS of analysed emails. */
  originHook: AnalysisHook;
  geoIp: GeoLookup;
  /** Recomputes the rollups of one user (all users when null) from `emails`, e.g. after a bulk import. */
  rebuildRollups(userId: string | null): Promise<void>;
}

export function createAnalyticsFeature(deps: AnalyticsFeatureDeps): AnalyticsFeature {
  const { db, clock, logger } = deps;
  const geoIp = deps.geoIp ?? new GeoIp();
  const counters = new CountersRepo(db);
  const geo = new GeoRepo(db, counters);
  const service = new AnalyticsService({ counters, geo, clock });
  const summaries = new PeriodSummaries({ analytics: service, counters, geo, summary: new SummaryRepo(db, counters), clock });
  return {
    service,
    summarizePeriod: (userId, period, filters) => summaries.summarize(userId, period, filters),
    originHook: analyticsOriginHook(geoIp),
    geoIp,
    async rebuildRollups(userId) {
      const started = performance.now();
      await db.kysely.transaction().execute((trx) => rebuildRollups(trx as unknown as Kysely<unknown>, userId));
      logger.info({ user_id: userId, ms: Math.round(performance.now() - started) }, 'Analytics rollups rebuilt from the stored emails.');
    },
  };
}
