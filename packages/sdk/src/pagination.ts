/**
 * Walking every page of a Threat API list. `iterate` yields items one at a time, fetching the next
 * page only when the current one is used up; `listAll` collects them.
 *
 * Pages are fetched with `limit` 100 (the API's maximum) unless the caller sets one, starting at the
 * caller's `page` (default 1), and stop when `pagination.has_next` is false. Keep the default sort
 * (`id:asc`, stable) or another stable one when items may be added during the walk.
 */
import type { Page } from './api.ts';
import type { RequestOptions } from './options.ts';

export const ITERATE_PAGE_SIZE = 100;

export type PageFetcher<Q, T> = (query: Q, options?: RequestOptions) => Promise<Page<T>>;

export async function* iteratePages<Q extends { page?: unknown; limit?: unknown }, T>(
  fetchPage: PageFetcher<Q, T>,
  query: Q | undefined,
  options?: RequestOptions,
): AsyncGenerator<T, void, undefined> {
  let page = Number(query?.page ?? 1);
  const limit = query?.limit ?? ITERATE_PAGE_SIZE;
  for (;;) {
    const result = await fetchPage({ ...query, page, limit } as Q, options);
    yield* result.data;
    if (!result.pagination.has_next || result.data.length === 0) return;
    page += 1;
  }
}

/** Every item of the list, in order. Mind the size: this holds them all in memory. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
