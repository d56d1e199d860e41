/**
 * SQLite's write-ahead log is moved into the database file by the checkpointing thread, not inside
 * commits (src/platform/db/wal-checkpointer.ts): the main connection never checkpoints, yet the
 * database file takes up what was committed, and closing the database stops the thread.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, sqliteFile, type Db } from '../../src/platform/db/index.ts';

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
