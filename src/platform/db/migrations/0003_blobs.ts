/**
 * Blob storage tables (src/platform/blobs/). The same tables exist on both engines so there is one
 * schema to reason about, but their use differs:
 * - `blob_gc_queue` is used on both engines (blobs whose last referencing row was deleted);
 * - `blobs`, `blob_chunks` and `blob_uploads` hold the content itself in PostgreSQL mode only. In
 *   SQLite mode content lives in files under DATA_DIR/blobs and these three tables stay empty.
 */
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { notNullByteText } from './helpers.ts';

export function blobsMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const bytes = engine === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One row per stored content. `content_id` names the chunks holding the bytes: chunks are
      // written under a fresh id while the hash is still unknown, and this row publishes them.
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => text(c).primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', text)
        .addColumn('content_id', 'text', text)
        .execute();
      // Each set of chunks is published by at most one blob; discarding an upload checks this first.
      await db.schema.createIndex('blobs_content_id_idx').on('blobs').column('content_id').unique().execute();

      await db.schema
        .createTable('blob_chunks')
        .addColumn('content_id', 'text', text)
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_chunks_pk', ['content_id', 'seq'])
        .execute();

      // Uploads in progress whose chunks are not yet published; stale ones are removed by cleanTemp().
      await db.schema
        .createTable('blob_uploads')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('started_at', 'text', text)
        .execute();
      await db.schema.createIndex('blob_uploads_started_at_idx').on('blob_uploads').column('started_at').execute();

      await db.schema
        .createTable('blob_gc_queue')
        .addColumn('sha256', 'text', (c) => text(c).primaryKey())
        .addColumn('queued_at', 'text', text)
        .execute();
    },
  };
}
