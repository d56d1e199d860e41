/**
 * Client options, their defaults, and where each surface lives.
 */

export interface MailwardenOptions {
  /**
   * API key (`sk_live_…`) or a dashboard access token (`mwa_…`), sent as `Authorization: Bearer`.
   * Optional only for the calls that need none (`auth.login`, `auth.verify`, `auth.refresh`, `health`).
   */
  apiKey?: string;
  /**
   * The Threat API root, e.g. `https://mailwarden.example.com/v1`. The Deliverability API is found
   * beside it: the same origin and path prefix with `/api/v1` (`https://mailwarden.example.com/api/v1`).
   * A bare origin (`https://mailwarden.example.com`) or the `/api/v1` root are accepted too, and so is a
   * server mounted under a path (`https://example.com/mailwarden/v1` → `…/mailwarden/api/v1`).
   * Default `http://localhost:3000/v1` (a server started with `mailwarden serve` on this machine).
   */
  baseUrl?: string;
  /** The fetch implementation. Default `globalThis.fetch` (Node 18+, browsers, Deno, Bun). */
  fetch?: typeof fetch;
  /**
   * Retries after the first attempt. Default 2. Any request is retried on 429; GET, HEAD, PUT and
   * DELETE also on 5xx, network errors and timeouts. POST and PATCH are never retried after they may
   * have reached the server.
   */
  maxRetries?: number;
  /** Time limit of one attempt, in milliseconds (connect, send, and read the whole body). Default 30,000. */
  timeoutMs?: number;
  /** User-Agent header. Default `mailwarden-sdk/<version>` outside browsers; in a browser none unless set here. */
  userAgent?: string;
  /** First backoff delay in milliseconds; doubles each retry. Default 500. */
  retryBaseDelayMs?: number;
  /** Largest backoff delay in milliseconds (before jitter). Default 8,000. */
  maxRetryDelayMs?: number;
  /**
   * Longest `Retry-After` the client waits for, in seconds. A 429 or 503 asking for a longer wait is
   * thrown at once (a `RateLimitError` carrying `retryAfter`) instead of blocking. Default 60.
   */
  maxRetryAfterSeconds?: number;
  /** Extra headers sent with every request. Default none. */
  headers?: Record<string, string>;
}

/** Per-call overrides, accepted as the last argument of every method. */
export interface RequestOptions {
  /** Aborts the call (and any wait between retries); the call rejects with the signal's reason. */
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
}

export const SDK_VERSION = '0.1.0';

export interface ResolvedOptions {
  apiKey: string | undefined;
  threatRoot: string;
  deliverabilityRoot: string;
  fetch: typeof fetch;
  maxRetries: number;
  timeoutMs: number;
  userAgent: string | undefined;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  maxRetryAfterSeconds: number;
  headers: Record<string, string>;
}

/**
 * The two roots from one base URL: strip a trailing `/v1` or `/api/v1` to get the mount point, then
 * add each surface's path. Query and fragment are dropped.
 */
export function surfaceRoots(baseUrl: string): { threat: string; deliverability: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an absolute URL such as https://mailwarden.example.com/v1; got ${JSON.stringify(baseUrl)}.`);
  }
  let mount = url.pathname.replace(/\/+$/, '');
  if (mount.endsWith('/api/v1')) mount = mount.slice(0, -'/api/v1'.length);
  else if (mount.endsWith('/v1')) mount = mount.slice(0, -'/v1'.length);
  const root = `${url.origin}${mount}`;
  return { threat: `${root}/v1`, deliverability: `${root}/api/v1` };
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a number ≥ 0; got ${String(value)}.`);
  return value;
}

export function resolveOptions(options: MailwardenOptions): ResolvedOptions {
  const roots = surfaceRoots(options.baseUrl ?? 'http://localhost:3000/v1');
  if (typeof (options.fetch ?? globalThis.fetch) !== 'function') throw new TypeError('No fetch implementation: pass options.fetch on runtimes without a global fetch.');
  return {
    apiKey: options.apiKey,
    threatRoot: roots.threat,
    deliverabilityRoot: roots.deliverability,
    // Called detached from globalThis: browsers throw "Illegal invocation" for an unbound window.fetch.
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    maxRetries: Math.floor(nonNegative('maxRetries', options.maxRetries, 2)),
    timeoutMs: nonNegative('timeoutMs', options.timeoutMs, 30_000),
    userAgent: options.userAgent ?? ('document' in globalThis ? undefined : `mailwarden-sdk/${SDK_VERSION}`),
    retryBaseDelayMs: nonNegative('retryBaseDelayMs', options.retryBaseDelayMs, 500),
    maxRetryDelayMs: nonNegative('maxRetryDelayMs', options.maxRetryDelayMs, 8_000),
    maxRetryAfterSeconds: nonNegative('maxRetryAfterSeconds', options.maxRetryAfterSeconds, 60),
    headers: { ...options.headers },
  };
}
