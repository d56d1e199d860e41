/**
 * Applying each surface's plan limits to a principal (CONTRACT.md §1.2).
 *
 * Every window is counted on every request (denied requests count too, so a flood cannot slip through
 * at a window edge). A request is allowed when no window is over its limit.
 */
import type { Clock } from '../../platform/clock.ts';
import { DELIVERABILITY_PER_MINUTE, effectiveThreatLimits } from '../../accounts/plans.ts';
import { rateLimitSubject, type Principal } from '../../accounts/principal.ts';
import type { CounterKey, RateLimitStore } from './store.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface RateDecision {
  allowed: boolean;
  /** The limit of the window reported in headers (the one closest to running out). */
  limit: number;
  remaining: number;
  /** When that window resets, in Unix seconds. */
  resetAt: number;
  /** Seconds until the request could succeed; set when `allowed` is false. */
  retryAfterSeconds: number;
  /** Human description of the exceeded limit, e.g. "300 requests per minute". */
  description: string;
}

export interface WindowSpec {
  lengthMs: number;
  limit: number;
  label: string;
}

export class RateLimiter {
  private readonly store: RateLimitStore;
  private readonly clock: Clock;
  constructor(store: RateLimitStore, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Threat API (`/v1`): minute, hour and day windows; null when the principal is unlimited. */
  checkThreat(principal: Principal): Promise<RateDecision | null> {
    const limits = effectiveThreatLimits(principal.user.plan, principal.ownLimits);
    const windows: WindowSpec[] = [];
    if (limits.perMinute !== null) windows.push({ lengthMs: MINUTE_MS, limit: limits.perMinute, label: 'minute' });
    if (limits.perHour !== null) windows.push({ lengthMs: HOUR_MS, limit: limits.perHour, label: 'hour' });
    if (limits.perDay !== null) windows.push({ lengthMs: DAY_MS, limit: limits.perDay, label: 'day' });
    return this.checkWindows(`${rateLimitSubject(principal)}:threat`, windows);
  }

  /** Deliverability API (`/api/v1`): one minute window. Call only for plans with access. */
  checkDeliverability(principal: Principal): Promise<RateDecision | null> {
    const perMinute = DELIVERABILITY_PER_MINUTE[principal.user.plan];
    if (perMinute === null) return Promise.resolve(null);
    return this.checkWindows(`${rateLimitSubject(principal)}:deliverability`, [{ lengthMs: MINUTE_MS, limit: perMinute, label: 'minute' }]);
  }

  sweep(): Promise<void> {
    return this.store.sweep(this.clock.now());
  }

  /** Counts one hit for `subject` in each window; null when there are no windows (unlimited). */
  async checkWindows(subject: string, windows: WindowSpec[]): Promise<RateDecision | null> {
    if (windows.length === 0) return null;
    const now = this.clock.now();
    const keys: CounterKey[] = windows.map((w) => {
      const windowStart = now - (now % w.lengthMs);
      return { bucket: `${subject}:${w.lengthMs}`, windowStart, expiresAt: windowStart + w.lengthMs };
    });
    const counts = await this.store.increment(keys);

    let reported = 0;
    let exceeded = -1;
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i]!;
      const count = counts[i]!;
      const remaining = w.limit - count;
      if (remaining < windows[reported]!.limit - counts[reported]!) reported = i;
      // The longest exceeded window decides how long the client must wait.
      if (count > w.limit) exceeded = i;
    }
    const shown = exceeded >= 0 ? exceeded : reported;
    const w = windows[shown]!;
    const key = keys[shown]!;
    const retryAfterSeconds = exceeded >= 0 ? Math.max(1, Math.ceil((key.expiresAt - now) / 1000)) : 0;
    return {
      allowed: exceeded < 0,
      limit: w.limit,
      remaining: Math.max(0, w.limit - counts[shown]!),
      resetAt: Math.ceil(key.expiresAt / 1000),
      retryAfterSeconds,
      description: `${w.limit} requests per ${w.label}`,
    };
  }
}
