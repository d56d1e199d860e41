/**
 * Durable commits on SQLite without blocking the event loop.
 *
 * With `synchronous=FULL`, SQLite fsyncs the WAL inside COMMIT — on the calling thread, which in Node
 * is the event loop: every SMTP connection stalls for the length of a disk flush, once per commit.
 * Instead the connection runs with `synchronous=NORMAL` (COMMIT appends to the WAL with write(), no
 * flush) and the driver below flushes the WAL file with `fdatasync` on libuv's thread pool before the
 * commit's promise resolves. fsync works on the file (inode), so one flush makes every commit written
 * before it durable: concurrent commits share flushes (group commit), and a caller is still answered
 * only after its transaction is on disk — the guarantee `synchronous=FULL` gave.
 *
 * Checkpoints (WAL → database file) run inside SQLite with NORMAL's own syncing, which is safe: the
 * WAL is only reset after the database file is synced.
 */
import fs from 'node:fs/promises';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

export class WalSync {
  private readonly walPath: string;
  private handle: fs.FileHandle | null = null;
  /** Bumped by every commit; a flush covers the commits counted when it started. */
  private written = 0;
  private flushed = 0;
  private inFlight: Promise<void> | null = null;

  constructor(databaseFile: string) {
    this.walPath = `${databaseFile}-wal`;
  }

  /** Resolves once everything committed before the call is on disk. */
  async sync(): Promise<void> {
    const target = ++this.written;
    while (this.flushed < target) {
      if (this.inFlight === null) this.inFlight = this.flush();
      await this.inFlight;
    }
  }

  async close(): Promise<void> {
    await this.inFlight;
    await this.handle?.close();
    this.handle = null;
  }

  private async flush(): Promise<void> {
    const covers = this.written;
    try {
      this.handle ??= await fs.open(this.walPath, 'r');
      await this.handle.datasync();
      this.flushed = covers;
    } catch (error) {
      // No WAL yet (nothing written) is nothing to flush; anything else must reach the caller.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.flushed = covers;
    } finally {
      this.inFlight = null;
    }
  }
}

/**
 * The statement journal in memory for write transactions. Inside a transaction SQLite keeps, for
 * each statement, the earlier content of the pages the statement changes that the transaction had
 * already changed, so that a failing statement can be undone alone. It spills that journal to a
 * temporary file past 64 KiB, which one row of `emails` (21 indexes) reaches once a few rows share
 * a transaction: measured on SMTP ingest, about 50 extra write() calls per message and 20 % of its
 * throughput. SQLite decides where the journal goes when the write transaction starts, from
 * `temp_store`; it is MEMORY only for transactions, so large sorts of read queries still spill to
 * temporary files instead of growing in memory. The journal holds one statement's pages at a time.
 */
const TEMP_STORE_MEMORY = CompiledQuery.raw('pragma temp_store = memory');
const TEMP_STORE_DEFAULT = CompiledQuery.raw('pragma temp_store = default');
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');

/**
 * Statements that write, whatever their result says (with RETURNING they report rows, not a count).
 * Raw SQL is judged by its change count only: a raw upsert … RETURNING outside a transaction (the
 * rate-limit counters) is not waited for, which a crash can only cost a few counted requests.
 */
const WRITE_KINDS: ReadonlySet<string> = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

interface DurableConnection extends DatabaseConnection {
  /** The wrapped connection: transaction control goes to it directly (it writes nothing to flush). */
  readonly inner: DatabaseConnection;
}

/** Wraps Kysely's SQLite driver: commits (and writes outside a transaction) resolve after a WAL flush. */
export class DurableSqliteDriver implements Driver {
  private readonly inner: Driver;
  private readonly wal: WalSync;
  private readonly checkpointer: { close(): Promise<void> };
  private inTransaction = false;

  /** `checkpointer` is stopped before the connection closes (SQLite checkpoints on that last close). */
  constructor(inner: Driver, wal: WalSync, checkpointer: { close(): Promise<void> }) {
    this.inner = inner;
    this.wal = wal;
    this.checkpointer = checkpointer;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.inner.acquireConnection();
    const connection: DurableConnection = {
      inner,
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await inner.executeQuery<R>(query);
        // A statement that changed rows outside a transaction committed on its own. (SQLite's
        // change count is that of the last INSERT/UPDATE/DELETE: after other statements it may be
        // stale, which only costs a flush.)
        if (!this.inTransaction && (WRITE_KINDS.has(query.query.kind) || (result.numAffectedRows ?? 0n) > 0n)) await this.wal.sync();
        return result;
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => inner.streamQuery<R>(query, chunkSize),
    };
    return connection;
  }

  /**
   * BEGIN IMMEDIATE: the transaction takes the write lock at once, waiting for it in the busy
   * handler if another connection holds it (the checkpointing thread's WAL reset, another process).
   * A deferred transaction that read first would instead fail with SQLITE_BUSY when it came to
   * write: SQLite does not wait on a read-to-write upgrade. One connection per process runs one
   * transaction at a time, so taking the lock early costs nothing here.
   */
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const inner = innerOf(connection);
    await inner.executeQuery(TEMP_STORE_MEMORY);
    await inner.executeQuery(BEGIN_IMMEDIATE);
    this.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(innerOf(connection));
    } finally {
      this.inTransaction = false;
    }
    await this.restoreTempStore(connection);
    await this.wal.sync();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(innerOf(connection));
    } finally {
      this.inTransaction = false;
    }
    await this.restoreTempStore(connection);
  }

  /** Best effort: failing leaves only the next read's temporary storage in memory, not worth failing a commit for. */
  private async restoreTempStore(connection: DatabaseConnection): Promise<void> {
    try {
      await innerOf(connection).executeQuery(TEMP_STORE_DEFAULT);
    } catch {
      // Nothing to undo.
    }
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  async destroy(): Promise<void> {
    await this.wal.close();
    await this.checkpointer.close();
    await this.inner.destroy();
  }
}

function innerOf(connection: DatabaseConnection): DatabaseConnection {
  return (connection as DurableConnection).inner;
}
