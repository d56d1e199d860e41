/**
 * Blob garbage collection on the engine under test. A real table (`test_refs`) stands in for a
 * feature's rows that reference blobs; its reference check is an ordinary SQL query.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../../src/platform/clock.ts';
import { InvalidInput } from '../../src/platform/errors.ts';
import { createLogger } from '../../src/platform/logger.ts';
import {
  BlobCollector, createBlobStore, queueBlobDeletion, type BlobReferenceCheck, type BlobStore,
} from '../../src/platform/blobs/index.ts';
import { createTestDb, testEngine, type TestDb } from '../support/db.ts';

const MINUTE = 60 * 1000;
const GRACE_MS = 10 * MINUTE;

describe(`blob collector (${testEngine})`, () => {
  let t: TestDb;
  let clock: ManualClock;
  let store: BlobStore;

  const referencedByTestRefs: BlobReferenceCheck = async (db, sha256s) => {
    const rows = await sql<{ sha256: string }>`select sha256 from test_refs where sha256 in (${sql.join(sha256s)})`.execute(db);
    return new Set(rows.rows.map((row) => row.sha256));
  };
  const collector = (checks: BlobReferenceCheck[] = [referencedByTestRefs], blobStore: BlobStore = store) =>
    new BlobCollector({ store: blobStore, db: t.db, clock, logger: createLogger('silent'), checks, graceMs: GRACE_MS });

  const addRef = (id: string, sha256: string) => sql`insert into test_refs (id, sha256) values (${id}, ${sha256})`.execute(t.db.kysely);
  const queued = async () => (await t.db.kysely.selectFrom('blob_gc_queue').select('sha256').orderBy('sha256').execute()).map((r) => r.sha256);
  const stored = async (sha256: string) => (await store.stat(sha256)) !== undefined;

  before(async () => {
    t = await createTestDb();
    await sql`create table test_refs (id text primary key, sha256 text not null)`.execute(t.db.kysely);
  });
  after(() => t.cleanup());
  beforeEach(async () => {
    clock = new ManualClock('2026-03-12T14:30:15.000Z');
    store = createBlobStore(t.db, t.dataDir, { clock });
    for await (const blob of store.list()) await store.delete(blob.sha256);
    await t.db.kysely.deleteFrom('blob_gc_queue').execute();
    await sql`delete from test_refs`.execute(t.db.kysely);
  });

  it('frees a queued blob nothing references and keeps one that another row still references', async () => {
    const shared = await store.putBuffer(Buffer.from('attachment shared by two emails'));
    const single = await store.putBuffer(Buffer.from('raw message of the deleted email'));
    await addRef('email_1', shared.sha256);
    await addRef('email_1_raw', single.sha256);
    await addRef('email_2', shared.sha256);
    // The deleting feature removes email_1's rows and queues their blobs in one transaction.
    await t.db.kysely.transaction().execute(async (trx) => {
      await sql`delete from test_refs where id like 'email_1%'`.execute(trx);
      await queueBlobDeletion(trx, [shared.sha256, single.sha256, shared.sha256], clock.now());
    });
    assert.deepEqual(await queued(), [shared.sha256, single.sha256].sort());

    clock.advance(GRACE_MS + 1);
    const result = await collector().collectQueued();
    assert.deepEqual(result, { examined: 2, deleted: 1, referenced: 1, deferred: 0, failed: 0 });
    assert.equal(await stored(single.sha256), false);
    assert.equal(await stored(shared.sha256), true);
    assert.deepEqual(await queued(), []);
    // Idempotent: a second run finds nothing to do.
    assert.deepEqual(await collector().collectQueued(), { examined: 0, deleted: 0, referenced: 0, deferred: 0, failed: 0 });
  });

  it('a queue entry rolls back with the transaction that made it', async () => {
    const blob = await store.putBuffer(Buffer.from('still referenced after the rollback'));
    await assert.rejects(t.db.kysely.transaction().execute(async (trx) => {
      await queueBlobDeletion(trx, [blob.sha256], clock.now());
      throw new Error('the feature failed to delete its row');
    }), /failed to delete/);
    assert.deepEqual(await queued(), []);
  });

  it('defers a blob put again within the grace period, then frees it', async () => {
    const blob = await store.putBuffer(Buffer.from('deleted, then received again'));
    await queueBlobDeletion(t.db.kysely, [blob.sha256], clock.now());
    clock.advance(GRACE_MS + 1);
    // The same bytes arrive again; their new row has not committed yet when the collector runs.
    await store.putBuffer(Buffer.from('deleted, then received again'));
    assert.deepEqual(await collector().collectQueued(), { examined: 1, deleted: 0, referenced: 0, deferred: 1, failed: 0 });
    assert.equal(await stored(blob.sha256), true);
    assert.deepEqual(await queued(), [blob.sha256], 'stays queued for a later run');

    clock.advance(GRACE_MS + 1);
    assert.equal((await collector().collectQueued()).deleted, 1);
    assert.equal(await stored(blob.sha256), false);
    assert.deepEqual(await queued(), []);
  });

  it('keeps every queued blob when a reference check fails', async () => {
    const blob = await store.putBuffer(Buffer.from('check fails'));
    await queueBlobDeletion(t.db.kysely, [blob.sha256], clock.now());
    clock.advance(GRACE_MS + 1);
    const broken: BlobReferenceCheck = async () => {
      throw new Error('emails table unavailable');
    };
    await assert.rejects(collector([referencedByTestRefs, broken]).collectQueued(), /emails table unavailable/);
    assert.equal(await stored(blob.sha256), true);
    assert.deepEqual(await queued(), [blob.sha256]);
  });

  it('sweeps orphans older than the grace period and nothing else', async () => {
    const orphan = await store.putBuffer(Buffer.from('put, then the process crashed before its row committed'));
    const kept = await store.putBuffer(Buffer.from('put and referenced'));
    await addRef('email_1', kept.sha256);
    clock.advance(GRACE_MS + 1);
    const young = await store.putBuffer(Buffer.from('put a moment ago; its row is about to commit'));

    assert.deepEqual(await collector().sweepOrphans(), { examined: 2, deleted: 1, referenced: 1, deferred: 0, failed: 0 });
    assert.equal(await stored(orphan.sha256), false);
    assert.equal(await stored(kept.sha256), true);
    assert.equal(await stored(young.sha256), true);

    clock.advance(GRACE_MS + 1);
    assert.equal((await collector().sweepOrphans()).deleted, 1);
    assert.equal(await stored(young.sha256), false);
    assert.equal(await stored(kept.sha256), true);
    // An explicit grace period overrides the collector's.
    assert.equal((await collector([]).sweepOrphans(GRACE_MS * 100)).deleted, 0);
  });

  it('several collectors running at once delete each blob once and agree on the result', async () => {
    const blobs = [];
    for (let i = 0; i < 30; i++) blobs.push((await store.putBuffer(Buffer.from(`blob ${i}`))).sha256);
    for (const sha256 of blobs.slice(0, 10)) await addRef(`email_${sha256}`, sha256);
    await queueBlobDeletion(t.db.kysely, blobs, clock.now());
    clock.advance(GRACE_MS + 1);

    // Separate store instances, as in separate processes sharing DATA_DIR or the database.
    const runs = await Promise.all([
      collector().collectQueued(),
      collector([referencedByTestRefs], createBlobStore(t.db, t.dataDir, { clock })).collectQueued(),
      collector([referencedByTestRefs], createBlobStore(t.db, t.dataDir, { clock })).sweepOrphans(),
    ]);
    assert.equal(runs.reduce((sum, r) => sum + r.failed, 0), 0);
    assert.equal(runs.reduce((sum, r) => sum + r.deleted, 0), 20, 'each unreferenced blob deleted exactly once');
    const left = [];
    for await (const blob of store.list()) left.push(blob.sha256);
    assert.deepEqual(left.sort(), blobs.slice(0, 10).sort());
    assert.deepEqual(await queued(), []);
  });

  it('refuses to queue a malformed hash', async () => {
    await assert.rejects(queueBlobDeletion(t.db.kysely, ['../etc/passwd'], clock.now()), InvalidInput);
    assert.deepEqual(await queued(), []);
  });
});
