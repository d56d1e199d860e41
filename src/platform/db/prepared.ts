/**
 * Hot-path queries compiled once. Building and compiling a Kysely query costs more than running a
 * small indexed lookup, so per-request queries (authentication) compile at first use and afterwards
 * only bind new parameters. The query is built with sample values; the SQL text is reused with the
 * caller's parameters, which must be given in the same order.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export function preparedQuery<Row, Params extends unknown[]>(
  db: Kysely<never> | Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  build: () => Compilable<Row>,
): (...params: Params) => Promise<Row[]> {
  let sqlText: string | undefined;
  return async (...params) => {
    sqlText ??= build().compile().sql;
    const result = await db.executeQuery<Row>(CompiledQuery.raw(sqlText, params));
    return result.rows;
  };
}

/**
 * A hot-path write compiled once, run on whichever executor (database or transaction) the caller
 * passes. `build` makes the query with sample values; the caller's parameters, in the same order,
 * replace them. The SQL text is kept per dialect (a process normally has one).
 */
export function preparedWrite<Params extends unknown[]>(
  build: (db: Kysely<Database>) => Compilable<unknown>,
): (executor: Kysely<Database>, ...params: Params) => Promise<void> {
  const sqlByAdapter = new Map<unknown, string>();
  return async (executor, ...params) => {
    const adapter = executor.getExecutor().adapter.constructor;
    let sqlText = sqlByAdapter.get(adapter);
    if (sqlText === undefined) {
      sqlText = build(executor).compile().sql;
      sqlByAdapter.set(adapter, sqlText);
    }
    await executor.executeQuery(CompiledQuery.raw(sqlText, params));
  };
}
