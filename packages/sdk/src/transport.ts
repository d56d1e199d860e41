/**
 * One HTTP call with authentication, a per-attempt timeout, typed errors and retries. Uses only
 * fetch, AbortSignal and URL, so it runs the same in Node and in browsers.
 */
import { ConnectionError, MailwardenError, TimeoutError, errorFromResponse, type Surface } from './errors.ts';
import type { QueryValue } from './generated/openapi.ts';
import type { RequestOptions, ResolvedOptions } from './options.ts';
import { retryDelayMs, sleep } from './retry.ts';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  surface: Surface;
  method: Method;
  /** Path under the surface root, e.g. `/honeypots/honeypot_1`; ids already encoded (see `segment`). */
  path: string;
  /** Query parameters; undefined and null values are left out, arrays repeat the parameter. */
  query?: object | undefined;
  /** JSON body. */
  json?: unknown;
  /** Raw body with its content type (e.g. a message/rfc822 message). Must be re-sendable: no streams. */
  raw?: { body: Uint8Array | ArrayBuffer | Blob | string; contentType: string };
  /** `bytes` for downloads; default `json`. */
  expect?: 'json' | 'bytes';
  /** Send the Authorization header. Default true. */
  auth?: boolean;
  options?: RequestOptions | undefined;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Encodes one path segment (an id), so `a/b` cannot reach another route. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

export function queryString(query: object | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query) as Array<[string, QueryValue | null | undefined]>) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function readBody(response: Response, expect: 'json' | 'bytes'): Promise<unknown> {
  if (expect === 'bytes' && response.ok) return new Uint8Array(await response.arrayBuffer());
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Aborts when either aborts: AbortSignal.any where the runtime has it (Node 20.3+, current browsers). */
function eitherSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  for (const signal of [a, b]) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

export class Transport {
  readonly options: ResolvedOptions;

  constructor(options: ResolvedOptions) {
    this.options = options;
  }

  url(request: Pick<HttpRequest, 'surface' | 'path' | 'query'>): string {
    const root = request.surface === 'threat' ? this.options.threatRoot : this.options.deliverabilityRoot;
    return `${root}${request.path}${queryString(request.query)}`;
  }

  private headers(request: HttpRequest): Headers {
    const headers = new Headers({ accept: request.expect === 'bytes' ? '*/*' : 'application/json' });
    // Browsers own User-Agent (setting it would only add a header to every CORS preflight).
    if (this.options.userAgent !== undefined) headers.set('user-agent', this.options.userAgent);
    for (const [name, value] of Object.entries(this.options.headers)) headers.set(name, value);
    if (request.auth !== false && this.options.apiKey !== undefined) headers.set('authorization', `Bearer ${this.options.apiKey}`);
    if (request.json !== undefined) headers.set('content-type', 'application/json');
    if (request.raw !== undefined) headers.set('content-type', request.raw.contentType);
    for (const [name, value] of Object.entries(request.options?.headers ?? {})) headers.set(name, value);
    return headers;
  }

  /** One attempt: a response (any status) with its body read, or a ConnectionError/TimeoutError. */
  private async attempt(request: HttpRequest, url: string, headers: Headers): Promise<HttpResponse<unknown>> {
    const userSignal = request.options?.signal;
    const timeoutMs = request.options?.timeoutMs ?? this.options.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = userSignal === undefined ? timeout : eitherSignal(userSignal, timeout);
    try {
      const response = await this.options.fetch(url, {
        method: request.method,
        headers,
        // Any Uint8Array view is a valid body at run time; the DOM typings only name ArrayBuffer-backed ones.
        body: request.json !== undefined ? JSON.stringify(request.json) : (request.raw?.body as RequestInit['body']),
        signal,
      });
      const body = await readBody(response, request.expect ?? 'json');
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason;
      const what = `${request.method} ${url.split('?')[0]}`;
      if (timeout.aborted) {
        throw new TimeoutError({ status: 0, code: 'timeout', message: `${what} got no complete answer within ${timeoutMs} ms.`, surface: request.surface, cause: error });
      }
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new ConnectionError({
        status: 0, code: 'connection_error', surface: request.surface, cause: error,
        message: `${what} failed before a response arrived (${reason}); check baseUrl and that the server is reachable.`,
      });
    }
  }

  /** Sends `request`, retrying per retry.ts; resolves with a 2xx response or throws a typed error. */
  async send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const url = this.url(request);
    const headers = this.headers(request);
    const maxRetries = request.options?.maxRetries ?? this.options.maxRetries;
    for (let attempt = 0; ; attempt++) {
      let error: MailwardenError;
      try {
        const response = await this.attempt(request, url, headers);
        if (response.status >= 200 && response.status < 300) return response as HttpResponse<T>;
        error = errorFromResponse(request.surface, { status: response.status, statusText: '', headers: response.headers }, response.body);
      } catch (caught) {
        if (!(caught instanceof MailwardenError)) throw caught;
        error = caught;
      }
      const delay = retryDelayMs(error, request.method, attempt, maxRetries, this.options);
      if (delay === null) throw error;
      await sleep(delay, request.options?.signal);
    }
  }
}
