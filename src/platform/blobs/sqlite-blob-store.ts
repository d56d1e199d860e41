/**
 * Blobs in SQLite mode: content up to `inlineMaxBytes` (default 256 KiB, one chunk) in the database's
 * `blobs`/`blob_chunks` tables, larger content as files under DATA_DIR/blobs (file-blob-store.ts).
 *
 * Why small content goes into the database: most mail is small (the phishing corpus: median 21 KB,
 * 98 % under 256 KiB), and a file per message costs about eight file-system calls on the thread pool
 * (create, write, fsync, close, rename, open directory, fsync it, close) plus a disk flush of its
 * own before the message may be acknowledged. In the database the bytes are one row written with
 * the other small puts of the moment, made durable by one shared WAL flush (Db.groupCommit). Large
 * content (attachments of megabytes, reports, the 25 MB message) still streams to a file and is
 * never held in memory: at most `inlineMaxBytes` is buffered before a put decides which way to go.
 *
 * Placement depends only on size, so content lives in one place. Reads look in the database first,
 * then in files, and deletes remove both, so content stored before this store existed (all files)
 * or under another threshold is still found and collected; such content may then be listed twice,
 * which the collector tolerates (a second conditional delete finds it absent).
 */
import type { Readable } from 'node:stream';
import { NotFound } from '../errors.ts';
import {
  assertMaxBytes, bufferSource, readHead,
  type BlobStat, type BlobStore, type ConditionalDeleteOutcome, type PutOptions, type PutResult, type StagedBlob, type StoredBlob,
} from './blob-store.ts';
import { CHUNK_BYTES, type DatabaseBlobStore } from './database-blob-store.ts';
import type { FileBlobStore } from './file-blob-store.ts';

export interface SqliteBlobStoreOptions {
  /** Largest content kept in the database, bytes; at most one chunk (256 KiB). Default 256 KiB. */
  inlineMaxBytes?: number;
}

export class SqliteBlobStore implements BlobStore {
  private readonly database: DatabaseBlobStore;
  private readonly files: FileBlobStore;
  private readonly inlineMaxBytes: number;

  constructor(database: DatabaseBlobStore, files: FileBlobStore, options: SqliteBlobStoreOptions = {}) {
    this.database = database;
    this.files = files;
    this.inlineMaxBytes = Math.min(options.inlineMaxBytes ?? CHUNK_BYTES, CHUNK_BYTES);
  }

  /** Reads up to `inlineMaxBytes`: content that ends within it goes to the database, the rest streams to a file. */
  async put(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<PutResult> {
    assertMaxBytes(options.maxBytes);
    const read = await readHead(source, this.inlineMaxBytes, options.maxBytes);
    return read.whole ? this.files.put(read.whole, options) : this.database.putBuffer(read.small);
  }

  /** As `put`, but content for the database is only read: the caller writes it in its transaction. */
  async stage(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<StagedBlob> {
    assertMaxBytes(options.maxBytes);
    const read = await readHead(source, this.inlineMaxBytes, options.maxBytes);
    return read.whole ? this.files.put(read.whole, options) : this.database.stageBuffer(read.small);
  }

  putBuffer(bytes: Uint8Array): Promise<PutResult> {
    return this.put(bufferSource(bytes), { maxBytes: bytes.byteLength });
  }

  async open(sha256: string): Promise<Readable> {
    try {
      return await this.database.open(sha256);
    } catch (error) {
      if (error instanceof NotFound) return this.files.open(sha256);
      throw error;
    }
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    return (await this.database.stat(sha256)) ?? this.files.stat(sha256);
  }

  async delete(sha256: string): Promise<void> {
    await this.database.delete(sha256);
    await this.files.delete(sha256);
  }

  /** 'recent' if either place keeps it, else 'deleted' if either removed it, else 'absent'. */
  async deleteIfStoredBefore(sha256: string, cutoffMs: number): Promise<ConditionalDeleteOutcome> {
    const outcomes = [await this.database.deleteIfStoredBefore(sha256, cutoffMs), await this.files.deleteIfStoredBefore(sha256, cutoffMs)];
    if (outcomes.includes('recent')) return 'recent';
    return outcomes.includes('deleted') ? 'deleted' : 'absent';
  }

  async *list(): AsyncGenerator<StoredBlob> {
    yield* this.database.list();
    yield* this.files.list();
  }

  async cleanTemp(maxAgeMs?: number): Promise<number> {
    return (await this.database.cleanTemp(maxAgeMs)) + (await this.files.cleanTemp(maxAgeMs));
  }
}
