/**
 * Fixed-window request counters.
 *
 * Glossary:
 * - bucket: what is counted, e.g. `key_123:threat:60000` (subject, surface, window length in ms).
 * - window: a fixed interval aligned to the Unix epoch; `windowStart` is its first millisecond.
 *
 * `increment` adds one to each given counter and returns the new counts in the same order.
 * Two stores: in-process (SQLite mode: one server process owns the database) and SQL (PostgreSQL
 * mode: every process shares the counters, so limits hold across nodes).
 */
import { sql } from 'kysely';
import type { Db, DbExecutor } from '../../platform/db/index.ts';

export interface CounterKey {
  bucket: string;
  windowStart: number;
  /** When the counter can be forgotten (window end), ms since the epoch. */
  expiresAt: number;
}

export interface RateLimitStore {
  increment(keys: readonly CounterKey[]): Promise<number[]>;
  /** Forget counters whose window ended before `nowMs`. */
  sweep(nowMs: number): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counters = new Map<string, { windowStart: number; hits: number; expiresAt: number }>();

  async increment(keys: readonly CounterKey[]): Promise<number[]> {
    return keys.map((key) => {
      const current = this.counters.get(key.bucket);
      if (current === undefined || current.windowStart !== key.windowStart) {
        this.counters.set(key.bucket, { windowStart: key.windowStart, hits: 1, expiresAt: key.expiresAt });
        return 1;
      }
      current.hits += 1;
      return current.hits;
    });
  }

  async sweep(nowMs: number): Promise<void> {
    for (const [bucket, counter] of this.counters) {
      if (counter.expiresAt < nowMs) this.counters.delete(bucket);
    }
  }
}

/**
 * Counters in the `rate_limit_counters` table: one upsert statement per request for all its windows,
 * atomic per row, so concurrent processes never lose a hit.
 */
export class SqlRateLimitStore implements RateLimitStore {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async increment(keys: readonly CounterKey[]): Promise<number[]> {
    if (keys.length === 0) return [];
    const values = sql.join(keys.map((k) => sql`(${k.bucket}, ${k.windowStart}, 1, ${k.expiresAt})`));
    const result = await sql<{ bucket: string; window_start: number; hits: number }>`
      insert into rate_limit_counters (bucket, window_start, hits, expires_at) values ${values}
      on conflict (bucket, window_start) do update set hits = rate_limit_counters.hits + 1
      returning bucket, window_start, hits`.execute(this.db.kysely);
    const hits = new Map(result.rows.map((r) => [`${r.bucket}@${Number(r.window_start)}`, Number(r.hits)]));
    return keys.map((k) => hits.get(`${k.bucket}@${k.windowStart}`) ?? 1);
  }

  async sweep(nowMs: number): Promise<void> {
    await this.db.kysely.deleteFrom('rate_limit_counters').where('expires_at', '<', nowMs).execute();
  }
}

/**
 * Deletes the shared counters of the given subjects (every bucket `<subject>:…`), through `executor`
 * so it can join the caller's transaction. The in-process store needs no such call: its counters
 * vanish with their window and are never persisted.
 */
export async function deleteSharedCounters(executor: DbExecutor, subjects: readonly string[]): Promise<void> {
  for (const subject of subjects) {
    const prefix = `${subject}:`;
    // Ids contain `_`, a LIKE wildcard: compare the prefix exactly with substr instead.
    await executor
      .deleteFrom('rate_limit_counters')
      .where((eb) => eb(eb.fn('substr', ['bucket', eb.val(1), eb.val(prefix.length)]), '=', prefix))
      .execute();
  }
}
