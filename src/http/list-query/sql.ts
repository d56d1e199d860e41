/**
 * `runListQuery`: a ParsedListQuery → one page of rows plus the total, all filtering in SQL.
 *
 * Semantics, identical on SQLite and PostgreSQL:
 * - conditions are ANDed; a NULL column never matches eq/gt/gte/lt/lte/in/contains/regex, and always
 *   matches ne/nin ("NULL is not equal to 5");
 * - `contains` is a case-insensitive substring match, ASCII-only case folding (SQLite LIKE; PostgreSQL ILIKE
 *   on byte-wise "C" columns), with the client's `%`, `_` and `\` taken literally;
 * - `regex` uses the portable pattern (regex.ts): SQLite `REGEXP` (RE2), PostgreSQL `~`;
 * - ORDER BY <sort column> <dir>, id <dir> — the id tiebreak keeps pages stable; NULL sorts smallest.
 */
import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { InvalidInput } from '../../platform/errors.ts';
import type { ListField, ListPage, ListResource, Pagination, ParsedFilter, ParsedListQuery, ScalarValue } from './types.ts';

/** Tables are chosen at run time, so the builder is typed loosely: any table, any column. */
export type DynamicDatabase = Record<string, Record<string, unknown>>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely's "nothing selected yet"
export type ListSelect = SelectQueryBuilder<DynamicDatabase, string, {}>;
/** Narrows the list to what the caller may see (tenancy), e.g. `(qb) => qb.where('user_id', '=', userId)`. */
export type ListScope = (qb: ListSelect) => ListSelect;

export interface RunListQueryOptions {
  /** Columns to read (default: every column of the table). */
  columns?: readonly string[];
  /** Reuse recent totals of large lists instead of counting them again (default: always count). */
  countCache?: ListCountCache;
}

/**
 * Recent `total`s of large lists. Counting a list costs time proportional to its matching rows
 * (~12 ms for 190,000 of a million emails), while the page itself is an index walk of 25 rows; paging
 * through a big list re-counts the same rows on every request. Totals of at least `minTotal` rows are
 * kept for `ttlMs` per exact query (same SQL and parameters, so per user and filter): such a total may
 * lag new or deleted rows by up to `ttlMs`. Smaller lists are always counted exactly.
 * Bounded to `maxEntries` (oldest dropped first). Per process, so several nodes never share stale data.
 */
export class ListCountCache {
  private readonly ttlMs: number;
  private readonly minTotal: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, { total: number; expiresAt: number }>();

  /** Defaults: `ttlMs` 5,000, `minTotal` 10,000, `maxEntries` 10,000, `now` Date.now. */
  constructor(options: { ttlMs?: number; minTotal?: number; maxEntries?: number; now?: () => number } = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.minTotal = options.minTotal ?? 10_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get(key: string): number | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.total;
  }

  remember(key: string, total: number): void {
    if (total < this.minTotal) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { total, expiresAt: this.now() + this.ttlMs });
  }
}

type Engine = Db['engine'];
type Condition = Expression<SqlBool>;

function fieldSpec(resource: ListResource, name: string): ListField {
  const spec = resource.fields[name];
  if (spec !== undefined) return spec;
  if (name === 'id') return { column: 'id', type: 'string' };
  throw new Error(`List resource ${resource.name} has no field ${name}`); // a bug in the caller, not input
}

/** Qualified with the table so a scope that joins other tables cannot make a name ambiguous. */
function columnRef(resource: ListResource, name: string) {
  const column = fieldSpec(resource, name).column;
  return sql.ref(column.includes('.') ? column : `${resource.table}.${column}`);
}

/**
 * A bound value. PostgreSQL infers a parameter's type from the column, so `int4col > 3000000000` would fail
 * with "out of range"; casting numbers to bigint / double precision keeps any valid input a valid query
 * (and the cross-type comparison still uses the column's index). SQLite compares numbers across types.
 */
function bind(engine: Engine, spec: ListField, value: ScalarValue): RawBuilder<unknown> {
  if (engine === 'postgres' && typeof value === 'number') {
    return spec.type === 'number' ? sql`cast(${value} as double precision)` : sql`cast(${value} as bigint)`;
  }
  return sql`${value}`;
}

/** `%`, `_` and the escape character itself are literals in the client's text. */
export function likeContainsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const COMPARISON_SQL = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function filterCondition(engine: Engine, resource: ListResource, filter: ParsedFilter): Condition {
  const spec = fieldSpec(resource, filter.field);
  const col = columnRef(resource, filter.field);
  switch (filter.op) {
    case 'ne':
      return sql<SqlBool>`(${col} <> ${bind(engine, spec, filter.value)} or ${col} is null)`;
    case 'in':
    case 'nin': {
      const list = sql.join(filter.values.map((v) => bind(engine, spec, v)));
      return filter.op === 'in'
        ? sql<SqlBool>`${col} in (${list})`
        : sql<SqlBool>`(${col} not in (${list}) or ${col} is null)`;
    }
    case 'contains': {
      const like = engine === 'postgres' ? sql`ilike` : sql`like`;
      return sql<SqlBool>`${col} ${like} ${likeContainsPattern(filter.value)} escape '\\'`;
    }
    case 'regex':
      return engine === 'postgres'
        ? sql<SqlBool>`${col} ~ ${filter.pattern.postgres}`
        : sql<SqlBool>`${col} regexp ${filter.pattern.sqlite}`;
    default:
      return sql<SqlBool>`${col} ${sql.raw(COMPARISON_SQL[filter.op])} ${bind(engine, spec, filter.value)}`;
  }
}

function conditions(engine: Engine, resource: ListResource, parsed: ParsedListQuery): Condition[] {
  const out = parsed.filters.map((filter) => filterCondition(engine, resource, filter));
  if (parsed.dateRange !== undefined) {
    const col = columnRef(resource, parsed.dateRange.field);
    // Stored timestamps are ISO text with milliseconds, so text comparison is time comparison.
    out.push(sql<SqlBool>`${col} >= ${parsed.dateRange.from}`, sql<SqlBool>`${col} <= ${parsed.dateRange.to}`);
  }
  return out;
}

/** ORDER BY the sort field, then id in the same direction; NULL is the smallest value on both engines. */
function orderBy(engine: Engine, resource: ListResource, parsed: ParsedListQuery, qb: ListSelect): ListSelect {
  const { field, direction } = parsed.sort;
  const nullsClause = engine === 'postgres' && fieldSpec(resource, field).nullable === true;
  let ordered = qb.orderBy(columnRef(resource, field), (ob) => {
    const dir = direction === 'asc' ? ob.asc() : ob.desc();
    if (!nullsClause) return dir;
    return direction === 'asc' ? dir.nullsFirst() : dir.nullsLast();
  });
  if (field !== 'id') ordered = ordered.orderBy(columnRef(resource, 'id'), direction);
  return ordered;
}

export function paginationFor(page: number, limit: number, total: number): Pagination {
  const totalPages = Math.ceil(total / limit);
  return { page, limit, total, total_pages: totalPages, has_next: page < totalPages, has_prev: page > 1 };
}

const POSTGRES_REGEX_ERRORS = new Set(['2201B', '54000', '54001']); // invalid regex, too complex

/** PostgreSQL may still refuse a pattern RE2 accepted (e.g. "too complex"): that is the client's 400. */
function asClientError(error: unknown, parsed: ParsedListQuery): unknown {
  const code = (error as { code?: unknown }).code;
  const regexFilter = parsed.filters.find((f) => f.op === 'regex');
  if (typeof code !== 'string' || !POSTGRES_REGEX_ERRORS.has(code) || regexFilter?.op !== 'regex') return error;
  return new InvalidInput(`The database rejected the regular expression for ${regexFilter.field}: ${(error as Error).message}.`, {
    field: regexFilter.field,
    value: `regex:${regexFilter.pattern.source}`,
  });
}

export async function runListQuery(
  db: Db,
  resource: ListResource,
  parsed: ParsedListQuery,
  scope: ListScope,
  options: RunListQueryOptions = {},
): Promise<ListPage> {
  const kysely = db.kysely as unknown as Kysely<DynamicDatabase>;
  const where = conditions(db.engine, resource, parsed);
  let filtered = scope(kysely.selectFrom(resource.table));
  if (where.length > 0) filtered = filtered.where((eb) => eb.and(where));

  const countQuery = filtered.select((eb) => eb.fn.countAll<number | string>().as('total'));
  const columns = options.columns?.map((c) => `${resource.table}.${c}`);
  const selected = columns === undefined ? filtered.selectAll(resource.table) : filtered.select(columns);
  const pageQuery = orderBy(db.engine, resource, parsed, selected as unknown as ListSelect)
    .limit(parsed.limit)
    .offset(parsed.offset);

  const cache = options.countCache;
  const compiledCount = cache === undefined ? undefined : countQuery.compile();
  const cacheKey = compiledCount === undefined ? '' : `${compiledCount.sql}\u0000${JSON.stringify(compiledCount.parameters)}`;
  const cachedTotal = cache?.get(cacheKey);
  try {
    // Both statements share the WHERE; on PostgreSQL they run on two pooled connections at once.
    const [countRow, rows] = await Promise.all([
      cachedTotal === undefined ? countQuery.executeTakeFirst() : Promise.resolve({ total: cachedTotal }),
      pageQuery.execute(),
    ]);
    const total = Number(countRow?.total ?? 0);
    if (cachedTotal === undefined) cache?.remember(cacheKey, total);
    return { rows: rows as Record<string, unknown>[], pagination: paginationFor(parsed.page, parsed.limit, total) };
  } catch (error) {
    throw asClientError(error, parsed);
  }
}
