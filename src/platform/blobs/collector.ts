/**
 * Blob garbage collection, crash-safe and safe to run from several processes at once.
 *
 * Features that delete rows referencing blobs call `queueBlobDeletion` inside their own
 * transaction, so the queue entry commits (or rolls back) with the deletion. `BlobCollector`:
 * - `collectQueued()` deletes each queued blob that no registered `BlobReferenceCheck` still
 *   references (identical attachments are shared between emails) and dequeues it;
 * - `sweepOrphans()` deletes stored blobs nothing references, which covers a crash between a put
 *   and the commit of the row that references it, and any queue entry lost to a race.
 *
 * Invariant that makes this safe against a concurrent put of the same bytes: a put refreshes the
 * blob's `createdAt`, and the collector only deletes blobs last put before `now - graceMs`, through
 * the store's atomic `deleteIfStoredBefore`. So graceMs must exceed the longest time between a
 * put resolving and the row that references it committing (seconds in practice; default one hour).
 */
import type { Kysely } from 'kysely';
import { isoTime, type Clock } from '../clock.ts';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { assertSha256, type BlobStore, type ConditionalDeleteOutcome } from './blob-store.ts';

/**
 * Given hashes, returns those some row of the feature still references. Registered by every
 * feature that stores blob hashes (emails: raw messages and attachments). Called with at most
 * `batchSize` hashes.
 */
export type BlobReferenceCheck = (db: Kysely<Database>, sha256s: string[]) => Promise<Set<string>>;

/** Rows per insert when queueing. */
const QUEUE_INSERT_BATCH = 500;

/**
 * Queues blobs for collection. Call it inside the transaction that deletes the rows referencing
 * them; queueing a blob that is still referenced elsewhere is fine (the collector checks).
 * `nowMs` stamps the entry (default the system time): re-queueing refreshes it, which stops a
 * collector that read the older entry from dequeuing the newer one.
 */
export async function queueBlobDeletion(trx: Kysely<Database>, sha256s: Iterable<string>, nowMs: number = Date.now()): Promise<void> {
  const unique = [...new Set(sha256s)];
  for (const sha256 of unique) assertSha256(sha256);
  const queuedAt = isoTime(nowMs);
  for (let i = 0; i < unique.length; i += QUEUE_INSERT_BATCH) {
    const rows = unique.slice(i, i + QUEUE_INSERT_BATCH).map((sha256) => ({ sha256, queued_at: queuedAt }));
    await trx.insertInto('blob_gc_queue').values(rows)
      .onConflict((oc) => oc.column('sha256').doUpdateSet((eb) => ({ queued_at: eb.ref('excluded.queued_at') })))
      .execute();
  }
}

export interface BlobCollectorOptions {
  store: BlobStore;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Every feature's reference check; a blob any of them reports is kept. */
  checks: BlobReferenceCheck[];
  /** A blob put less than this long ago (ms) is never deleted; see the invariant above. Default one hour. */
  graceMs?: number;
  /** Hashes per reference check and per queue read. Default 500. */
  batchSize?: number;
}

export interface CollectResult {
  /** Blobs looked at. */
  examined: number;
  deleted: number;
  /** Kept because a check reports them referenced (dequeued by collectQueued). */
  referenced: number;
  /** Unreferenced but put within the grace period: kept (and left queued) for a later run. */
  deferred: number;
  /** Deletions that threw; logged, left queued, retried by the next run. */
  failed: number;
}

const DEFAULT_GRACE_MS = 60 * 60 * 1000;

function emptyResult(): CollectResult {
  return { examined: 0, deleted: 0, referenced: 0, deferred: 0, failed: 0 };
}

export class BlobCollector {
  private readonly store: BlobStore;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly checks: BlobReferenceCheck[];
  private readonly graceMs: number;
  private readonly batchSize: number;

  constructor(options: BlobCollectorOptions) {
    this.store = options.store;
    this.db = options.db;
    this.clock = options.clock;
    this.logger = options.logger;
    this.checks = options.checks;
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.batchSize = options.batchSize ?? 500;
  }

  /** One pass over the queue, in hash order. */
  async collectQueued(): Promise<CollectResult> {
    const result = emptyResult();
    const cutoffMs = this.clock.now() - this.graceMs;
    let after = '';
    for (;;) {
      const rows = await this.db.kysely.selectFrom('blob_gc_queue').select(['sha256', 'queued_at'])
        .where('sha256', '>', after).orderBy('sha256').limit(this.batchSize).execute();
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.sha256;
      const outcomes = await this.collectBatch(rows.map((row) => row.sha256), cutoffMs, result);
      await this.dequeue(rows.filter((row) => {
        const outcome = outcomes.get(row.sha256);
        return outcome === 'referenced' || outcome === 'deleted' || outcome === 'absent';
      }));
      if (rows.length < this.batchSize) break;
    }
    this.report('queued', result);
    return result;
  }

  /** Deletes stored blobs last put more than `graceMs` ago (default: the collector's) that nothing references. */
  async sweepOrphans(graceMs: number = this.graceMs): Promise<CollectResult> {
    const result = emptyResult();
    const cutoffMs = this.clock.now() - graceMs;
    let batch: string[] = [];
    for await (const blob of this.store.list()) {
      if (Date.parse(blob.createdAt) >= cutoffMs) continue;
      batch.push(blob.sha256);
      if (batch.length === this.batchSize) {
        await this.collectBatch(batch, cutoffMs, result);
        batch = [];
      }
    }
    if (batch.length > 0) await this.collectBatch(batch, cutoffMs, result);
    this.report('orphan sweep', result);
    return result;
  }

  private async collectBatch(sha256s: string[], cutoffMs: number, result: CollectResult): Promise<Map<string, ConditionalDeleteOutcome | 'referenced' | 'failed'>> {
    const referenced = await this.referencedAmong(sha256s);
    const outcomes = new Map<string, ConditionalDeleteOutcome | 'referenced' | 'failed'>();
    for (const sha256 of sha256s) {
      result.examined += 1;
      const outcome = referenced.has(sha256) ? 'referenced' : await this.tryDelete(sha256, cutoffMs);
      outcomes.set(sha256, outcome);
      if (outcome === 'deleted') result.deleted += 1;
      else if (outcome === 'referenced') result.referenced += 1;
      else if (outcome === 'recent') result.deferred += 1;
      else if (outcome === 'failed') result.failed += 1;
    }
    return outcomes;
  }

  private async referencedAmong(sha256s: string[]): Promise<Set<string>> {
    const referenced = new Set<string>();
    let unresolved = sha256s;
    for (const check of this.checks) {
      if (unresolved.length === 0) break;
      for (const sha256 of await check(this.db.kysely, unresolved)) referenced.add(sha256);
      unresolved = unresolved.filter((sha256) => !referenced.has(sha256));
    }
    return referenced;
  }

  private async tryDelete(sha256: string, cutoffMs: number): Promise<ConditionalDeleteOutcome | 'failed'> {
    try {
      return await this.store.deleteIfStoredBefore(sha256, cutoffMs);
    } catch (error) {
      this.logger.error({ err: error, sha256 }, `Could not delete unreferenced blob ${sha256}; it is kept and the next collection retries.`);
      return 'failed';
    }
  }

  /** Removes queue rows only if not re-queued since they were read (queued_at unchanged). */
  private async dequeue(rows: Array<{ sha256: string; queued_at: string }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.kysely.deleteFrom('blob_gc_queue')
      .where((eb) => eb.or(rows.map((row) => eb.and([eb('sha256', '=', row.sha256), eb('queued_at', '=', row.queued_at)]))))
      .execute();
  }

  private report(pass: string, result: CollectResult): void {
    const level = result.deleted > 0 || result.failed > 0 ? 'info' : 'debug';
    this.logger[level]({ blobGc: pass, ...result }, `Blob ${pass}: deleted ${result.deleted} unreferenced blob(s), kept ${result.referenced} referenced, deferred ${result.deferred} put within the grace period, ${result.failed} failed.`);
  }
}
