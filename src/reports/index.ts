/**
 * Wiring of the reports feature: the service behind `/v1/reports` and the worker that fires schedules,
 * generates files and mails them. `createServices` calls this; nothing here connects or starts.
 */
import type { BlobCollector, BlobStore } from '../platform/blobs/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/index.ts';
import type { Logger } from '../platform/logger.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { ReportJobs, type ReportJobOptions, type SummarizePeriod } from './reports.jobs.ts';
import { ReportsRepo } from './reports.repo.ts';
import { ReportsService } from './reports.service.ts';

export { ownedReportBlobs, reportBlobReferences } from './reports.repo.ts';
export type { SummarizePeriod } from './reports.jobs.ts';

export interface ReportsFeature {
  repo: ReportsRepo;
  service: ReportsService;
  /** The worker role starts it; tests call `run()`. */
  jobs: ReportJobs;
}

export interface ReportsFeatureDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  blobs: BlobStore;
  collector: BlobCollector;
  mailer: Mailer;
  /** The analytics feature's summarizePeriod: every figure of a PDF or JSON report. */
  summarize: SummarizePeriod;
  /** PUBLIC_URL, for download links in mail. */
  publicUrl: string;
  options?: ReportJobOptions;
}

export function createReportsFeature(deps: ReportsFeatureDeps): ReportsFeature {
  const repo = new ReportsRepo(deps.db);
  const jobs = new ReportJobs({
    repo, db: deps.db.kysely, blobs: deps.blobs, clock: deps.clock, logger: deps.logger, mailer: deps.mailer,
    summarize: deps.summarize, publicUrl: deps.publicUrl, options: deps.options,
  });
  const service = new ReportsService({
    repo, blobs: deps.blobs, collector: deps.collector, clock: deps.clock, logger: deps.logger,
    ownedHoneypots: (userId, ids) => repo.ownedHoneypots(userId, ids),
    onQueued: () => jobs.notify(),
  });
  return { repo, service, jobs };
}
