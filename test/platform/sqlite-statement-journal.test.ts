/**
 * Write transactions keep SQLite's statement journal in memory (src/platform/db/wal-sync.ts): a
 * transaction whose statements change pages it had already changed opens no temporary file, while a
 * plain connection (the control) spills the same work to one. Linux: temporary files are found as
 * deleted files among the process's open descriptors (/proc/self/fd).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../../src/platform/db/index.ts';

/** Open descriptors of this process on deleted files (SQLite unlinks its temporary files at once). */
function openDeletedFiles(): number {
  let count = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).endsWith('(deleted)')) count++;
    } catch {
      // Closed meanwhile.
    }
  }
  return count;
}

const SCHEMA = [
  // A unique key and NOT NULL columns: a statement may fail midway, which is what needs the journal.
  'create table wide (id text primary key, a text not null, b text not null, c text not null, d text not null, e text not null, f text not null, g text not null, h text not null)',
  ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((column) => `create index wide_${column} on wide (${column}, id)`),
];
/**
 * 500 rows in one statement, whose index entries land on random pages (random keys), as those of
 * `emails` do. Run twice in a transaction, the second statement changes well over 64 KiB of pages
 * the first had changed.
 */
const INSERT_ROWS = `with recursive n(i) as (select 1 union all select i + 1 from n where i < 500)
  insert into wide select ${Array.from({ length: 9 }, () => 'hex(randomblob(40))').join(', ')} from n`;

describe('the statement journal of write transactions stays in memory (SQLite)', { skip: process.platform !== 'linux' ? 'reads /proc/self/fd' : false }, () => {
  let dir: string;
  let db: Db;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-stmt-journal-'));
    db = await openDatabase({ dataDir: dir, databasePoolSize: 1, databaseUrl: undefined });
    for (const statement of SCHEMA) await sql.raw(statement).execute(db.kysely);
    for (let i = 0; i < 4; i++) await sql.raw(INSERT_ROWS).execute(db.kysely);
  });
  after(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens no temporary file in a transaction of index-heavy writes, and reads use the default temp store again', async () => {
    const before = openDeletedFiles();
    let during = 0;
    await db.kysely.transaction().execute(async (trx) => {
      await sql.raw(INSERT_ROWS).execute(trx);
      await sql.raw(INSERT_ROWS).execute(trx);
      during = openDeletedFiles();
    });
    assert.equal(during, before, 'temporary files opened during the transaction');
    const store = await sql<{ temp_store: number }>`pragma temp_store`.execute(db.kysely);
    assert.equal(store.rows[0]!.temp_store, 0, 'temp_store is back to its default after the commit');
  });

  it('control: a plain connection spills the same transaction to a temporary file', () => {
    const raw = new DatabaseSync(path.join(dir, 'control.db'));
    try {
      raw.exec('pragma journal_mode = wal');
      for (const statement of SCHEMA) raw.exec(statement);
      for (let i = 0; i < 4; i++) raw.exec(INSERT_ROWS);
      const before = openDeletedFiles();
      raw.exec('begin');
      raw.exec(INSERT_ROWS);
      raw.exec(INSERT_ROWS);
      const during = openDeletedFiles();
      raw.exec('commit');
      assert.ok(during > before, 'the control transaction opened a temporary file (else the first test proves nothing)');
    } finally {
      raw.close();
    }
  });
});
