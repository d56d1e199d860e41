/**
 * Group commit for short write transactions issued by many callers at once (captured mail, the
 * blobs of small messages). Every commit costs a durable flush, and SQLite has one connection (on
 * PostgreSQL, captured mail queues on its honeypot's row lock): committing each caller's work in its
 * own transaction makes them queue behind each other's flushes. The batcher gathers the work that
 * becomes ready while a commit is in flight and writes it all in the next transaction: one flush for
 * many callers, each still answered only after its rows are durable.
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

export interface CommitBatcherOptions {
  /** Most items written in one transaction. Default 64. */
  maxBatch?: number;
  /**
   * While callers arrive together (the last batch held more than one item), wait up to this long
   * (ms) for a small queue to fill before committing it: fewer, larger commits, each writing the
   * pages many items share once. Measured on SMTP ingest (16 connections): 4.2 → 5.7 messages a
   * batch, server CPU per message −10 to −15 %. A lone caller never waits. Default 1; 0 disables.
   */
  lingerMs?: number;
}

/** Below this many queued items a batch lingers (lingerMs). */
const LINGER_BELOW = 8;

export class CommitBatcher {
  private readonly transaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private queue: Pending[] = [];
  private flushing = false;
  private lastBatchSize = 0;

  constructor(transaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>, options: CommitBatcherOptions = {}) {
    this.transaction = transaction;
    this.maxBatch = options.maxBatch ?? 64;
    this.lingerMs = options.lingerMs ?? 1;
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
        if (this.lingerMs > 0 && this.lastBatchSize > 1 && this.queue.length < LINGER_BELOW) {
          await new Promise((resolve) => setTimeout(resolve, this.lingerMs));
        }
        const batch = this.queue.splice(0, this.maxBatch);
        this.lastBatchSize = batch.length;
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
