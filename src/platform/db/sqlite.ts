/**
 * Kysely over Node's built-in `node:sqlite` (no native addon to compile).
 *
 * Kysely's SqliteDialect expects a better-sqlite3-shaped database; `node:sqlite` differs in two ways
 * this adapter bridges: parameters are spread rather than passed as an array, and statements expose
 * `columns()` instead of a `reader` flag.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { SqliteDialect, type Driver, type SqliteDatabase, type SqliteDialectConfig, type SqliteStatement } from 'kysely';
import { WalCheckpointer } from './wal-checkpointer.ts';
import { DurableSqliteDriver, WalSync } from './wal-sync.ts';
import { RE2JS } from 're2js';

type SqlValue = null | number | bigint | string | NodeJS.ArrayBufferView;

function toSqlParams(parameters: ReadonlyArray<unknown>): SqlValue[] {
  return parameters.map((p) => {
    if (p === undefined) return null;
    if (typeof p === 'boolean') return p ? 1 : 0;
    return p as SqlValue;
  });
}

class NodeSqliteStatement implements SqliteStatement {
  readonly reader: boolean;
  private readonly statement: StatementSync;
  constructor(statement: StatementSync) {
    this.statement = statement;
    this.reader = statement.columns().length > 0;
  }
  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.statement.all(...toSqlParams(parameters));
  }
  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.statement.run(...toSqlParams(parameters));
  }
  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.statement.iterate(...toSqlParams(parameters));
  }
}

/**
 * Compiled RE2 patterns keyed by source. Bounded so a stream of distinct patterns cannot grow memory;
 * patterns are length-limited by the query language before they get here.
 */
const REGEX_CACHE_LIMIT = 256;

function registerRegexp(db: DatabaseSync): void {
  const cache = new Map<string, RE2JS>();
  // `x REGEXP y` calls regexp(y, x). RE2 runs in time linear in the input: no ReDoS through filters.
  db.function('regexp', { deterministic: true }, (pattern, value) => {
    if (value === null || pattern === null) return null;
    const source = String(pattern);
    let compiled = cache.get(source);
    if (compiled === undefined) {
      compiled = RE2JS.compile(source);
      if (cache.size >= REGEX_CACHE_LIMIT) cache.clear();
      cache.set(source, compiled);
    }
    return compiled.matcher(String(value)).find() ? 1 : 0;
  });
}

/**
 * Preparing a statement costs more than running a small one, and Kysely asks for a fresh statement on
 * every query; reuse prepared statements by SQL text. Bounded: dynamic SQL (list filters) varies.
 */
const STATEMENT_CACHE_LIMIT = 500;

function cachedPrepare(raw: DatabaseSync): (sql: string) => NodeSqliteStatement {
  const cache = new Map<string, NodeSqliteStatement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = new NodeSqliteStatement(raw.prepare(sql));
      if (cache.size >= STATEMENT_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  };
}

export interface SqliteHandle {
  dialect: SqliteDialect;
  raw: DatabaseSync;
}

/** SqliteDialect whose driver flushes the WAL after each commit, off the event loop (see wal-sync.ts). */
class DurableSqliteDialect extends SqliteDialect {
  private readonly wal: WalSync;
  private readonly checkpointer: WalCheckpointer;
  constructor(config: SqliteDialectConfig, wal: WalSync, checkpointer: WalCheckpointer) {
    super(config);
    this.wal = wal;
    this.checkpointer = checkpointer;
  }
  override createDriver(): Driver {
    return new DurableSqliteDriver(super.createDriver(), this.wal, this.checkpointer);
  }
}

/**
 * Opens (creating if needed) the database file. WAL lets readers run beside the writer. Every commit
 * is durable before its promise resolves (so before we acknowledge anything: mail, jobs): SQLite runs
 * with `synchronous=NORMAL` and the driver flushes the WAL on the thread pool (wal-sync.ts), which
 * keeps disk flushes off the event loop and lets concurrent commits share one. Checkpoints run on
 * a thread of their own (wal-checkpointer.ts).
 */
export function openSqlite(file: string): SqliteHandle {
  const raw = new DatabaseSync(file);
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA busy_timeout = 5000');
  // Checkpoints run on a thread of their own (wal-checkpointer.ts), not inside commits.
  raw.exec('PRAGMA wal_autocheckpoint = 0');
  // The connection that restarts the WAL after a checkpoint truncates it to this size (bytes), so a
  // burst does not leave a large WAL file behind.
  raw.exec('PRAGMA journal_size_limit = 67108864');
  // 64 MiB page cache (allocated only as pages are read): list counts scan hundreds of thousands of
  // index entries, and re-reading them from the OS on every request doubles their cost.
  raw.exec('PRAGMA cache_size = -65536');
  registerRegexp(raw);
  const database: SqliteDatabase = {
    close: () => raw.close(),
    prepare: cachedPrepare(raw),
  };
  return { dialect: new DurableSqliteDialect({ database }, new WalSync(file), new WalCheckpointer(file)), raw };
}
