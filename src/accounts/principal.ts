/**
 * Who is making a request, once authenticated: from an API key or from a sign-in session's access token.
 */
import type { UserRow } from './users.repo.ts';
import type { ThreatLimits } from './plans.ts';

export interface Principal {
  /** The owner (id, plan, role, profile) as read while authenticating, in the same query. */
  user: Omit<UserRow, 'updated_at'>;
  /** Scopes held; a session holds every scope. */
  permissions: readonly string[];
  /** The API key used, or null for a session. */
  keyId: string | null;
  /** The sign-in session used, or null for an API key. */
  sessionId: string | null;
  /** The key's own Threat API limits (each null = the plan's). */
  ownLimits: ThreatLimits;
}

/** Rate-limit counters are kept per key, or per session for a signed-in dashboard. */
export function rateLimitSubject(principal: Principal): string {
  return principal.keyId ?? principal.sessionId ?? principal.user.id;
}
