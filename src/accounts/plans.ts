/**
 * Plans and their API limits (CONTRACT.md §1.2). Limits are requests per window, per key, counted
 * separately on each surface. `null` means unlimited; a missing Deliverability entry means the plan
 * has no Deliverability API access at all (403).
 */
import type { Plan } from '../platform/db/schema.ts';

export const PLANS: readonly Plan[] = ['free', 'pro', 'enterprise'];
export const ROLES = ['user', 'admin'] as const;

export interface ThreatLimits {
  perMinute: number | null;
  perHour: number | null;
  perDay: number | null;
}

export const THREAT_LIMITS: Record<Plan, ThreatLimits> = {
  free: { perMinute: 60, perHour: 1_000, perDay: 10_000 },
  pro: { perMinute: 300, perHour: 5_000, perDay: 50_000 },
  enterprise: { perMinute: null, perHour: null, perDay: null },
};

/** Requests per minute on `/api/v1`; `null` = the plan has no access. */
export const DELIVERABILITY_PER_MINUTE: Record<Plan, number | null> = {
  free: null,
  pro: 100,
  enterprise: 500,
};

export function isPlan(value: string): value is Plan {
  return (PLANS as readonly string[]).includes(value);
}

export function isRole(value: string): value is (typeof ROLES)[number] {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * A key's own limit may only lower the plan's: each window is the smaller of the two
 * (an unlimited plan takes the key's value).
 */
export function effectiveThreatLimits(plan: Plan, own: ThreatLimits): ThreatLimits {
  const base = THREAT_LIMITS[plan];
  const lower = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  return {
    perMinute: lower(base.perMinute, own.perMinute),
    perHour: lower(base.perHour, own.perHour),
    perDay: lower(base.perDay, own.perDay),
  };
}
