/**
 * One entry point for "who is this request": an API key (`sk_live_…`) or a sign-in session's access
 * token (`mwa_…`), told apart by prefix. Sessions are accepted wherever a key is (CONTRACT.md §1.1).
 */
import { Unauthenticated } from '../platform/errors.ts';
import type { ApiKeysService } from './api-keys.service.ts';
import type { Principal } from './principal.ts';
import { SessionsService } from './sessions.service.ts';

/** Where the credential came from: access tokens are accepted only in the Authorization header. */
export type CredentialSource = 'header' | 'query';

export class Authenticator {
  private readonly apiKeys: ApiKeysService;
  private readonly sessions: SessionsService;
  constructor(apiKeys: ApiKeysService, sessions: SessionsService) {
    this.apiKeys = apiKeys;
    this.sessions = sessions;
  }

  authenticate(credential: string, source: CredentialSource): Promise<Principal> {
    if (SessionsService.isAccessToken(credential)) {
      if (source !== 'header') {
        // URLs end up in logs and browser history; a 15-minute token with full rights must not.
        return Promise.reject(new Unauthenticated('Access tokens are accepted only in the header "Authorization: Bearer <token>".'));
      }
      return this.sessions.authenticate(credential);
    }
    return this.apiKeys.authenticate(credential);
  }
}
