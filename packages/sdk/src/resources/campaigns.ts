/**
 * `/v1/campaigns`: clusters of related captured mail across honeypots and time (read-only).
 */
import type { Api, DataOf, ItemOf, Page } from '../api.ts';
import type { GetCampaignsByIdQuery, GetCampaignsQuery } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';
import { collect, iteratePages } from '../pagination.ts';

export class CampaignsResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** One page of campaigns (of at least the server's minimum size). */
  list(query?: GetCampaignsQuery, options?: RequestOptions): Promise<Page<ItemOf<'GET /v1/campaigns'>>> {
    return this.api.page('GET /v1/campaigns', { query }, options);
  }

  iterate(query?: GetCampaignsQuery, options?: RequestOptions): AsyncGenerator<ItemOf<'GET /v1/campaigns'>, void, undefined> {
    return iteratePages((q: GetCampaignsQuery, o?: RequestOptions) => this.list(q, o), query, options);
  }

  listAll(query?: GetCampaignsQuery, options?: RequestOptions): Promise<Array<ItemOf<'GET /v1/campaigns'>>> {
    return collect(this.iterate(query, options));
  }

  /** Any campaign an email's `campaign_id` names, including one of a single message. */
  get(id: string, query?: GetCampaignsByIdQuery, options?: RequestOptions): Promise<DataOf<'GET /v1/campaigns/{id}'>> {
    return this.api.data('GET /v1/campaigns/{id}', { params: { id }, query }, options);
  }
}
