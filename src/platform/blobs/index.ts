/**
 * The blob store for this installation: files under DATA_DIR/blobs in SQLite mode, PostgreSQL
 * tables in PostgreSQL mode (every node of a multi-node install reaches the database; no shared
 * filesystem is assumed — see postgres-blob-store.ts).
 */
import path from 'node:path';
import { systemClock, type Clock } from '../clock.ts';
import type { Db } from '../db/index.ts';
import type { BlobStore } from './blob-store.ts';
import { FileBlobStore } from './file-blob-store.ts';
import { PostgresBlobStore } from './postgres-blob-store.ts';

export * from './blob-store.ts';
export { BlobCollector, queueBlobDeletion, type BlobCollectorOptions, type BlobReferenceCheck, type CollectResult } from './collector.ts';
export { FileBlobStore } from './file-blob-store.ts';
export { PostgresBlobStore } from './postgres-blob-store.ts';

export interface BlobStoreOptions {
  /** Stamps puts (the collector's grace period counts from them). Default: the system clock. */
  clock?: Clock;
}

/** Nothing is touched until the first operation (no I/O here). */
export function createBlobStore(db: Db, dataDir: string, options: BlobStoreOptions = {}): BlobStore {
  const clock = options.clock ?? systemClock;
  if (db.engine === 'postgres') return new PostgresBlobStore(db.kysely, clock);
  return new FileBlobStore(path.join(dataDir, 'blobs'), clock);
}
