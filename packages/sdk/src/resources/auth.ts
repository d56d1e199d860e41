/**
 * Magic-link sign-in (`/v1/auth`): login e-mails a link, verify exchanges its token for an access and
 * a refresh token, refresh rotates them, logout ends the session of the access token the client holds.
 * login, verify and refresh need no API key.
 */
import type { Api, DataOf } from '../api.ts';
import type { PostAuthLoginBody, PostAuthRefreshBody, PostAuthVerifyBody } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';

export class AuthResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** E-mails a single-use sign-in link; the same answer whether or not the address has an account. */
  login(body: PostAuthLoginBody, options?: RequestOptions): Promise<DataOf<'POST /v1/auth/login'>> {
    return this.api.data('POST /v1/auth/login', { body }, options);
  }

  /** Exchanges the link's token for `{access_token, refresh_token, expires_in, user}`. */
  verify(body: PostAuthVerifyBody, options?: RequestOptions): Promise<DataOf<'POST /v1/auth/verify'>> {
    return this.api.data('POST /v1/auth/verify', { body }, options);
  }

  /** A new token pair; the refresh token given stops working (presenting it again ends the session). */
  refresh(body: PostAuthRefreshBody, options?: RequestOptions): Promise<DataOf<'POST /v1/auth/refresh'>> {
    return this.api.data('POST /v1/auth/refresh', { body }, options);
  }

  /** Ends the session whose access token this client was built with (`apiKey: access_token`). */
  logout(options?: RequestOptions): Promise<DataOf<'POST /v1/auth/logout'>> {
    return this.api.data('POST /v1/auth/logout', {}, options);
  }
}
