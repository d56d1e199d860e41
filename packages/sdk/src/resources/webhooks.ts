/**
 * `/v1/webhooks`: endpoints that receive signed events (verify them with `verifyWebhook`), their test
 * sends, enable/disable, and delivery history.
 */
import type { Api, DataOf, ItemOf, Page } from '../api.ts';
import type { GetWebhooksByIdDeliveriesQuery, GetWebhooksByIdQuery, GetWebhooksQuery, PatchWebhooksByIdBody, PostWebhooksBody } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';
import { collect, iteratePages } from '../pagination.ts';

type Delivery = ItemOf<'GET /v1/webhooks/{id}/deliveries'>;

export class WebhooksResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  list(query?: GetWebhooksQuery, options?: RequestOptions): Promise<Page<ItemOf<'GET /v1/webhooks'>>> {
    return this.api.page('GET /v1/webhooks', { query }, options);
  }

  iterate(query?: GetWebhooksQuery, options?: RequestOptions): AsyncGenerator<ItemOf<'GET /v1/webhooks'>, void, undefined> {
    return iteratePages((q: GetWebhooksQuery, o?: RequestOptions) => this.list(q, o), query, options);
  }

  listAll(query?: GetWebhooksQuery, options?: RequestOptions): Promise<Array<ItemOf<'GET /v1/webhooks'>>> {
    return collect(this.iterate(query, options));
  }

  /** Creates an endpoint; the response holds its `secret` (generated when not given), shown only here. */
  create(body: PostWebhooksBody, options?: RequestOptions): Promise<DataOf<'POST /v1/webhooks'>> {
    return this.api.data('POST /v1/webhooks', { body }, options);
  }

  get(id: string, query?: GetWebhooksByIdQuery, options?: RequestOptions): Promise<DataOf<'GET /v1/webhooks/{id}'>> {
    return this.api.data('GET /v1/webhooks/{id}', { params: { id }, query }, options);
  }

  update(id: string, body: PatchWebhooksByIdBody, options?: RequestOptions): Promise<DataOf<'PATCH /v1/webhooks/{id}'>> {
    return this.api.data('PATCH /v1/webhooks/{id}', { params: { id }, body }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<DataOf<'DELETE /v1/webhooks/{id}'>> {
    return this.api.data('DELETE /v1/webhooks/{id}', { params: { id } }, options);
  }

  /** Queues a signed `webhook.test` event to this endpoint. */
  test(id: string, options?: RequestOptions): Promise<DataOf<'POST /v1/webhooks/{id}/test'>> {
    return this.api.data('POST /v1/webhooks/{id}/test', { params: { id } }, options);
  }

  enable(id: string, options?: RequestOptions): Promise<DataOf<'POST /v1/webhooks/{id}/enable'>> {
    return this.api.data('POST /v1/webhooks/{id}/enable', { params: { id } }, options);
  }

  disable(id: string, options?: RequestOptions): Promise<DataOf<'POST /v1/webhooks/{id}/disable'>> {
    return this.api.data('POST /v1/webhooks/{id}/disable', { params: { id } }, options);
  }

  /** One page of the endpoint's deliveries (status code, latency, attempt, next retry, error). */
  deliveries(id: string, query?: GetWebhooksByIdDeliveriesQuery, options?: RequestOptions): Promise<Page<Delivery>> {
    return this.api.page('GET /v1/webhooks/{id}/deliveries', { params: { id }, query }, options);
  }

  iterateDeliveries(id: string, query?: GetWebhooksByIdDeliveriesQuery, options?: RequestOptions): AsyncGenerator<Delivery, void, undefined> {
    return iteratePages((q: GetWebhooksByIdDeliveriesQuery, o?: RequestOptions) => this.deliveries(id, q, o), query, options);
  }
}
