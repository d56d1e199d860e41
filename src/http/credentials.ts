/**
 * Reading the API key a request carries.
 */
import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '../platform/errors.ts';

/**
 * `Authorization: Bearer <key>` on both surfaces; `?api_key=<key>` only where `allowQueryKey`
 * (the Threat API, per its seed). Throws Unauthenticated when no key is present.
 */
export function readApiKey(request: FastifyRequest, allowQueryKey: boolean): string {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw new Unauthenticated('The Authorization header must be "Bearer <api key>".');
    return match[1]!;
  }
  if (allowQueryKey) {
    const fromQuery = (request.query as Record<string, unknown> | undefined)?.api_key;
    if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  }
  throw new Unauthenticated(
    allowQueryKey
      ? 'An API key is required: send "Authorization: Bearer <key>" or ?api_key=<key>.'
      : 'An API key is required: send "Authorization: Bearer <key>".',
  );
}
