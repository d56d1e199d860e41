/**
 * Shared benchmark helpers: every figure is printed as one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, type Db } from '../src/platform/db/index.ts';
import { createScratchDatabase } from '../test/support/postgres.ts';
export interface Figure {
  name: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

export function report(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** The q-th quantile (0–1) of unsorted samples, nearest-rank. */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Deterministic PRNG (mulberry32) so every run loads the same data. */
export { mulberry32 as prng } from '../src/platform/seeded-random.ts';

/** The engine a benchmark measured; `file` is blobs' name for SQLite mode (files under DATA_DIR). */
export type BenchEngine = 'sqlite' | 'postgres';

/**
 * Runs `measure` on a fresh migrated SQLite database in a temporary DATA_DIR, then — when
 * BENCH_DATABASE_URL is set — on a scratch PostgreSQL database (pool of 10), dropping both afterwards.
 */
export async function onEachEngine(prefix: string, measure: (db: Db, dataDir: string, engine: BenchEngine) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  try {
    const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
    try {
      await migrate(db);
      await measure(db, dataDir, 'sqlite');
    } finally {
      await db.close();
    }
    const postgresUrl = process.env.BENCH_DATABASE_URL;
    if (postgresUrl) {
      const scratch = await createScratchDatabase(postgresUrl, 'mw_bench');
      try {
        const pgDb = await openDatabase({ databaseUrl: scratch.url, databasePoolSize: 10, dataDir });
        try {
          await migrate(pgDb);
          await measure(pgDb, dataDir, 'postgres');
        } finally {
          await pgDb.close();
        }
      } finally {
        await scratch.drop();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
