/**
 * A fresh, migrated database per test file, on the engine the run selects:
 * SQLite in a temporary directory by default; PostgreSQL when DATABASE_URL_TEST is set (a new
 * database is created on that server for each call and dropped afterwards).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/platform/db/index.ts';
import { createScratchDatabase, type ScratchDatabase } from './postgres.ts';

export interface TestDb {
  db: Db;
  dataDir: string;
  /** Set in PostgreSQL mode: the URL of this test's own database (for starting extra processes). */
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

export const testEngine: 'sqlite' | 'postgres' = process.env.DATABASE_URL_TEST ? 'postgres' : 'sqlite';

export async function createTestDb(): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-test-'));
  const adminUrl = process.env.DATABASE_URL_TEST;
  const scratch: ScratchDatabase | undefined = adminUrl ? await createScratchDatabase(adminUrl) : undefined;
  const databaseUrl = scratch?.url;
  const db = await openDatabase({ databaseUrl, databasePoolSize: 5, dataDir });
  await migrate(db);
  return {
    db,
    dataDir,
    databaseUrl,
    async cleanup() {
      await db.close();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
