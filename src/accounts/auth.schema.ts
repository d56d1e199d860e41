import { Type } from '@sinclair/typebox';

export const LoginBody = Type.Object({ email: Type.String({ maxLength: 320, examples: ['analyst@example.com'] }) }, { additionalProperties: false });
export const VerifyBody = Type.Object({ token: Type.String({ maxLength: 200, description: 'The mwl_… token from the sign-in mail.' }) }, { additionalProperties: false });
export const RefreshBody = Type.Object({ refresh_token: Type.String({ maxLength: 200 }) }, { additionalProperties: false });

export const LoginAccepted = Type.Object({ message: Type.String() });

export const SessionTokensSchema = Type.Object(
  {
    access_token: Type.String({ description: 'mwa_…; send as "Authorization: Bearer <token>". Valid expires_in seconds.' }),
    refresh_token: Type.String({ description: 'mwr_…; exchange once at POST /v1/auth/refresh. Presenting it twice ends the session.' }),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds the access token is valid (900).' }),
    refresh_expires_in: Type.Integer({ description: 'Seconds the refresh token is valid (2,592,000 = 30 days).' }),
    user: Type.Ref('User'),
  },
  { $id: 'SessionTokens' },
);
