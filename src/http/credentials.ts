/**
 * Reading the credential a request carries: an API key or a session access token.
 */
import type { FastifyRequest } from 'fastify';
import type { CredentialSource } from '../accounts/authenticator.ts';
import { Unauthenticated } from '../platform/errors.ts';

export interface Credential {
  value: string;
  source: CredentialSource;
}

/**
 * `Authorization: Bearer <credential>` on both surfaces; `?api_key=<key>` only where `allowQueryKey`
 * (the Threat API, per its seed). Throws Unauthenticated when none is present.
 */
export function readCredential(request: FastifyRequest, allowQueryKey: boolean): Credential {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw new Unauthenticated('The Authorization header must be "Bearer <api key or access token>".');
    return { value: match[1]!, source: 'header' };
  }
  if (allowQueryKey) {
    const fromQuery = (request.query as Record<string, unknown> | undefined)?.api_key;
    if (typeof fromQuery === 'string' && fromQuery !== '') return { value: fromQuery, source: 'query' };
  }
  throw new Unauthenticated(
    allowQueryKey
      ? 'An API key is required: send "Authorization: Bearer <key>" or ?api_key=<key>.'
      : 'An API key is required: send "Authorization: Bearer <key>".',
  );
}
