/**
 * `/v1/users` and `/v1/api-keys`: the account behind the key, and its API keys.
 */
import type { Api, DataOf, ItemOf, Page } from '../api.ts';
import type { PatchApiKeysByIdBody, PatchUsersByIdBody, PatchUsersMeBody, PostApiKeysBody } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';
import { collect, iteratePages } from '../pagination.ts';
import type { ListQuery } from './list-query.ts';

export class UsersResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** The owner of the API key. */
  me(options?: RequestOptions): Promise<DataOf<'GET /v1/users/me'>> {
    return this.api.data('GET /v1/users/me', {}, options);
  }

  /** Updates the owner's profile (`name`; plan and role only for administrators). */
  update(body: PatchUsersMeBody, options?: RequestOptions): Promise<DataOf<'PATCH /v1/users/me'>> {
    return this.api.data('PATCH /v1/users/me', { body }, options);
  }

  /** A user: yourself, or anyone when you are an administrator (404 otherwise). */
  get(id: string, options?: RequestOptions): Promise<DataOf<'GET /v1/users/{id}'>> {
    return this.api.data('GET /v1/users/{id}', { params: { id } }, options);
  }

  /** Updates a user: yourself, or anyone when you are an administrator. */
  updateUser(id: string, body: PatchUsersByIdBody, options?: RequestOptions): Promise<DataOf<'PATCH /v1/users/{id}'>> {
    return this.api.data('PATCH /v1/users/{id}', { params: { id }, body }, options);
  }

  /** Deletes an account and everything it owns. */
  delete(id: string, options?: RequestOptions): Promise<DataOf<'DELETE /v1/users/{id}'>> {
    return this.api.data('DELETE /v1/users/{id}', { params: { id } }, options);
  }

  /** The owner's audit log (sign-ins, key changes, profile changes), one page. */
  audit(query?: ListQuery, options?: RequestOptions): Promise<Page<ItemOf<'GET /v1/users/me/audit'>>> {
    // The route reads list parameters but its schema does not declare them, hence the cast.
    return this.api.page('GET /v1/users/me/audit', { query: query as undefined }, options);
  }
}

export class ApiKeysResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** One page of the owner's keys (never the raw keys). */
  list(query?: ListQuery, options?: RequestOptions): Promise<Page<ItemOf<'GET /v1/api-keys'>>> {
    return this.api.page('GET /v1/api-keys', { query: query as undefined }, options);
  }

  iterate(query?: ListQuery, options?: RequestOptions): AsyncGenerator<ItemOf<'GET /v1/api-keys'>, void, undefined> {
    return iteratePages((q: ListQuery, o?: RequestOptions) => this.list(q, o), query, options);
  }

  listAll(query?: ListQuery, options?: RequestOptions): Promise<Array<ItemOf<'GET /v1/api-keys'>>> {
    return collect(this.iterate(query, options));
  }

  /** Creates a key; the raw `key` is in this response only. */
  create(body: PostApiKeysBody, options?: RequestOptions): Promise<DataOf<'POST /v1/api-keys'>> {
    return this.api.data('POST /v1/api-keys', { body }, options);
  }

  get(id: string, options?: RequestOptions): Promise<DataOf<'GET /v1/api-keys/{id}'>> {
    return this.api.data('GET /v1/api-keys/{id}', { params: { id } }, options);
  }

  update(id: string, body: PatchApiKeysByIdBody, options?: RequestOptions): Promise<DataOf<'PATCH /v1/api-keys/{id}'>> {
    return this.api.data('PATCH /v1/api-keys/{id}', { params: { id }, body }, options);
  }

  /** Deletes a key; it stops working at once. */
  delete(id: string, options?: RequestOptions): Promise<DataOf<'DELETE /v1/api-keys/{id}'>> {
    return this.api.data('DELETE /v1/api-keys/{id}', { params: { id } }, options);
  }

  /** Replaces the key's secret (the old one stops working); the new raw `key` is in this response only. */
  regenerate(id: string, options?: RequestOptions): Promise<DataOf<'POST /v1/api-keys/{id}/regenerate'>> {
    return this.api.data('POST /v1/api-keys/{id}/regenerate', { params: { id } }, options);
  }
}
