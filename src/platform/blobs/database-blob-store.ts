/**
 * Blobs inside the database: all of them in PostgreSQL mode; in SQLite mode the small ones (see
 * sqlite-blob-store.ts, which puts larger content in files).
 *
 * Why in the database rather than in files: PostgreSQL mode exists so several api/smtp/worker
 * processes on several machines can share one installation, and we do not assume those machines
 * share a filesystem. A message received by one SMTP node must be downloadable through any API
 * node and analysable by any worker; the database is the one thing they all reach. It also makes a
 * message's row and its raw bytes one backup, one durability story (a committed put survives a
 * crash exactly like a committed row). The cost is database size and bandwidth, acceptable for a
 * 25 MB per-message cap.
 *
 * Layout: `blob_chunks(content_id, seq, data)` holds the bytes in CHUNK_BYTES pieces;
 * `blobs(sha256, size, created_at, content_id)` publishes a complete set of chunks under its hash.
 * The hash is only known at the end, so a put writes its chunks under a fresh `content_id`:
 * - content that fits in one chunk is published in a single transaction (blob row + chunk);
 * - larger content streams chunk by chunk, each insert its own short transaction (a slow sender
 *   never holds a pooled connection or an open transaction while we wait for its bytes), registered
 *   in `blob_uploads` so `cleanTemp()` can remove an upload abandoned by a crash; one final
 *   transaction then publishes it, or discards it when the same bytes are already stored.
 * Concurrent puts of identical bytes both succeed: `insert … on conflict do update` serialises them
 * on the blob row; the loser's chunks are dropped in its publishing transaction.
 *
 * On SQLite a small put is published through the database's group commit (Db.groupCommit): puts
 * that finish together share one transaction and one flush.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';
import { systemClock, isoTime, type Clock } from '../clock.ts';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { NotFound } from '../errors.ts';
import { IdSource } from '../time-ordered-ids.ts';
import {
  assertMaxBytes, assertSha256, BlobTooLarge, bufferSource, readHead, STALE_TEMP_MS,
  type BlobStat, type BlobStore, type ConditionalDeleteOutcome, type PutOptions, type PutResult, type StagedBlob, type StoredBlob,
} from './blob-store.ts';

/** Bytes per stored chunk: large enough that a 25 MB message is ~100 rows, small enough to stream. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks fetched per query when reading (1 MiB buffered at most). */
const READ_BATCH = 4;
/** Rows per query when listing. */
const LIST_BATCH = 1000;

type Executor = Kysely<Database>;

export class DatabaseBlobStore implements BlobStore {
  private readonly db: Executor;
  private readonly engine: DatabaseEngine;
  private readonly groupCommit: Db['groupCommit'];
  private readonly clock: Clock;
  /**
   * Content ids are time-ordered (UUIDv7): the `blobs.content_id` and `blob_chunks` key entries of a
   * new blob go to the end of their indexes, not to a random page each (two fewer pages written per
   * small message stored).
   */
  private readonly ids = new IdSource();

  /** `clock` stamps puts and ages uploads; default the system clock. */
  constructor(database: Pick<Db, 'kysely' | 'engine' | 'groupCommit'>, clock: Clock = systemClock) {
    this.db = database.kysely;
    this.engine = database.engine;
    this.groupCommit = database.groupCommit;
    this.clock = clock;
  }

  async put(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<PutResult> {
    assertMaxBytes(options.maxBytes);
    const contentId = this.newContentId();
    let staged = false;
    let published = false;
    try {
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      let filled = 0;
      let seq = 0;
      let size = 0;
      for await (const chunk of source) {
        size += chunk.byteLength;
        // Leaving the loop early makes for-await call the source's return(): a Readable is destroyed.
        if (size > options.maxBytes) throw new BlobTooLarge(options.maxBytes);
        hash.update(chunk);
        for (let offset = 0; offset < chunk.byteLength; ) {
          const take = Math.min(CHUNK_BYTES - filled, chunk.byteLength - offset);
          buffer.set(chunk.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          if (filled === CHUNK_BYTES) {
            if (!staged) await this.startUpload(contentId);
            staged = true;
            // Awaited before the buffer is refilled: the driver has sent it by then.
            await this.insertStagedChunk(contentId, seq, buffer);
            seq += 1;
            filled = 0;
          }
        }
      }
      const sha256 = hash.digest('hex');
      const last = filled > 0 ? buffer.subarray(0, filled) : undefined;
      if (staged) await this.publishStaged(contentId, sha256, size, seq, last);
      else await this.publishSmall(contentId, sha256, size, last);
      published = true;
      return { sha256, size };
    } finally {
      // If discarding fails, the upload stays registered and cleanTemp() removes it later.
      if (staged && !published) await this.discardUpload(contentId).catch(() => {});
    }
  }

  async putBuffer(bytes: Uint8Array): Promise<PutResult> {
    if (bytes.byteLength > CHUNK_BYTES) return this.put(bufferSource(bytes), { maxBytes: bytes.byteLength });
    // One chunk: no staging buffer to fill, published as it is.
    const sha256 = sha256Hex(bytes);
    await this.publishSmall(this.newContentId(), sha256, bytes.byteLength, bytes.byteLength > 0 ? bytes : undefined);
    return { sha256, size: bytes.byteLength };
  }

  /** Content of one chunk comes back with its write for the caller's transaction; more is put at once. */
  async stage(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<StagedBlob> {
    assertMaxBytes(options.maxBytes);
    const read = await readHead(source, CHUNK_BYTES, options.maxBytes);
    return read.whole ? this.put(read.whole, options) : this.stageBuffer(read.small);
  }

  /** Content of at most one chunk (CHUNK_BYTES), to be written in the caller's transaction. */
  stageBuffer(bytes: Buffer): StagedBlob {
    const contentId = this.newContentId();
    const sha256 = sha256Hex(bytes);
    const size = bytes.byteLength;
    return { sha256, size, writeIn: (trx) => this.publishSmallIn(trx, contentId, sha256, size, size > 0 ? bytes : undefined) };
  }

  async open(sha256: string): Promise<Readable> {
    assertSha256(sha256);
    const row = await this.db.selectFrom('blobs').select(['content_id', 'size']).where('sha256', '=', sha256).executeTakeFirst();
    if (row === undefined) throw new NotFound(`No stored content has SHA-256 ${sha256}; it was never stored or has been deleted.`);
    return Readable.from(this.readChunks(sha256, row.content_id, Number(row.size)), { objectMode: false });
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    assertSha256(sha256);
    const row = await this.db.selectFrom('blobs').select(['size', 'created_at']).where('sha256', '=', sha256).executeTakeFirst();
    return row === undefined ? undefined : { size: Number(row.size), createdAt: row.created_at };
  }

  async delete(sha256: string): Promise<void> {
    assertSha256(sha256);
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('blobs').where('sha256', '=', sha256).returning('content_id').executeTakeFirst();
      if (row !== undefined) await trx.deleteFrom('blob_chunks').where('content_id', '=', row.content_id).execute();
    });
  }

  /**
   * The delete holds the blob row's lock until commit: a concurrent put of the same bytes either
   * refreshed `created_at` first (then this deletes nothing) or waits and then inserts a new row.
   */
  async deleteIfStoredBefore(sha256: string, cutoffMs: number): Promise<ConditionalDeleteOutcome> {
    assertSha256(sha256);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('blobs').where('sha256', '=', sha256).where('created_at', '<', isoTime(cutoffMs))
        .returning('content_id').executeTakeFirst();
      if (row !== undefined) {
        await trx.deleteFrom('blob_chunks').where('content_id', '=', row.content_id).execute();
        return 'deleted';
      }
      const still = await trx.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
      return still === undefined ? 'absent' : 'recent';
    });
  }

  async *list(): AsyncGenerator<StoredBlob> {
    let after = '';
    for (;;) {
      const rows = await this.db.selectFrom('blobs').select(['sha256', 'size', 'created_at'])
        .where('sha256', '>', after).orderBy('sha256').limit(LIST_BATCH).execute();
      for (const row of rows) yield { sha256: row.sha256, size: Number(row.size), createdAt: row.created_at };
      if (rows.length < LIST_BATCH) return;
      after = rows[rows.length - 1]!.sha256;
    }
  }

  async cleanTemp(maxAgeMs: number = STALE_TEMP_MS): Promise<number> {
    const stale = await this.db.selectFrom('blob_uploads').select('id')
      .where('started_at', '<', isoTime(this.clock.now() - maxAgeMs)).execute();
    for (const { id } of stale) await this.discardUpload(id);
    return stale.length;
  }

  private async startUpload(contentId: string): Promise<void> {
    await this.db.insertInto('blob_uploads').values({ id: contentId, started_at: isoTime(this.clock.now()) }).execute();
  }

  /** Inserts only while the upload is registered, so a put outliving cleanTemp() fails instead of leaking chunks. */
  private async insertStagedChunk(contentId: string, seq: number, data: Uint8Array): Promise<void> {
    const result = await sql`insert into blob_chunks (content_id, seq, data)
      select ${contentId}, ${seq}, ${data} where exists (select 1 from blob_uploads where id = ${contentId})`.execute(this.db);
    if (Number(result.numAffectedRows ?? 0) !== 1) throw abandonedUpload();
  }

  /**
   * Publishes the row, and the chunk only if the row is ours. PostgreSQL: one statement (one round
   * trip, atomic). SQLite (no DML in WITH): two statements in a group-committed transaction.
   */
  private async publishSmall(contentId: string, sha256: string, size: number, data: Uint8Array | undefined): Promise<void> {
    if (this.engine === 'sqlite') {
      await this.groupCommit((trx) => this.publishSmallIn(trx, contentId, sha256, size, data));
      return;
    }
    if (data === undefined) {
      await this.upsertBlob(this.db, contentId, sha256, size);
      return;
    }
    await sql`with published as (
        insert into blobs (sha256, size, created_at, content_id) values (${sha256}, ${size}, ${isoTime(this.clock.now())}, ${contentId})
        on conflict (sha256) do update set created_at = greatest(blobs.created_at, excluded.created_at)
        returning content_id)
      insert into blob_chunks (content_id, seq, data)
      select content_id, 0, ${data} from published where content_id = ${contentId}`.execute(this.db);
  }

  private newContentId(): string {
    return this.ids.uuid(this.clock.now());
  }

  /** publishSmall inside the caller's transaction: the row, and the chunk only if the row is ours. */
  private async publishSmallIn(trx: Executor, contentId: string, sha256: string, size: number, data: Uint8Array | undefined): Promise<void> {
    const owner = await this.upsertBlob(trx, contentId, sha256, size);
    // Idempotent: running it again (a batch retried after a rollback, or twice) stores one chunk.
    if (owner === contentId && data !== undefined) {
      await trx.insertInto('blob_chunks').values({ content_id: contentId, seq: 0, data }).onConflict((oc) => oc.columns(['content_id', 'seq']).doNothing()).execute();
    }
  }

  private async publishStaged(contentId: string, sha256: string, size: number, seq: number, last: Uint8Array | undefined): Promise<void> {
    if (last !== undefined) await this.insertStagedChunk(contentId, seq, last);
    await this.db.transaction().execute(async (trx) => {
      const claimed = await trx.deleteFrom('blob_uploads').where('id', '=', contentId).returning('id').executeTakeFirst();
      if (claimed === undefined) throw abandonedUpload();
      const owner = await this.upsertBlob(trx, contentId, sha256, size);
      // Same bytes already stored under other chunks: keep those, drop ours.
      if (owner !== contentId) await trx.deleteFrom('blob_chunks').where('content_id', '=', contentId).execute();
    });
  }

  /** Inserts the blob row, or refreshes `created_at` of the existing one. Returns whose chunks it points at. */
  private async upsertBlob(trx: Executor, contentId: string, sha256: string, size: number): Promise<string> {
    const row = await trx.insertInto('blobs')
      .values({ sha256, size, created_at: isoTime(this.clock.now()), content_id: contentId })
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ created_at: this.laterOf(sql.ref('blobs.created_at'), sql.ref('excluded.created_at')) }))
      .returning('content_id')
      .executeTakeFirstOrThrow();
    return row.content_id;
  }

  /** The later of two ISO timestamps (`greatest` on PostgreSQL, the two-argument `max` on SQLite). */
  private laterOf(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<string> {
    return this.engine === 'postgres' ? sql<string>`greatest(${a}, ${b})` : sql<string>`max(${a}, ${b})`;
  }

  private async discardUpload(contentId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('blob_uploads').where('id', '=', contentId).execute();
      // Never chunks a published blob points at (a publish that committed just before).
      await trx.deleteFrom('blob_chunks').where('content_id', '=', contentId)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('blobs').select('sha256').where('content_id', '=', contentId))))
        .execute();
    });
  }

  /** Streams the chunks in order, a few per query; fails if the content changes under the reader. */
  private async *readChunks(sha256: string, contentId: string, size: number): AsyncGenerator<Buffer> {
    let seq = 0;
    let read = 0;
    while (read < size) {
      const rows = await this.db.selectFrom('blob_chunks').select(['seq', 'data'])
        .where('content_id', '=', contentId).where('seq', '>=', seq).where('seq', '<', seq + READ_BATCH)
        .orderBy('seq').execute();
      if (rows.length === 0 || rows.some((row, i) => row.seq !== seq + i)) {
        throw new NotFound(`Blob ${sha256} was deleted while it was being read (${read} of ${size} bytes sent).`);
      }
      for (const row of rows) {
        read += row.data.byteLength;
        yield Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
      }
      seq += rows.length;
    }
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function abandonedUpload(): Error {
  return new Error('This upload ran past the stale-upload age and was removed by cleanTemp(); nothing was stored. Retry the put.');
}
