/**
 * Benchmark: blob puts of 23 KB (the phishing corpus's mean message size), each distinct, durable
 * when it resolves (file: temp write + fsync + rename + directory fsync; PostgreSQL: committed).
 * Sequential and with 16 puts in flight (as 16 SMTP connections would). File store always;
 * PostgreSQL too when BENCH_DATABASE_URL is set (a scratch database is created and dropped).
 *
 *   npx node bench/blobs.bench.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npx node bench/blobs.bench.ts
 */
import { randomBytes } from 'node:crypto';
import { createBlobStore, type BlobStore } from '../src/platform/blobs/index.ts';
import type { Db } from '../src/platform/db/index.ts';
import { report, onEachEngine } from './support.ts';

const BLOB_BYTES = 23 * 1024;
const PUTS = Number(process.env.BENCH_BLOB_PUTS ?? 3000);
const CONCURRENCY = 16;

/** Distinct contents: a random prefix per blob over a shared random body (so hashing is real). */
function contents(count: number): Buffer[] {
  const body = randomBytes(BLOB_BYTES);
  return Array.from({ length: count }, () => {
    const blob = Buffer.from(body);
    randomBytes(32).copy(blob);
    return blob;
  });
}

async function putAll(store: BlobStore, blobs: Buffer[], concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < blobs.length) await store.putBuffer(blobs[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return blobs.length / ((performance.now() - started) / 1000);
}

async function measure(db: Db, dataDir: string, engine: string): Promise<void> {
  const store = createBlobStore(db, dataDir);
  await putAll(store, contents(200), CONCURRENCY); // warm-up: JIT, directories, connections
  for (const concurrency of [1, CONCURRENCY]) {
    const rate = await putAll(store, contents(PUTS), concurrency);
    report({
      name: `blob_put_23kb_${engine}_c${concurrency}`,
      value: Math.round(rate),
      unit: 'msgs/s',
      workload: `${PUTS} distinct ${BLOB_BYTES}-byte blobs, ${concurrency} put(s) in flight, durable on resolve`,
    });
  }
}

export async function run(): Promise<void> {
  await onEachEngine('mailwarden-bench', (db, dataDir, engine) => measure(db, dataDir, engine === 'sqlite' ? 'file' : engine));
}

if (import.meta.main) await run();
