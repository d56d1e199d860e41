/**
 * `column IN (ids)` with the whole list as one parameter: SQLite reads it with json_each, PostgreSQL
 * as a text array (`= any`). A list of thousands of ids then costs one bound value, and the SQL text
 * (so the prepared statement) is the same whatever the count: an `IN (?, ?, …)` of 1,000 placeholders
 * costs milliseconds to build and compile, and the planner runs hundreds of them.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';

export function idIn(engine: DatabaseEngine, column: string, ids: readonly string[]): RawBuilder<SqlBool> {
  return engine === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::text[])`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}
