/**
 * Limits on the unauthenticated sign-in endpoints, always on (RATE_LIMIT_ENABLED only switches off the
 * per-key plan limits): they stop mail-bombing an address with sign-in links and guessing tokens.
 *
 * - link requests: 5 per address per 15 minutes; 20 per client IP per 15 minutes and 200 per day;
 * - token exchanges (verify, refresh): 60 per client IP per minute.
 * The address is counted by its hash, so the counters table never holds addresses.
 */
import { sha256Hex } from '../platform/crypto.ts';
import { RateLimited } from '../platform/errors.ts';
import type { RateLimiter, WindowSpec } from '../http/rate-limit/limiter.ts';

const MINUTE_MS = 60_000;
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const DAY_MS = 24 * 60 * MINUTE_MS;

const PER_ADDRESS: WindowSpec[] = [{ lengthMs: QUARTER_HOUR_MS, limit: 5, label: '15 minutes for this address' }];
const PER_IP_LINKS: WindowSpec[] = [
  { lengthMs: QUARTER_HOUR_MS, limit: 20, label: '15 minutes from this IP' },
  { lengthMs: DAY_MS, limit: 200, label: 'day from this IP' },
];
const PER_IP_EXCHANGES: WindowSpec[] = [{ lengthMs: MINUTE_MS, limit: 60, label: 'minute from this IP' }];

/** The rate-limit subject counting sign-in link requests for one address (by hash: no address is stored). */
export function linkRequestSubject(email: string): string {
  return `login:addr:${sha256Hex(email)}`;
}

export class LoginThrottle {
  private readonly limiter: RateLimiter;
  constructor(limiter: RateLimiter) {
    this.limiter = limiter;
  }

  /** Throws RateLimited when this address or this IP asked for too many links. */
  async checkLinkRequest(email: string, ip: string): Promise<void> {
    // Both counters always advance, so the answer does not depend on which one is exhausted first.
    const [byAddress, byIp] = await Promise.all([
      this.limiter.checkWindows(linkRequestSubject(email), PER_ADDRESS),
      this.limiter.checkWindows(`login:ip:${ip}`, PER_IP_LINKS),
    ]);
    for (const decision of [byAddress, byIp]) {
      if (decision !== null && !decision.allowed) {
        throw new RateLimited(`Too many sign-in requests (${decision.description}).`, decision.retryAfterSeconds);
      }
    }
  }

  /** Throws RateLimited when this IP exchanged too many tokens. */
  async checkTokenExchange(ip: string): Promise<void> {
    const decision = await this.limiter.checkWindows(`login:exchange:${ip}`, PER_IP_EXCHANGES);
    if (decision !== null && !decision.allowed) {
      throw new RateLimited(`Too many token requests (${decision.description}).`, decision.retryAfterSeconds);
    }
  }
}
