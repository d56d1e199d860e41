/**
 * A fresh, migrated database per test file, on the engine the run selects:
 * SQLite in a temporary directory by default; PostgreSQL when DATABASE_URL_TEST is set (a new
 * database is created on that server for each call and dropped afterwards).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { migrate, openDatabase, type Db } from '../../src/platform/db/index.ts';

export interface TestDb {
  db: Db;
  dataDir: string;
  /** Set in PostgreSQL mode: the URL of this test's own database (for starting extra processes). */
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

export const testEngine: 'sqlite' | 'postgres' = process.env.DATABASE_URL_TEST ? 'postgres' : 'sqlite';

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createTestDb(): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-test-'));
  const adminUrl = process.env.DATABASE_URL_TEST;
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (adminUrl) {
    dbName = `mw_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const db = await openDatabase({ databaseUrl, databasePoolSize: 5, dataDir });
  await migrate(db);
  return {
    db,
    dataDir,
    databaseUrl,
    async cleanup() {
      await db.close();
      if (adminUrl && dbName) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
