/**
 * When to retry, and how long to wait first.
 *
 * - 429: every method (the server refused the request before doing anything). Wait `Retry-After`
 *   when given — unless it exceeds `maxRetryAfterSeconds`, then give up at once — else back off.
 * - 5xx, network errors, timeouts: idempotent methods only (GET, HEAD, PUT, DELETE, OPTIONS); a POST
 *   or PATCH that may have reached the server is never repeated blindly. `Retry-After` on a 503 is honoured.
 * - Backoff: `min(maxRetryDelayMs, retryBaseDelayMs × 2^attempt)`, scaled by a random factor in
 *   [0.5, 1) ("equal jitter") so clients that failed together do not retry together.
 */
import { MailwardenError, RateLimitError, parseRetryAfter } from './errors.ts';
import type { ResolvedOptions } from './options.ts';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

export function backoffMs(attempt: number, options: Pick<ResolvedOptions, 'retryBaseDelayMs' | 'maxRetryDelayMs'>, random = Math.random): number {
  const exponential = Math.min(options.maxRetryDelayMs, options.retryBaseDelayMs * 2 ** attempt);
  return Math.round(exponential * (0.5 + random() / 2));
}

/**
 * Milliseconds to wait before retrying after `error` on attempt `attempt` (0 = the first try), or
 * null when the error is final.
 */
export function retryDelayMs(error: unknown, method: string, attempt: number, maxRetries: number, options: ResolvedOptions): number | null {
  if (attempt >= maxRetries || !(error instanceof MailwardenError)) return null;
  const retryAfter = error instanceof RateLimitError ? error.retryAfter : parseRetryAfter(error.headers?.get('retry-after') ?? null);
  if (retryAfter !== undefined && retryAfter > options.maxRetryAfterSeconds) return null;
  const wait = retryAfter === undefined ? backoffMs(attempt, options) : Math.ceil(retryAfter * 1000);
  if (error.status === 429) return wait;
  // status 0: no response (network error or timeout).
  if ((error.status === 0 || error.status >= 500) && isIdempotent(method)) return wait;
  return null;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
