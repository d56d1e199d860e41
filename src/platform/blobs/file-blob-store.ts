/**
 * Blobs as files (SQLite mode): `<root>/ab/cd/<sha256>` where `ab`, `cd` are the hash's first two
 * byte pairs (at most 65,536 directories, so no directory grows huge). `<root>` is DATA_DIR/blobs.
 *
 * A put streams into `<root>/tmp/<startedMs>-<random>.tmp`, fsyncs it, renames it into place and
 * fsyncs the directory: the rename is atomic, so a reader sees either nothing or the whole file, and
 * after the directory fsync the name survives power loss. A put of bytes already stored renames over
 * the existing file (same bytes, fresh mtime): one copy, and no check-then-act race with the collector.
 *
 * The file's mtime is set from the injected clock and is the blob's `createdAt` (time of last put).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { systemClock, isoTime, type Clock } from '../clock.ts';
import { NotFound } from '../errors.ts';
import { ensureWritableDir } from '../fs.ts';
import {
  assertMaxBytes, assertSha256, BlobTooLarge, bufferSource, isSha256Hex, STALE_TEMP_MS,
  type BlobStat, type BlobStore, type ConditionalDeleteOutcome, type PutOptions, type PutResult, type StagedBlob, type StoredBlob,
} from './blob-store.ts';

const HEX_PAIR = /^[0-9a-f]{2}$/;
/** `<startedMs>-<random>.tmp` (a put in progress) or `<startedMs>-<random>-<sha256>.gc` (a delete in progress). */
const TEMP_NAME = /^(\d+)-[0-9a-f]+(?:-([0-9a-f]{64})\.gc|\.tmp)$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** fsync a directory so the names created, renamed or removed in it survive power loss. */
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: fs.FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

export class FileBlobStore implements BlobStore {
  private readonly root: string;
  private readonly tmpDir: string;
  private readonly clock: Clock;
  /** Directories known to exist (and to be durable), so puts skip mkdir. At most 65,536 + 258 entries. */
  private readonly knownDirs = new Set<string>();

  /** `root`: the store's directory (created on first put). `clock` stamps puts; default the system clock. */
  constructor(root: string, clock: Clock = systemClock) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, 'tmp');
    this.clock = clock;
  }

  /** Where a blob's file lives. Validates the hash first, so the result is always inside the store. */
  pathFor(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<PutResult> {
    assertMaxBytes(options.maxBytes);
    await this.ensureDir(this.tmpDir);
    const tempPath = path.join(this.tmpDir, `${this.clock.now()}-${randomBytes(8).toString('hex')}.tmp`);
    const handle = await fs.open(tempPath, 'wx', 0o600);
    let published = false;
    try {
      const { sha256, size } = await this.writeStream(handle, source, options.maxBytes);
      // With the system clock the last write already stamped the file; skip one syscall per put.
      if (this.clock !== systemClock) await handle.utimes(this.clock.now() / 1000, this.clock.now() / 1000);
      await handle.sync();
      await handle.close();
      await this.publish(tempPath, sha256);
      published = true;
      return { sha256, size };
    } finally {
      if (!published) {
        await handle.close().catch(() => {});
        // If this fails the file stays in tmp/ and cleanTemp() removes it later.
        await fs.rm(tempPath, { force: true }).catch(() => {});
      }
    }
  }

  /** Files are durable on their own: stage is put. */
  stage(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<StagedBlob> {
    return this.put(source, options);
  }

  putBuffer(bytes: Uint8Array): Promise<PutResult> {
    return this.put(bufferSource(bytes), { maxBytes: bytes.byteLength });
  }

  async open(sha256: string): Promise<Readable> {
    const file = this.pathFor(sha256);
    try {
      const handle = await fs.open(file, 'r');
      return handle.createReadStream();
    } catch (error) {
      if (isMissing(error)) throw new NotFound(`No stored content has SHA-256 ${sha256}; it was never stored or has been deleted.`);
      throw error;
    }
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    try {
      const info = await fs.stat(this.pathFor(sha256));
      return { size: info.size, createdAt: isoTime(Math.trunc(info.mtimeMs)) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** No directory fsync: if a crash undoes the removal, the file is an orphan the collector's sweep removes. */
  async delete(sha256: string): Promise<void> {
    await fs.rm(this.pathFor(sha256), { force: true });
  }

  /**
   * Moves the file aside (atomic rename into tmp/), then decides on the moved file: a concurrent put
   * either renamed its copy in before the move (then the moved file is fresh and goes back) or after
   * (then its copy is in place and the old one is removed). Nothing is lost either way.
   */
  async deleteIfStoredBefore(sha256: string, cutoffMs: number): Promise<ConditionalDeleteOutcome> {
    const file = this.pathFor(sha256);
    const before = await this.stat(sha256);
    if (before === undefined) return 'absent';
    if (Date.parse(before.createdAt) >= cutoffMs) return 'recent';
    await this.ensureDir(this.tmpDir);
    const tomb = path.join(this.tmpDir, `${this.clock.now()}-${randomBytes(8).toString('hex')}-${sha256}.gc`);
    try {
      await fs.rename(file, tomb);
    } catch (error) {
      if (isMissing(error)) return 'absent';
      throw error;
    }
    const moved = await fs.stat(tomb);
    if (moved.mtimeMs >= cutoffMs) {
      await this.restore(tomb, sha256);
      return 'recent';
    }
    await fs.rm(tomb, { force: true });
    return 'deleted';
  }

  async *list(): AsyncGenerator<StoredBlob> {
    for (const first of await this.subdirs(this.root)) {
      for (const second of await this.subdirs(path.join(this.root, first))) {
        const dir = path.join(this.root, first, second);
        for (const name of (await this.readdirOrEmpty(dir)).sort()) {
          if (!isSha256Hex(name)) continue;
          const stat = await this.stat(name);
          if (stat !== undefined) yield { sha256: name, ...stat };
        }
      }
    }
  }

  async cleanTemp(maxAgeMs: number = STALE_TEMP_MS): Promise<number> {
    const cutoff = this.clock.now() - maxAgeMs;
    let removed = 0;
    for (const name of await this.readdirOrEmpty(this.tmpDir)) {
      const match = TEMP_NAME.exec(name);
      const file = path.join(this.tmpDir, name);
      const startedMs = match ? Number(match[1]) : await this.mtimeOrNow(file);
      if (startedMs >= cutoff) continue;
      const tombOf = match?.[2];
      // A delete interrupted mid-way: put the file back; the orphan sweep deletes it if unreferenced.
      if (tombOf !== undefined) await this.restore(file, tombOf);
      else await fs.rm(file, { force: true });
      removed += 1;
    }
    return removed;
  }

  private async writeStream(handle: fs.FileHandle, source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<PutResult> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of source) {
      size += chunk.byteLength;
      // Leaving the loop early makes for-await call the source's return(): a Readable is destroyed.
      if (size > maxBytes) throw new BlobTooLarge(maxBytes);
      hash.update(chunk);
      await writeAll(handle, chunk);
    }
    return { sha256: hash.digest('hex'), size };
  }

  private async publish(tempPath: string, sha256: string): Promise<void> {
    const file = this.pathFor(sha256);
    await this.ensureDir(path.dirname(file));
    try {
      await fs.rename(tempPath, file);
    } catch (error) {
      if (isMissing(error)) {
        throw new Error(`The temporary file for blob ${sha256} disappeared before it was stored (cleanTemp removes puts older than an hour); retry the put.`, { cause: error });
      }
      throw error;
    }
    await syncDir(path.dirname(file));
  }

  /** Puts a moved-aside file back unless a newer copy already took its place, then drops the moved file. */
  private async restore(tomb: string, sha256: string): Promise<void> {
    const file = this.pathFor(sha256);
    await this.ensureDir(path.dirname(file));
    try {
      await fs.link(tomb, file);
      await syncDir(path.dirname(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await fs.rm(tomb, { force: true });
  }

  /**
   * Creates `dir` (under the root) and its missing parents, fsyncing each parent whose entries
   * changed so a new directory is as durable as the file renamed into it.
   */
  private async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    if (!this.knownDirs.has(this.root)) {
      ensureWritableDir(this.root);
      this.knownDirs.add(this.root);
    }
    const levels: string[] = [];
    for (let current = dir; current !== this.root; current = path.dirname(current)) {
      if (current === path.dirname(current)) throw new Error(`${dir} is outside the blob store ${this.root}.`);
      levels.unshift(current);
    }
    for (const level of levels) {
      if (this.knownDirs.has(level)) continue;
      try {
        await fs.mkdir(level);
        await syncDir(path.dirname(level));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      this.knownDirs.add(level);
    }
  }

  private async subdirs(dir: string): Promise<string[]> {
    return (await this.readdirOrEmpty(dir)).filter((name) => HEX_PAIR.test(name)).sort();
  }

  private async readdirOrEmpty(dir: string): Promise<string[]> {
    try {
      return await fs.readdir(dir);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  private async mtimeOrNow(file: string): Promise<number> {
    try {
      return (await fs.stat(file)).mtimeMs;
    } catch {
      return this.clock.now();
    }
  }
}
