/**
 * `/v1/honeypots`: CRUD, lists, and the bulk operations (at most 1,000 items a request; every item
 * reports its own outcome, and the request answers 207 when any failed — the SDK returns the
 * results either way, it does not throw for per-item errors).
 *
 * `createMany` / `updateMany` / `deleteMany` take any number of items and send them in chunks of
 * `chunkSize` (default 1,000, the API's limit), one request after another, and return every item's
 * result in input order (`index` counts across chunks). A chunk that fails as a whole (e.g. 401)
 * throws; the chunks before it were applied.
 */
import type { Api, DataOf, ItemOf, Page } from '../api.ts';
import type { GetHoneypotsByIdQuery, GetHoneypotsQuery, PatchHoneypotsBulkBody, PatchHoneypotsByIdBody, PostHoneypotsBody } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';
import { collect, iteratePages } from '../pagination.ts';

/** The API's bulk limit. */
export const MAX_BULK_ITEMS = 1000;

export type BulkCreateResult = DataOf<'POST /v1/honeypots/bulk'>['results'][number];
export type BulkIdResult = DataOf<'PATCH /v1/honeypots/bulk'>['results'][number];

export interface BulkOptions extends RequestOptions {
  /** Items per request, 1–1000. Default 1000. */
  chunkSize?: number;
}

function chunks<T>(items: readonly T[], size: number | undefined): T[][] {
  const limit = size ?? MAX_BULK_ITEMS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BULK_ITEMS) throw new RangeError(`chunkSize must be an integer from 1 to ${MAX_BULK_ITEMS}; got ${String(size)}.`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += limit) out.push(items.slice(i, i + limit));
  return out;
}

export class HoneypotsResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** One page: `{data, pagination, meta}`. Filters like `{ status: 'active', tags: 'in:a,b' }`. */
  list(query?: GetHoneypotsQuery, options?: RequestOptions): Promise<Page<ItemOf<'GET /v1/honeypots'>>> {
    return this.api.page('GET /v1/honeypots', { query }, options);
  }

  /** Every honeypot matching `query`, page after page. */
  iterate(query?: GetHoneypotsQuery, options?: RequestOptions): AsyncGenerator<ItemOf<'GET /v1/honeypots'>, void, undefined> {
    return iteratePages((q: GetHoneypotsQuery, o?: RequestOptions) => this.list(q, o), query, options);
  }

  listAll(query?: GetHoneypotsQuery, options?: RequestOptions): Promise<Array<ItemOf<'GET /v1/honeypots'>>> {
    return collect(this.iterate(query, options));
  }

  /** The domains honeypot addresses may use on this server: `{ domains: [...] }`. */
  domains(options?: RequestOptions): Promise<DataOf<'GET /v1/honeypots/domains'>> {
    return this.api.data('GET /v1/honeypots/domains', {}, options);
  }

  /** Creates a honeypot; this response is the only one with `alerts.webhook_secret` in full. */
  create(body: PostHoneypotsBody, options?: RequestOptions): Promise<DataOf<'POST /v1/honeypots'>> {
    return this.api.data('POST /v1/honeypots', { body }, options);
  }

  get(id: string, query?: GetHoneypotsByIdQuery, options?: RequestOptions): Promise<DataOf<'GET /v1/honeypots/{id}'>> {
    return this.api.data('GET /v1/honeypots/{id}', { params: { id }, query }, options);
  }

  update(id: string, body: PatchHoneypotsByIdBody, options?: RequestOptions): Promise<DataOf<'PATCH /v1/honeypots/{id}'>> {
    return this.api.data('PATCH /v1/honeypots/{id}', { params: { id }, body }, options);
  }

  /** Deletes a honeypot and the mail it captured. */
  delete(id: string, options?: RequestOptions): Promise<DataOf<'DELETE /v1/honeypots/{id}'>> {
    return this.api.data('DELETE /v1/honeypots/{id}', { params: { id } }, options);
  }

  /** One bulk-create request (1–1000 items). */
  bulkCreate(items: PostHoneypotsBody[], options?: RequestOptions): Promise<DataOf<'POST /v1/honeypots/bulk'>> {
    return this.api.data('POST /v1/honeypots/bulk', { body: items }, options);
  }

  /** One bulk-update request: the same `updates` on every id. */
  bulkUpdate(ids: string[], updates: PatchHoneypotsBulkBody['updates'], options?: RequestOptions): Promise<DataOf<'PATCH /v1/honeypots/bulk'>> {
    return this.api.data('PATCH /v1/honeypots/bulk', { body: { ids, updates } }, options);
  }

  /** One bulk-delete request. The ids travel in the JSON body, so long lists fit (a URL would not). */
  bulkDelete(ids: string[], options?: RequestOptions): Promise<DataOf<'DELETE /v1/honeypots/bulk'>> {
    return this.api.data('DELETE /v1/honeypots/bulk', { body: { ids } }, options);
  }

  /** Creates any number of honeypots in chunks; one result per item, `index` into `items`. */
  async createMany(items: readonly PostHoneypotsBody[], options: BulkOptions = {}): Promise<BulkCreateResult[]> {
    const results: BulkCreateResult[] = [];
    for (const chunk of chunks(items, options.chunkSize)) {
      const offset = results.length;
      const { results: chunkResults } = await this.bulkCreate(chunk, options);
      results.push(...chunkResults.map((result) => ({ ...result, index: result.index + offset })));
    }
    return results;
  }

  /** Applies `updates` to any number of honeypots in chunks; one result per id, in order. */
  async updateMany(ids: readonly string[], updates: PatchHoneypotsBulkBody['updates'], options: BulkOptions = {}): Promise<BulkIdResult[]> {
    const results: BulkIdResult[] = [];
    for (const chunk of chunks(ids, options.chunkSize)) results.push(...(await this.bulkUpdate(chunk, updates, options)).results);
    return results;
  }

  /** Deletes any number of honeypots in chunks; one result per id, in order. */
  async deleteMany(ids: readonly string[], options: BulkOptions = {}): Promise<BulkIdResult[]> {
    const results: BulkIdResult[] = [];
    for (const chunk of chunks(ids, options.chunkSize)) results.push(...(await this.bulkDelete(chunk, options)).results);
    return results;
  }
}
