/**
 * Group commit for short write transactions issued by many callers at once (captured mail, the
 * blobs of small messages). Every commit costs a durable flush (an fsync on SQLite), and SQLite has
 * one connection: committing each caller's work in its own transaction makes them queue behind each
 * other's flushes. The batcher gathers the work that becomes ready while a commit is in flight and
 * writes it all in the next transaction: one flush for many callers, each still answered only after
 * its rows are durable.
 *
 * If a batch fails (say one message's honeypot was deleted meanwhile, a foreign-key violation), its
 * items are retried one by one, so only the item at fault fails. Work must therefore be safe to run
 * again after a rollback (no side effects outside the transaction).
 */
import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type BatchWork = (trx: Transaction<Database>) => Promise<void>;

interface Pending {
  work: BatchWork;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class CommitBatcher {
  private readonly transaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  /** Most messages written in one transaction. Default 64. */
  private readonly maxBatch: number;
  private queue: Pending[] = [];
  private flushing = false;

  constructor(transaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>, maxBatch = 64) {
    this.transaction = transaction;
    this.maxBatch = maxBatch;
  }

  /** Resolves once `work` is committed (in a batch or alone); rejects if it cannot be. */
  commit(work: BatchWork): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await this.transaction(async (trx) => {
          for (const item of batch) await item.work(trx);
        });
        for (const item of batch) item.resolve();
        return;
      } catch {
        // Fall through: find the message at fault by committing each alone.
      }
    }
    for (const item of batch) {
      try {
        await this.transaction((trx) => item.work(trx));
        item.resolve();
      } catch (error) {
        item.reject(error);
      }
    }
  }
}
