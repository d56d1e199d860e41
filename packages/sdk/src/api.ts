/**
 * Typed calls by operation: `api.call('GET /v1/honeypots/{id}', { params: { id } })`. The operation
 * key names the method and path, and selects the generated types of its params, query, body and
 * response, so a resource method cannot drift from the server's schemas without failing `tsc`.
 */
import type { Operations } from './generated/openapi.ts';
import type { RequestOptions } from './options.ts';
import { segment, type HttpRequest, type Method, type Transport } from './transport.ts';

export type OperationKey = keyof Operations;

type Part<K extends OperationKey, P extends 'params' | 'query' | 'body'> = Operations[K][P];

/** What a call needs: path params when the route has them, an optional query, the JSON body when it takes one. */
export type CallInput<K extends OperationKey> = (Part<K, 'params'> extends undefined ? { params?: undefined } : { params: Part<K, 'params'> }) & {
  query?: Part<K, 'query'>;
} & (Part<K, 'body'> extends undefined ? { body?: undefined } : { body: Part<K, 'body'> });

export type ResponseOf<K extends OperationKey> = Operations[K]['response'];
/** The `data` of a Threat API envelope. */
export type DataOf<K extends OperationKey> = ResponseOf<K> extends { data: infer D } ? D : never;
/** One item of a Threat API list. */
export type ItemOf<K extends OperationKey> = DataOf<K> extends ReadonlyArray<infer I> ? I : never;

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
}

export interface Meta {
  /** `req_…`: quote it when reporting a problem. */
  request_id: string;
  timestamp: string;
}

/** One page of a Threat API list: the items, where this page is, and the request's meta. */
export interface Page<T> {
  data: T[];
  pagination: Pagination;
  meta: Meta;
}

/** A downloaded file (raw message, attachment, report). */
export interface DownloadedFile {
  bytes: Uint8Array;
  /** From Content-Type, e.g. `message/rfc822`, `application/pdf`. */
  contentType: string;
  /** From Content-Disposition (the UTF-8 `filename*` when given); undefined when absent. */
  filename: string | undefined;
}

/** `attachment; filename="a.pdf"; filename*=UTF-8''a%C3%A9.pdf` → `aé.pdf`. */
export function filenameFrom(disposition: string | null): string | undefined {
  if (disposition === null) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended !== null) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  return plain === null ? undefined : (plain[1] ?? plain[2]!.trim());
}

function toRequest(key: OperationKey, input: { params?: object; query?: object; body?: unknown }, options: RequestOptions | undefined): HttpRequest {
  const [method, template] = key.split(' ') as [Method, string];
  const surface = template.startsWith('/api/v1/') ? 'deliverability' : 'threat';
  const params = (input.params ?? {}) as Record<string, string>;
  const path = template
    .slice(surface === 'deliverability' ? '/api/v1'.length : '/v1'.length)
    .replace(/\{([^}]+)\}/g, (_match, name: string) => {
      const value = params[name];
      if (typeof value !== 'string' || value === '') throw new TypeError(`${key}: "${name}" must be a non-empty string.`);
      return segment(value);
    });
  return { surface, method, path, query: input.query, json: input.body, options };
}

export class Api {
  readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /** The whole response body of `key` (the envelope on the Threat API, the bare object on Deliverability). */
  async call<K extends OperationKey>(key: K, input: CallInput<K>, options?: RequestOptions): Promise<ResponseOf<K>> {
    const response = await this.transport.send<ResponseOf<K>>(toRequest(key, input as { params?: object }, options));
    return response.body;
  }

  /** The `data` of a Threat API response. */
  async data<K extends OperationKey>(key: K, input: CallInput<K>, options?: RequestOptions): Promise<DataOf<K>> {
    const body = (await this.call(key, input, options)) as unknown as { data: DataOf<K> };
    return body.data;
  }

  /** A Threat API list page: `{data, pagination, meta}`. */
  async page<K extends OperationKey>(key: K, input: CallInput<K>, options?: RequestOptions): Promise<Page<ItemOf<K>>> {
    const body = (await this.call(key, input, options)) as unknown as Page<ItemOf<K>>;
    return { data: body.data, pagination: body.pagination, meta: body.meta };
  }

  /** Downloads the bytes `key` serves. */
  async download<K extends OperationKey>(key: K, input: CallInput<K>, options?: RequestOptions): Promise<DownloadedFile> {
    const response = await this.transport.send<Uint8Array>({ ...toRequest(key, input as { params?: object }, options), expect: 'bytes' });
    return {
      bytes: response.body,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      filename: filenameFrom(response.headers.get('content-disposition')),
    };
  }
}
