/**
 * Retention: captured email older than EMAIL_RETENTION_DAYS (default 365) is deleted with its
 * attachments and blobs. The worker calls `deleteEmailsOlderThan` on a timer (wired by the lead).
 *
 * Deletion runs in batches, each its own transaction that deletes the rows and queues their blobs, so
 * a crash loses at most the batch in flight (which then simply runs again) and never leaves a row
 * without its blob or a blob that is not queued. The collector runs after each batch.
 */
import { queueBlobDeletion, type BlobCollector } from '../platform/blobs/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { EmailsRepo } from './emails.repo.ts';

/** Emails per batch (and per transaction). Default 500. */
export const DEFAULT_RETENTION_BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface EmailRetentionDeps {
  repo: EmailsRepo;
  collector: BlobCollector;
  clock: Clock;
  logger: Logger;
}

export class EmailRetention {
  private readonly deps: EmailRetentionDeps;
  constructor(deps: EmailRetentionDeps) {
    this.deps = deps;
  }

  /** The cutoff for keeping `days` days of mail: emails received before it are deleted. */
  cutoffFor(days: number): string {
    return new Date(this.deps.clock.now() - days * DAY_MS).toISOString();
  }

  /** Deletes every email received before `cutoffIso` (any user); returns how many. */
  async deleteEmailsOlderThan(cutoffIso: string, batchSize: number = DEFAULT_RETENTION_BATCH): Promise<number> {
    const { repo, clock, collector, logger } = this.deps;
    let total = 0;
    for (;;) {
      const deleted = await repo.transaction(async (trx) => {
        const ids = await repo.idsReceivedBefore(trx, cutoffIso, batchSize);
        if (ids.length === 0) return 0;
        const digests = await repo.digestsOf(trx, ids);
        await queueBlobDeletion(trx, digests, clock.now());
        return repo.deleteByIds(trx, ids);
      });
      if (deleted === 0) break;
      total += deleted;
      await collector.collectQueued().catch((error: unknown) => {
        logger.warn({ err: error }, 'Retention deleted emails but could not delete their files yet; the next collection retries.');
      });
      if (deleted < batchSize) break;
    }
    if (total > 0) logger.info({ deleted: total, cutoff: cutoffIso }, `Retention deleted ${total} email(s) received before ${cutoffIso}.`);
    return total;
  }
}
