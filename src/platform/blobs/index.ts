/**
 * The blob store for this installation: in SQLite mode small content in the database and larger
 * content in files under DATA_DIR/blobs (sqlite-blob-store.ts); in PostgreSQL mode everything in
 * PostgreSQL tables (every node of a multi-node install reaches the database; no shared filesystem
 * is assumed — see database-blob-store.ts).
 */
import path from 'node:path';
import { systemClock, type Clock } from '../clock.ts';
import type { Db } from '../db/index.ts';
import type { BlobStore } from './blob-store.ts';
import { FileBlobStore } from './file-blob-store.ts';
import { DatabaseBlobStore } from './database-blob-store.ts';
import { SqliteBlobStore, type SqliteBlobStoreOptions } from './sqlite-blob-store.ts';

export * from './blob-store.ts';
export { BlobCollector, queueBlobDeletion, type BlobCollectorOptions, type BlobReferenceCheck, type CollectResult } from './collector.ts';
export { FileBlobStore } from './file-blob-store.ts';
export { DatabaseBlobStore } from './database-blob-store.ts';
export { SqliteBlobStore } from './sqlite-blob-store.ts';

export interface BlobStoreOptions extends SqliteBlobStoreOptions {
  /** Stamps puts (the collector's grace period counts from them). Default: the system clock. */
  clock?: Clock;
}

/** Nothing is touched until the first operation (no I/O here). */
export function createBlobStore(db: Db, dataDir: string, options: BlobStoreOptions = {}): BlobStore {
  const clock = options.clock ?? systemClock;
  const database = new DatabaseBlobStore(db, clock);
  if (db.engine === 'postgres') return database;
  return new SqliteBlobStore(database, new FileBlobStore(path.join(dataDir, 'blobs'), clock), options);
}
