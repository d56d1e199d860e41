/**
 * Group commit for captured mail. Every commit costs a durable flush (an fsync on SQLite); with many
 * SMTP connections delivering at once, committing each message in its own transaction makes them
 * queue behind each other's flushes. The batcher gathers the messages that become ready while a
 * commit is in flight and writes them all in the next transaction: one flush for many messages,
 * each caller still answered only after its rows are durable.
 *
 * If a batch fails (say one message's honeypot was deleted meanwhile, a foreign-key violation), its
 * messages are retried one by one, so only the message at fault fails.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

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
