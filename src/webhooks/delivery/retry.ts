/**
 * What an attempt's outcome means for the delivery, and when to try again.
 *
 * - 2xx: delivered.
 * - timeouts, network errors, 5xx, 408 and 429: retried with exponential backoff and jitter, honouring
 *   `Retry-After`, for at least RETRY_WINDOW_MS after the first attempt; then failed.
 * - any other status (3xx, 4xx): failed at once — the receiver said the request itself is unwanted.
 */

/** How long after its first attempt a delivery keeps being retried (ms): 24 hours. */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;
/** Delay before the first retry, doubled on each further one (ms). */
export const BASE_DELAY_MS = 30_000;
/** Longest delay between two attempts (ms): 4 hours. */
export const MAX_DELAY_MS = 4 * 60 * 60_000;

export type Verdict = 'delivered' | 'retry' | 'final';

export function verdictFor(statusCode: number | null): Verdict {
  if (statusCode === null) return 'retry'; // timeout or network error
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode >= 500 || statusCode === 408 || statusCode === 429) return 'retry';
  return 'final';
}

/**
 * Delay before attempt `attempt + 1`, after `attempt` (≥ 1) failed attempts: 30 s × 2^(attempt−1), capped
 * at 4 h, of which a random half is taken away ("equal jitter"), so receivers coming back are not hit by
 * every sender at once. `random` returns [0, 1).
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * `Retry-After` as a delay in ms (RFC 9110: delay-seconds or an HTTP-date), or null when absent or
 * unreadable. Capped at RETRY_WINDOW_MS so a receiver cannot park a delivery for ever.
 */
export function retryAfterMs(value: string | string[] | undefined, nowMs: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return null;
  const trimmed = text.trim();
  let delay: number;
  if (/^\d+$/.test(trimmed)) delay = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    delay = Math.max(0, at - nowMs);
  }
  return Math.min(delay, RETRY_WINDOW_MS);
}
