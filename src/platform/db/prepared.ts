/**
 * Hot-path queries compiled once. Building and compiling a Kysely query costs more than running a
 * small indexed lookup, so per-request queries (authentication) compile at first use and afterwards
 * only bind new parameters. The query is built with sample values; the SQL text is reused with the
 * caller's parameters, which must be given in the same order.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

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
