/** The checkpointing thread of wal-checkpointer.ts: its own connection, a PASSIVE checkpoint per interval. */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000');
// As on the main connection (sqlite.ts): the WAL is truncated back to this size (bytes) after a burst.
db.exec('PRAGMA journal_size_limit = 67108864');

const timer = setInterval(() => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or I/O trouble: the next interval tries again.
  }
}, intervalMs);

parentPort!.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
