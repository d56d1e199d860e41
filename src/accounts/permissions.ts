/**
 * API-key scopes and how they imply each other (CONTRACT.md §1.1).
 *
 * Glossary:
 * - scope: one permission string a key can hold, e.g. `emails:read`.
 * - `read` / `write`: the Deliverability API's two scopes. `read` also grants every `*:read` scope and
 *   `write` every `*:write` and `*:manage` scope, so a Stekpad-style key works on both surfaces.
 *   The reverse does not hold: `emails:read` does not grant `read`.
 */
export const THREAT_SCOPES = [
  'emails:read',
  'emails:write',
  'honeypots:read',
  'honeypots:write',
  'reports:read',
  'reports:write',
  'webhooks:manage',
  'users:read',
  'users:write',
  'keys:manage',
  'analytics:read',
] as const;

export const DELIVERABILITY_SCOPES = ['read', 'write'] as const;

export const ALL_SCOPES: readonly string[] = [...DELIVERABILITY_SCOPES, ...THREAT_SCOPES];

export type Scope = (typeof DELIVERABILITY_SCOPES)[number] | (typeof THREAT_SCOPES)[number];

export function isScope(value: string): value is Scope {
  return ALL_SCOPES.includes(value);
}

/** True when `held` (a key's permissions) grants `required`. */
export function grants(held: readonly string[], required: Scope): boolean {
  if (held.includes(required)) return true;
  if (required === 'read' || required === 'write') return false;
  const action = required.slice(required.indexOf(':') + 1);
  if (action === 'read') return held.includes('read');
  return held.includes('write'); // `*:write` and `*:manage`
}
