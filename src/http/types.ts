/**
 * Fastify type augmentation shared by both surfaces.
 */
import type { Principal } from '../accounts/principal.ts';
import type { Scope } from '../accounts/permissions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the surface's auth hook; null on public routes. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** No key needed and not rate-limited (health, OpenAPI). */
    public?: boolean;
    /** Threat API: the scope this route requires (CONTRACT.md §1.1). */
    scope?: Scope;
  }
}

/** The authenticated principal; only call on routes that are not public. */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (request.principal === null) throw new Error('principalOf() called on a public route');
  return request.principal;
}
