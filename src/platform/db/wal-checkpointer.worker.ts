/**
 * The checkpointing thread of wal-checkpointer.ts: its own connection, a PASSIVE checkpoint per
 * interval, and a reset of the WAL once it has grown past `resetAboveFrames`.
 *
 * Why the reset: SQLite starts the WAL again from its beginning only when a writer finds all of it
 * copied. Under steady load (mail arriving every few milliseconds) a PASSIVE checkpoint never
 * catches up with the commits made while it runs, so the WAL grew without bound: 1.4 GB after
 * 24 s of SMTP ingest. Past the threshold this thread checkpoints again at once until only a few
 * frames are left, then runs a TRUNCATE checkpoint: it holds writers off only while it copies those
 * last frames (a few milliseconds; they wait in their busy handler), and empties the WAL.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs, resetAboveFrames } = workerData as { file: string; intervalMs: number; resetAboveFrames: number };
/** Frames still to copy at which the TRUNCATE checkpoint runs (its copy holds writers off). */
const RESET_TAIL_FRAMES = 256;
/** Pause between catch-up checkpoints, ms: lets the main connection take the write lock meanwhile. */
const CATCH_UP_MS = 5;

const db = new DatabaseSync(file);
// How long the TRUNCATE checkpoint waits for the write lock and then for readers before giving up
// this round (ms). It holds the write lock while it waits for readers, and writers wait for it in
// their busy handler (in Node, on the event loop): short, so a long read elsewhere stalls no one.
db.exec('PRAGMA busy_timeout = 20');
// As on the main connection (sqlite.ts): the WAL is truncated back to this size (bytes) after a burst.
db.exec('PRAGMA journal_size_limit = 67108864');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const truncate = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');

let timer: NodeJS.Timeout | undefined;

/** One checkpoint; returns the time until the next one, ms. */
function checkpoint(): number {
  // `log`: frames in the WAL; `checkpointed`: frames copied into the database file.
  const { log, checkpointed } = passive.get() as { log: number; checkpointed: number };
  if (log <= resetAboveFrames) return intervalMs;
  if (log - checkpointed > RESET_TAIL_FRAMES) return CATCH_UP_MS;
  truncate.get();
  return intervalMs;
}

function run(): void {
  let next = intervalMs;
  try {
    next = checkpoint();
  } catch {
    // Busy or I/O trouble: the next interval tries again.
  }
  timer = setTimeout(run, next);
}
timer = setTimeout(run, intervalMs);

parentPort!.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  db.close();
  parentPort!.close();
});
