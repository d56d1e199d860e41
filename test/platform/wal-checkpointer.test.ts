/**
 * SQLite's write-ahead log is moved into the database file by the checkpointing thread, not inside
 * commits (src/platform/db/wal-checkpointer.ts): the main connection never checkpoints, yet the
 * database file takes up what was committed, and closing the database stops the thread.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, sqliteFile, type Db } from '../../src/platform/db/index.ts';
import { WalCheckpointer } from '../../src/platform/db/wal-checkpointer.ts';

describe('WAL checkpoints on their own thread (SQLite)', () => {
  let dir: string;
  let db: Db;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-checkpoint-'));
    db = await openDatabase({ dataDir: dir, databasePoolSize: 1, databaseUrl: undefined });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('copies committed pages into the database file without a checkpoint on the main connection', async () => {
    const file = sqliteFile(dir);
    const autocheckpoint = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely);
    assert.equal(autocheckpoint.rows[0]!.wal_autocheckpoint, 0, 'the main connection never checkpoints');
    await sql`create table payload (id integer primary key, data blob not null)`.execute(db.kysely);
    const sizeBefore = fs.statSync(file).size;
    const chunk = Buffer.alloc(64 * 1024, 7);
    await db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < 64; i++) await sql`insert into payload (data) values (${chunk})`.execute(trx);
    });
    // 4 MiB committed into the WAL; the thread checkpoints every 500 ms.
    const deadline = Date.now() + 10_000;
    while (fs.statSync(file).size < sizeBefore + 4 * 1024 * 1024 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(fs.statSync(file).size >= sizeBefore + 4 * 1024 * 1024, `database file grew to ${fs.statSync(file).size} bytes`);
    // Once all of it is copied, the next write restarts the WAL from its start: it stops growing.
    const walSize = fs.statSync(`${file}-wal`).size;
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await sql`insert into payload (data) values (${chunk})`.execute(db.kysely);
    }
    assert.ok(fs.statSync(`${file}-wal`).size <= walSize, `the WAL was reused (${walSize} → ${fs.statSync(`${file}-wal`).size} bytes)`);
  });

  it('closes with the database (the thread stops; the data stays readable)', async () => {
    await db.close();
    const reopened = await openDatabase({ dataDir: dir, databasePoolSize: 1, databaseUrl: undefined });
    try {
      const count = await sql<{ n: number }>`select count(*) as n from payload`.execute(reopened.kysely);
      assert.equal(Number(count.rows[0]!.n), 64 + 3);
    } finally {
      await reopened.close();
    }
  });
});

/**
 * A writer that commits without pause, as SMTP ingest under load: PASSIVE checkpoints never catch up
 * with it, so SQLite alone never restarts the WAL. The thread resets it past `resetAboveFrames`.
 */
describe('the WAL stays bounded under steady writes (SQLite)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-steady-wal-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Commits 4 rows of 16 KiB at a time for `ms`; returns the bytes written and the largest WAL seen. */
  async function writeSteadily(name: string, resetAboveFrames: number, ms: number): Promise<{ written: number; largestWal: number; rows: number }> {
    const file = path.join(dir, `${name}.db`);
    const writer = new DatabaseSync(file);
    for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'wal_autocheckpoint = 0', 'busy_timeout = 5000', 'journal_size_limit = 67108864']) writer.exec(`PRAGMA ${pragma}`);
    writer.exec('create table payload (id integer primary key, data blob not null)');
    const checkpointer = new WalCheckpointer(file, { intervalMs: 20, resetAboveFrames });
    const insert = writer.prepare('insert into payload (data) values (?)');
    let written = 0;
    let largestWal = 0;
    try {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        writer.exec('begin immediate');
        for (let i = 0; i < 4; i++) insert.run(crypto.randomBytes(16 * 1024));
        writer.exec('commit');
        written += 4 * 16 * 1024;
        largestWal = Math.max(largestWal, fs.statSync(`${file}-wal`).size);
        // As a group commit waits for its flush before the next batch.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const rows = Number((writer.prepare('select count(*) as n from payload').get() as { n: number }).n);
      return { written, largestWal, rows };
    } finally {
      await checkpointer.close();
      writer.close();
    }
  }

  it('is emptied past its threshold while the writer goes on, and keeps every row', async () => {
    const { written, largestWal, rows } = await writeSteadily('reset', 256, 2000);
    assert.equal(rows * 16 * 1024, written, 'every committed row is there');
    assert.ok(written > 32 * 1024 * 1024, `wrote only ${written} bytes: too few to tell`);
    assert.ok(largestWal < Math.min(16 * 1024 * 1024, written / 4), `the WAL reached ${largestWal} bytes of ${written} written`);
  });

  it('control: without the reset the WAL holds about everything written', async () => {
    const { written, largestWal } = await writeSteadily('control', 1e9, 1000);
    assert.ok(largestWal > written / 2, `the WAL reached ${largestWal} bytes of ${written} written (else the test above proves nothing)`);
  });
});
