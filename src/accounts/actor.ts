/**
 * Who performed an action, and from where: recorded with every audit event.
 */
export type ActorType = 'session' | 'api_key' | 'cli' | 'system';

export interface Actor {
  type: ActorType;
  /** The acting user; null for the system itself or a not-yet-known user (a sign-in in progress). */
  userId: string | null;
  /** The API key used, when `type` is `api_key`. */
  apiKeyId: string | null;
  /** Client IP as the HTTP layer sees it (honours TRUST_PROXY); null outside HTTP. */
  ip: string | null;
  userAgent: string | null;
}

export const CLI_ACTOR: Actor = { type: 'cli', userId: null, apiKeyId: null, ip: null, userAgent: null };
