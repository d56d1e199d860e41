/**
 * Moves the SQLite write-ahead log into the database file off the event loop.
 *
 * By default SQLite checkpoints inside the COMMIT that pushes the WAL past 1,000 pages: on the
 * committing connection, which in Node is the event loop. A checkpoint copies megabytes and fsyncs
 * the database file, so every SMTP connection and HTTP request stalls meanwhile (measured: 0.2–0.4 s of
 * a 4 s warm-up planning run were checkpoints). Instead the main connection runs with
 * `wal_autocheckpoint = 0` and a worker thread with its own connection runs PASSIVE checkpoints
 * every `intervalMs`: they never block readers or writers, copy what no reader still needs, and
 * SQLite restarts the WAL from its beginning once all of it was copied. Under steady load that never
 * happens, so past `resetAboveFrames` the thread catches up and empties the WAL itself, holding
 * writers off for a few milliseconds (see the worker). `journal_size_limit` keeps the WAL file from
 * staying large after a burst.
 *
 * Durability is unchanged: commits are durable once the WAL is flushed (wal-sync.ts); a checkpoint
 * syncs the database file before the WAL may be reused.
 */
import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** Time between checkpoints, ms. Default 500. */
  intervalMs?: number;
  /**
   * WAL size (frames: pages with a 24-byte header) past which the thread resets it under load
   * (see wal-checkpointer.worker.ts). Default 16,384: 64 MiB of 4 KiB pages, as journal_size_limit.
   */
  resetAboveFrames?: number;
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(databaseFile: string, options: WalCheckpointerOptions = {}) {
    this.worker = new Worker(new URL('./wal-checkpointer.worker.ts', import.meta.url), {
      workerData: { file: databaseFile, intervalMs: options.intervalMs ?? 500, resetAboveFrames: options.resetAboveFrames ?? 16_384 },
    });
    // A thread that is only a timer must not keep the process alive.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // A failed checkpoint is retried at the next interval; a thread that dies leaves SQLite's own
    // checkpoint on close, and the WAL grows meanwhile — nothing is lost.
    this.worker.on('error', () => {});
  }

  /** Stops the thread after its current checkpoint; its connection is closed cleanly. */
  async close(): Promise<void> {
    // Kept alive while it finishes, so the caller's await is not left behind by an exiting process.
    this.worker.ref();
    this.worker.postMessage('close');
    await this.exited;
  }
}
