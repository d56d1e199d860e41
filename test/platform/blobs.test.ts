/**
 * The blob store on the engine under test: on SQLite small content in the database and larger
 * content in files under DATA_DIR/blobs, PostgreSQL tables when DATABASE_URL_TEST is set.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../../src/platform/clock.ts';
import { InvalidInput, NotFound } from '../../src/platform/errors.ts';
import { BlobTooLarge, createBlobStore, FileBlobStore, type BlobStore } from '../../src/platform/blobs/index.ts';
import { CHUNK_BYTES } from '../../src/platform/blobs/database-blob-store.ts';
import { createTestDb, testEngine, type TestDb } from '../support/db.ts';

const MiB = 1024 * 1024;

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Yields `bytes` in pieces of the given sizes (cycled), so chunk boundaries never line up. */
async function* pieces(bytes: Uint8Array, sizes: number[] = [1000, 70_000, 4096, 300_000]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (let i = 0; offset < bytes.byteLength; i++) {
    const size = sizes[i % sizes.length]!;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listAll(store: BlobStore): Promise<Array<{ sha256: string; size: number; createdAt: string }>> {
  const out = [];
  for await (const blob of store.list()) out.push(blob);
  return out;
}

/** A source that yields `head`, then waits at a gate the test opens, then yields `tail`. */
function gatedSource(head: Uint8Array, tail: Uint8Array) {
  let open!: () => void;
  let arrived!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const atGate = new Promise<void>((resolve) => (arrived = resolve));
  async function* source(): AsyncGenerator<Uint8Array> {
    yield head;
    arrived();
    await gate;
    yield tail;
  }
  return { source: source(), atGate, open };
}

describe(`blob store (${testEngine})`, () => {
  let t: TestDb;
  let clock: ManualClock;
  let store: BlobStore;
  const tmpDir = () => path.join(t.dataDir, 'blobs', 'tmp');

  /** Everything a put could leave behind: temp files, and rows in each blob table. */
  async function leftovers() {
    const count = async (table: string) =>
      Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.kysely)).rows[0]!.n);
    return {
      tempFiles: fs.existsSync(tmpDir()) ? fs.readdirSync(tmpDir()).length : 0,
      blobs: await count('blobs'),
      chunks: await count('blob_chunks'),
      uploads: await count('blob_uploads'),
      listed: (await listAll(store)).length,
    };
  }
  const NOTHING = { tempFiles: 0, blobs: 0, chunks: 0, uploads: 0, listed: 0 };

  before(async () => {
    t = await createTestDb();
  });
  after(() => t.cleanup());
  beforeEach(async () => {
    clock = new ManualClock('2026-03-12T14:30:15.000Z');
    store = createBlobStore(t.db, t.dataDir, { clock });
    for (const blob of await listAll(store)) await store.delete(blob.sha256);
  });

  it('returns identical bytes, across chunk boundaries and for empty content', async () => {
    for (const bytes of [randomBytes(3 * CHUNK_BYTES + 12_345), randomBytes(10), new Uint8Array(0)]) {
      const put = await store.put(pieces(bytes), { maxBytes: MiB });
      assert.deepEqual(put, { sha256: sha256Of(bytes), size: bytes.byteLength });
      assert.ok((await readAll(await store.open(put.sha256))).equals(bytes));
      assert.deepEqual(await store.stat(put.sha256), { size: bytes.byteLength, createdAt: '2026-03-12T14:30:15.000Z' });
    }
  });

  it('stores identical bytes once', async () => {
    const bytes = randomBytes(CHUNK_BYTES + 5);
    const first = await store.put(pieces(bytes), { maxBytes: MiB });
    clock.advance(60_000);
    const second = await store.putBuffer(bytes);
    assert.deepEqual(second, first);
    const listed = await listAll(store);
    assert.equal(listed.length, 1);
    // The second put refreshed the time of last put (the collector's grace period counts from it).
    assert.equal(listed[0]!.createdAt, '2026-03-12T14:31:15.000Z');
    if (testEngine === 'postgres') assert.deepEqual({ ...(await leftovers()), listed: 0 }, { ...NOTHING, blobs: 1, chunks: 2 });
  });

  it('on SQLite keeps content up to 256 KiB in the database and larger content in DATA_DIR/blobs/ab/cd/<sha256>', { skip: testEngine !== 'sqlite' }, async () => {
    const fileOf = (sha256: string) => path.join(t.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const small = randomBytes(CHUNK_BYTES);
    const large = randomBytes(CHUNK_BYTES + 1);
    const inDatabase = await store.put(pieces(small), { maxBytes: MiB });
    const inFile = await store.put(pieces(large), { maxBytes: MiB });
    assert.equal(fs.existsSync(fileOf(inDatabase.sha256)), false);
    assert.ok(fs.readFileSync(fileOf(inFile.sha256)).equals(large));
    assert.deepEqual(await leftovers(), { ...NOTHING, blobs: 1, chunks: 1, listed: 2 });
    assert.ok((await readAll(await store.open(inDatabase.sha256))).equals(small));
  });

  it('on SQLite finds, lists and deletes content stored as a file before it moved into the database', { skip: testEngine !== 'sqlite' }, async () => {
    const bytes = Buffer.from('stored by an earlier version as a file');
    const files = new FileBlobStore(path.join(t.dataDir, 'blobs'), clock);
    const { sha256 } = await files.putBuffer(bytes);
    assert.ok((await readAll(await store.open(sha256))).equals(bytes));
    assert.deepEqual(await store.stat(sha256), { size: bytes.length, createdAt: '2026-03-12T14:30:15.000Z' });
    // Put again (now into the database): both copies exist; the conditional delete removes both.
    clock.advance(60_000);
    await store.putBuffer(bytes);
    assert.equal(await store.deleteIfStoredBefore(sha256, clock.now()), 'recent', 'the database copy is newer than the cutoff');
    clock.advance(60_000);
    assert.equal(await store.deleteIfStoredBefore(sha256, clock.now()), 'deleted');
    await assert.rejects(store.open(sha256), NotFound);
    assert.deepEqual(await leftovers(), NOTHING);
  });

  it('stage: one chunk comes back unwritten, stored by its write in the caller\'s transaction; more is stored at once', async () => {
    const small = randomBytes(CHUNK_BYTES);
    const staged = await store.stage(pieces(small), { maxBytes: MiB });
    assert.equal(staged.sha256, sha256Of(small));
    assert.equal(await store.stat(staged.sha256), undefined, 'nothing stored before the write');
    // Rolled back with the caller's transaction: still nothing, nothing left behind.
    await assert.rejects(t.db.kysely.transaction().execute(async (trx) => {
      await staged.writeIn!(trx);
      throw new Error('the caller fails');
    }), /the caller fails/);
    assert.deepEqual(await leftovers(), NOTHING);
    // Committed (twice: a retried batch runs it again): stored once.
    await t.db.groupCommit(async (trx) => staged.writeIn!(trx));
    await t.db.groupCommit(async (trx) => staged.writeIn!(trx));
    assert.ok((await readAll(await store.open(staged.sha256))).equals(small));
    assert.deepEqual(await listAll(store), [{ sha256: staged.sha256, size: small.length, createdAt: '2026-03-12T14:30:15.000Z' }]);

    const large = randomBytes(CHUNK_BYTES + 1);
    const stored = await store.stage(pieces(large), { maxBytes: MiB });
    assert.equal(stored.writeIn, undefined);
    assert.ok((await readAll(await store.open(stored.sha256))).equals(large));
    await assert.rejects(store.stage(pieces(randomBytes(5000)), { maxBytes: 4999 }), BlobTooLarge);
  });

  it('stage and put keep the right bytes when the source refills one buffer for every chunk', async () => {
    // readHead holds what it has read while asking for more: it must copy, not keep the source's buffer.
    for (const total of [3 * 10_000, CHUNK_BYTES + 10_000]) {
      const content = randomBytes(total);
      async function* refilled(): AsyncGenerator<Uint8Array> {
        const buffer = Buffer.alloc(10_000);
        for (let at = 0; at < total; at += buffer.length) {
          content.copy(buffer, 0, at, at + buffer.length);
          yield buffer.subarray(0, Math.min(buffer.length, total - at));
        }
      }
      const staged = await store.stage(refilled(), { maxBytes: MiB });
      if (staged.writeIn !== undefined) await t.db.groupCommit(async (trx) => staged.writeIn!(trx));
      assert.equal(staged.sha256, sha256Of(content));
      assert.ok((await readAll(await store.open(staged.sha256))).equals(content), `${total} bytes staged`);
      const put = await store.put(refilled(), { maxBytes: MiB });
      assert.equal(put.sha256, sha256Of(content));
    }
  });

  it('rejects content over maxBytes with BlobTooLarge and leaves nothing behind', async () => {
    for (const size of [1001, 3 * CHUNK_BYTES]) {
      const error = await store.put(pieces(randomBytes(size)), { maxBytes: size - 1 }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof BlobTooLarge, `expected BlobTooLarge, got ${String(error)}`);
      assert.equal(error.limitBytes, size - 1);
      assert.deepEqual(await leftovers(), NOTHING);
    }
    // Exactly at the limit is accepted.
    await store.put(pieces(randomBytes(1000)), { maxBytes: 1000 });
  });

  it('leaves nothing behind when the source fails mid-stream', async () => {
    for (const before of [100, 2 * CHUNK_BYTES + 7]) {
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield randomBytes(before);
        throw new Error('connection reset by sender');
      }
      await assert.rejects(store.put(failing(), { maxBytes: 10 * MiB }), /connection reset by sender/);
      assert.deepEqual(await leftovers(), NOTHING);
    }
  });

  it('refuses malformed hashes before touching a path or a query', async () => {
    const bad = ['../../../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(63)}/`, `${'a'.repeat(64)}\0`, ''];
    for (const sha256 of bad) {
      await assert.rejects(store.open(sha256), InvalidInput);
      await assert.rejects(store.stat(sha256), InvalidInput);
      await assert.rejects(store.delete(sha256), InvalidInput);
      await assert.rejects(store.deleteIfStoredBefore(sha256, clock.now()), InvalidInput);
    }
  });

  it('opening content that is not stored is NotFound; delete is idempotent', async () => {
    const { sha256 } = await store.putBuffer(Buffer.from('to be deleted'));
    await store.delete(sha256);
    await store.delete(sha256);
    await assert.rejects(store.open(sha256), NotFound);
    assert.equal(await store.stat(sha256), undefined);
    assert.deepEqual(await leftovers(), NOTHING);
  });

  it('concurrent puts of identical bytes all succeed and leave one copy', async () => {
    for (const bytes of [randomBytes(2 * CHUNK_BYTES + 100), randomBytes(2000)]) {
      const results = await Promise.all(Array.from({ length: 6 }, () => store.put(pieces(bytes), { maxBytes: MiB })));
      for (const result of results) assert.deepEqual(result, { sha256: sha256Of(bytes), size: bytes.byteLength });
      assert.ok((await readAll(await store.open(sha256Of(bytes)))).equals(bytes));
    }
    const state = await leftovers();
    assert.equal(state.listed, 2);
    assert.equal(state.tempFiles, 0);
    assert.equal(state.uploads, 0);
    if (testEngine === 'postgres') assert.equal(state.chunks, 3 + 1);
  });

  it('lists every stored blob with its size and time of put', async () => {
    const a = await store.putBuffer(Buffer.from('a'));
    clock.advance(1000);
    const b = await store.putBuffer(Buffer.from('bb'));
    const listed = (await listAll(store)).sort((x, y) => x.size - y.size);
    assert.deepEqual(listed, [
      { sha256: a.sha256, size: 1, createdAt: '2026-03-12T14:30:15.000Z' },
      { sha256: b.sha256, size: 2, createdAt: '2026-03-12T14:30:16.000Z' },
    ]);
  });

  it('deleteIfStoredBefore deletes only content put before the cutoff', async () => {
    const { sha256 } = await store.putBuffer(Buffer.from('conditional'));
    assert.equal(await store.deleteIfStoredBefore(sha256, clock.now()), 'recent');
    assert.equal(await store.deleteIfStoredBefore(sha256, clock.now() + 1), 'deleted');
    assert.equal(await store.deleteIfStoredBefore(sha256, clock.now() + 1), 'absent');
    assert.deepEqual(await leftovers(), NOTHING);
  });

  it('a put racing the collector\'s conditional delete of the same bytes always survives it', async (ctx) => {
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.from(`race ${i} `.repeat(i % 2 === 0 ? 10 : 40_000)); // one chunk, and several
      await store.putBuffer(bytes);
      clock.advance(60_000);
      const cutoff = clock.now() - 30_000; // the first copy is older than this, the racing put newer
      // Jitter (0–3 ms) before the delete varies which step of the put it lands in.
      const deleteLater = new Promise((resolve) => setTimeout(resolve, i % 4)).then(() => store.deleteIfStoredBefore(sha256Of(bytes), cutoff));
      const [put, outcome] = await Promise.all([store.putBuffer(bytes), deleteLater]);
      assert.ok(outcome === 'deleted' || outcome === 'recent');
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      assert.ok((await readAll(await store.open(put.sha256))).equals(bytes), `iteration ${i}: content lost (${outcome})`);
    }
    assert.equal((await leftovers()).tempFiles, 0);
    ctx.diagnostic(`conditional delete outcomes while racing a put: ${JSON.stringify(outcomes)}`);
  });

  it('cleanTemp removes a put abandoned for over an hour; that put then fails and leaves nothing', async () => {
    const gated = gatedSource(randomBytes(CHUNK_BYTES + 10), randomBytes(CHUNK_BYTES));
    const put = store.put(gated.source, { maxBytes: MiB });
    await gated.atGate;
    assert.equal(await store.cleanTemp(), 0, 'a put in progress for less than an hour is kept');
    clock.advance(61 * 60 * 1000);
    assert.equal(await store.cleanTemp(), 1);
    gated.open();
    await assert.rejects(put, /cleanTemp/);
    assert.deepEqual(await leftovers(), NOTHING);
  });

  it('cleanTemp puts back a file whose deletion was interrupted by a crash', { skip: testEngine !== 'sqlite' }, async () => {
    const bytes = Buffer.from('moved aside '.repeat(30_000)); // over 256 KiB: a file
    const { sha256 } = await store.putBuffer(bytes);
    const file = path.join(t.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    fs.renameSync(file, path.join(tmpDir(), `${clock.now()}-00ff-${sha256}.gc`));
    clock.advance(61 * 60 * 1000);
    assert.equal(await store.cleanTemp(), 1);
    assert.ok((await readAll(await store.open(sha256))).equals(bytes));
    assert.equal((await leftovers()).tempFiles, 0);
  });

  it('streams a 25 MB put without holding it in memory', async (ctx) => {
    const total = 25 * MiB;
    const hash = createHash('sha256');
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    // One buffer refilled per chunk (each put awaits its write before asking for more), so the figure
    // measures what the store holds rather than the test's own garbage.
    const chunk = Buffer.alloc(64 * 1024);
    async function* message(): AsyncGenerator<Uint8Array> {
      for (let sent = 0; sent < total; sent += chunk.byteLength) {
        randomFillSync(chunk);
        hash.update(chunk);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        yield chunk;
      }
    }
    const put = await store.put(message(), { maxBytes: 25 * MiB });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const growthMiB = (peakRss - rssBefore) / MiB;
    ctx.diagnostic(`25 MB put on ${testEngine}: peak RSS growth ${growthMiB.toFixed(1)} MiB`);
    assert.deepEqual(put, { sha256: hash.digest('hex'), size: total });
    assert.ok(growthMiB < 48, `RSS grew by ${growthMiB.toFixed(1)} MiB`);
    const readBack = createHash('sha256');
    for await (const chunk of await store.open(put.sha256)) readBack.update(chunk as Buffer);
    assert.equal(readBack.digest('hex'), put.sha256);
  });
});
