/**
 * `/v1/auth/*`: magic-link sign-in (CONTRACT.md §3.1). login, verify and refresh need no key; logout
 * ends the session whose access token it is called with.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../http/actor.ts';
import { dataEnvelope, sendData, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import { LoginAccepted, LoginBody, RefreshBody, VerifyBody } from './auth.schema.ts';
import type { SessionsService, SessionTokens } from './sessions.service.ts';
import { toUser } from './users.routes.ts';

const TAGS = ['Threat: auth'];

function toTokens(tokens: SessionTokens) {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_type: 'Bearer' as const,
    expires_in: tokens.expiresIn,
    refresh_expires_in: tokens.refreshExpiresIn,
    user: toUser(tokens.user),
  };
}

export function authRoutes(sessions: SessionsService): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: Static<typeof LoginBody> }>(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags: TAGS,
          summary: 'E-mail a single-use sign-in link',
          description:
            'Always 202 for a well-formed address, whether or not it has an account (no account enumeration). The link is valid 15 minutes. Limited to 5 requests per address and 20 per client IP per 15 minutes.',
          body: LoginBody,
          response: threatResponses({ 202: dataEnvelope(LoginAccepted) }),
        },
      },
      async (request, reply) => {
        await sessions.requestLink(request.body.email, actorOf(request));
        return sendData(request, reply, { message: 'If this address may sign in, a sign-in link is on its way. It is valid for 15 minutes.' }, 202);
      },
    );

    app.post<{ Body: Static<typeof VerifyBody> }>(
      '/auth/verify',
      {
        config: { public: true },
        schema: {
          tags: TAGS,
          summary: 'Exchange a sign-in token for access and refresh tokens',
          description: '401 `details.reason`: malformed_token, invalid_token, token_expired or token_used.',
          body: VerifyBody,
          response: threatResponses({ 200: dataEnvelope(Type.Ref('SessionTokens')) }),
        },
      },
      async (request, reply) => sendData(request, reply, toTokens(await sessions.verify(request.body.token, actorOf(request)))),
    );

    app.post<{ Body: Static<typeof RefreshBody> }>(
      '/auth/refresh',
      {
        config: { public: true },
        schema: {
          tags: TAGS,
          summary: 'Rotate: exchange a refresh token for a new pair',
          description:
            'The refresh token works once. Presenting an already-exchanged token revokes the whole session (401, reason token_reused). Other 401 reasons: malformed_token, invalid_token, token_expired, session_revoked.',
          body: RefreshBody,
          response: threatResponses({ 200: dataEnvelope(Type.Ref('SessionTokens')) }),
        },
      },
      async (request, reply) => sendData(request, reply, toTokens(await sessions.refresh(request.body.refresh_token, actorOf(request)))),
    );

    app.post(
      '/auth/logout',
      {
        schema: {
          tags: TAGS,
          summary: 'End the current session',
          description: 'Call with the session\'s access token; its refresh and access tokens stop working at once.',
          security: [{ bearer: [] }],
          response: threatResponses({ 200: dataEnvelope(Type.Object({ signed_out: Type.Boolean() })) }),
        },
      },
      async (request, reply) => {
        await sessions.signOut(principalOf(request), actorOf(request));
        return sendData(request, reply, { signed_out: true });
      },
    );
  };
}
