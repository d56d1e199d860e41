/**
 * Content-addressed blob storage: captured raw messages and attachments, keyed by the SHA-256 (hex)
 * of their bytes. Storing the same bytes twice keeps one copy.
 *
 * Lifecycle: a feature `put`s the content, then commits the row that references its hash. When it
 * deletes such rows it calls `queueBlobDeletion` in the same transaction; `BlobCollector`
 * (collector.ts) deletes queued blobs nothing references any more, and sweeps blobs that were put
 * but never referenced (a crash between the put and the commit).
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { InvalidInput, Unprocessable } from '../errors.ts';

export interface PutOptions {
  /** Largest accepted content, in bytes. No default: every caller states its own limit. */
  maxBytes: number;
}

export interface PutResult {
  /** SHA-256 of the content, 64 lowercase hex characters. */
  sha256: string;
  /** Content length in bytes. */
  size: number;
}

/** Content read by `stage`. */
export interface StagedBlob extends PutResult {
  /**
   * Stores the content inside the caller's transaction, so it becomes durable (or is rolled back)
   * together with the caller's rows; safe to run again after a rollback. Undefined when `stage`
   * already stored the content durably (content kept outside the database: files, large content).
   */
  writeIn?: (trx: Kysely<Database>) => Promise<void>;
}

export interface BlobStat {
  size: number;
  /**
   * ISO-8601 time this content was last put. A put of bytes already stored refreshes it: the
   * collector's grace period counts from here, which protects content that is being referenced again.
   */
  createdAt: string;
}

export interface StoredBlob extends BlobStat {
  sha256: string;
}

/** What `deleteIfStoredBefore` did. `recent`: put at or after the cutoff, so kept. */
export type ConditionalDeleteOutcome = 'deleted' | 'absent' | 'recent';

export interface BlobStore {
  /**
   * Streams `source` into the store, hashing as it goes; never holds the whole content in memory.
   * Resolves only once the content is durable (survives a crash or power loss). Stops reading and
   * rejects with `BlobTooLarge` as soon as more than `maxBytes` arrive; rejects with the source's
   * own error if it throws. On any rejection nothing is left behind.
   */
  put(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<PutResult>;
  /**
   * `put` for content that should become durable with rows the caller is about to write (captured
   * mail): small content the store keeps in the database is only read here and comes back with a
   * `writeIn` for the caller's transaction (one transaction, one flush, nothing orphaned by a crash
   * in between); anything else is stored as by `put`. Same limits and errors as `put`.
   */
  stage(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<StagedBlob>;
  /** `put` of bytes already in memory (no size limit beyond their own length). */
  putBuffer(bytes: Uint8Array): Promise<PutResult>;
  /** The content as a byte stream. Throws `NotFound` when it is not stored, `InvalidInput` for a malformed hash. */
  open(sha256: string): Promise<Readable>;
  /** Size and time of the last put, or undefined when not stored. */
  stat(sha256: string): Promise<BlobStat | undefined>;
  /** Removes the content; nothing happens when it is not stored. Prefer the collector: it checks references. */
  delete(sha256: string): Promise<void>;
  /**
   * Removes the content only if it was last put before `cutoffMs` (epoch milliseconds), atomically
   * with respect to a concurrent put of the same bytes (which wins). Used by the collector.
   */
  deleteIfStoredBefore(sha256: string, cutoffMs: number): Promise<ConditionalDeleteOutcome>;
  /** Every stored blob, in no promised order. Safe to run while blobs are put and deleted. */
  list(): AsyncIterable<StoredBlob>;
  /**
   * Removes what interrupted puts left behind (temp files, unpublished chunks) older than
   * `maxAgeMs` (default one hour); a put still running past that age then fails. Returns how many
   * were removed.
   */
  cleanTemp(maxAgeMs?: number): Promise<number>;
}

/** Default age after which `cleanTemp` treats an unfinished put as abandoned: one hour. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** Content over the caller's limit. `limitBytes` is that limit (SMTP answers 552 with it). */
export class BlobTooLarge extends Unprocessable {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`The content is larger than the limit of ${limitBytes} bytes, so nothing was stored. Send less, or raise the limit.`, {
      limit_bytes: limitBytes,
    });
    this.limitBytes = limitBytes;
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/**
 * Rejects anything but 64 lowercase hex characters before the value gets near a path or a query,
 * so a hash can never name a file outside the store (`../`, separators, NUL).
 */
export function assertSha256(value: string): void {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw new InvalidInput('A blob is named by the SHA-256 of its content: 64 lowercase hexadecimal characters.', {
      field: 'sha256',
      value: typeof value === 'string' ? value.slice(0, 100) : value,
    });
  }
}

export function assertMaxBytes(maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`maxBytes must be a non-negative whole number of bytes, got ${maxBytes}.`);
  }
}

/** One-chunk source for `putBuffer`. */
export async function* bufferSource(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * What `readHead` found: content within the limit, read whole; or longer content, to be consumed
 * again from its start (the bytes read, then the rest of the source).
 */
export type SourceHead = { small: Buffer; whole?: undefined } | { small?: undefined; whole: AsyncIterable<Uint8Array> };

/** First capacity of readHead's buffer, bytes (it doubles as content arrives, up to its limit). */
const MIN_HEAD_BYTES = 16 * 1024;

/**
 * Reads `source` up to `limit` bytes, to decide where content goes before storing it. Each chunk is
 * copied once, into one buffer that grows as needed (a source may reuse a chunk once asked for the
 * next, so chunks are not held by reference); small content is returned in it, without another copy.
 * Rejects with BlobTooLarge past `maxBytes`, returning the source.
 */
export async function readHead(source: AsyncIterable<Uint8Array>, limit: number, maxBytes: number): Promise<SourceHead> {
  const iterator = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { small: head.subarray(0, size) };
    const chunk = next.value;
    if (size + chunk.byteLength > maxBytes) {
      await iterator.return?.();
      throw new BlobTooLarge(maxBytes);
    }
    // The chunk is passed on before the source is asked for more: no copy needed.
    if (size + chunk.byteLength > limit) return { whole: resume(size > 0 ? [head.subarray(0, size), chunk] : [chunk], iterator) };
    if (size + chunk.byteLength > head.length) {
      const grown = Buffer.allocUnsafe(Math.min(limit, Math.max(2 * head.length, size + chunk.byteLength, MIN_HEAD_BYTES)));
      head.copy(grown, 0, 0, size);
      head = grown;
    }
    head.set(chunk, size);
    size += chunk.byteLength;
  }
}

/** The chunks already read, then the rest of `iterator`; returning early returns the iterator too. */
async function* resume(head: readonly Uint8Array[], iterator: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  let finished = false;
  try {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}
