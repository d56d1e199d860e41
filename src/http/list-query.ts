/**
 * The reusable `/v1` list machinery (CONTRACT §1.4): parse `page, limit, <field>=<op>:<value>, date_range,
 * sort, sort_direction, fields` into a ParsedListQuery, run it in SQL on either engine, and trim items to
 * the selected fields. A route declares a ListResource and calls:
 *
 *   const parsed = parseListQuery(emailsResource, request.query);
 *   const { rows, pagination } = await runListQuery(db, emailsResource, parsed, (qb) => qb.where('user_id', '=', userId));
 *   data = rows.map(toEmail).map((item) => pickFields(item, parsed.fields));
 */
export * from './list-query/types.ts';
export { parseListQuery, parseFieldSelection, pickFields, sortableFields, type ParseListQueryOptions } from './list-query/parse.ts';
export { filterableFields } from './list-query/filters.ts';
export { toPortableRegex } from './list-query/regex.ts';
export {
  ListCountCache,
  runListQuery,
  paginationFor,
  likeContainsPattern,
  type ListScope,
  type ListSelect,
  type DynamicDatabase,
  type RunListQueryOptions,
} from './list-query/sql.ts';
