/**
 * Magic-link sign-in and sessions (CONTRACT.md §3.1).
 *
 * Glossary:
 * - sign-in link: a single-use `mwl_…` token e-mailed to an address; valid 15 minutes.
 * - session (family): what one successful sign-in starts. It holds a chain of refresh tokens, each
 *   exchanged exactly once for the next (rotation), and the access tokens issued along the way.
 * - access token: `mwa_…`, valid 15 minutes, accepted wherever an API key is, with every permission.
 * - refresh token: `mwr_…`, valid 30 days, exchanged for a new access + refresh pair. Presenting one
 *   that was already exchanged means it leaked: the whole session is revoked.
 *
 * Only SHA-256 digests of tokens are stored. Answers to link requests are identical whether or not the
 * address has an account, and mail is sent after the answer, so timing does not tell either.
 */
import type { Clock } from '../platform/clock.ts';
import { isoTime } from '../platform/clock.ts';
import { randomToken, sha256Hex } from '../platform/crypto.ts';
import { InvalidInput, Unauthenticated } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Actor } from './actor.ts';
import type { AuditLog } from './audit.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { ALL_SCOPES } from './permissions.ts';
import type { Principal } from './principal.ts';
import type { SessionsRepo } from './sessions.repo.ts';
import type { UserRow } from './users.repo.ts';
import { isEmailAddress, normalizeEmail, type UsersService } from './users.service.ts';

export const LINK_TTL_MS = 15 * 60_000;
export const ACCESS_TTL_MS = 15 * 60_000;
export const REFRESH_TTL_MS = 30 * 24 * 60 * 60_000;

export const LOGIN_TOKEN_PREFIX = 'mwl_';
export const ACCESS_TOKEN_PREFIX = 'mwa_';
export const REFRESH_TOKEN_PREFIX = 'mwr_';
/** 32 random bytes, base64url: 43 characters after the prefix. */
const TOKEN_BODY = '[A-Za-z0-9_-]{43}';
const LOGIN_TOKEN_SHAPE = new RegExp(`^${LOGIN_TOKEN_PREFIX}${TOKEN_BODY}$`);
const ACCESS_TOKEN_SHAPE = new RegExp(`^${ACCESS_TOKEN_PREFIX}${TOKEN_BODY}$`);
const REFRESH_TOKEN_SHAPE = new RegExp(`^${REFRESH_TOKEN_PREFIX}${TOKEN_BODY}$`);

/** Why a token was refused; sent as `error.details.reason` with the 401. */
export type TokenRejection = 'malformed_token' | 'invalid_token' | 'token_expired' | 'token_used' | 'token_reused' | 'session_revoked';

export function tokenRejected(reason: TokenRejection, message: string): Unauthenticated {
  return new Unauthenticated(message, { reason });
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token is valid. */
  expiresIn: number;
  /** Seconds the refresh token is valid. */
  refreshExpiresIn: number;
  user: UserRow;
}

export interface SessionsServiceDeps {
  repo: SessionsRepo;
  users: UsersService;
  audit: AuditLog;
  mailer: Mailer;
  throttle: LoginThrottle;
  clock: Clock;
  logger: Logger;
  /** Base URL the links point at, without a trailing slash. */
  publicUrl: string;
  /** Create an account for an unknown address on verify. */
  selfSignup: boolean;
}

export class SessionsService {
  private readonly deps: SessionsServiceDeps;
  /** Sign-in mail being sent after its request was answered; awaited by `drain()` on shutdown. */
  private readonly pendingMail = new Set<Promise<void>>();

  constructor(deps: SessionsServiceDeps) {
    this.deps = deps;
  }

  /**
   * `POST /v1/auth/login`. Records a link for any well-formed address, then mails it in the background
   * when the address may sign in (it has an account, or self-signup is on). The caller answers 202
   * either way without waiting for the mail.
   */
  async requestLink(email: string, actor: Actor): Promise<void> {
    const address = normalizeEmail(email);
    if (!isEmailAddress(address)) throw new InvalidInput(`"${email}" is not an email address.`, { field: 'email', value: email });
    await this.deps.throttle.checkLinkRequest(address, actor.ip ?? 'unknown');

    const user = await this.deps.users.findByEmail(address);
    const token = LOGIN_TOKEN_PREFIX + randomToken(32);
    const now = this.deps.clock.now();
    await this.deps.repo.insertLoginToken({
      id: newId('login', now),
      token_hash: sha256Hex(token),
      email: address,
      user_id: user?.id ?? null,
      requested_ip: actor.ip,
      created_at: isoTime(now),
      expires_at: isoTime(now + LINK_TTL_MS),
      used_at: null,
    });
    if (user === undefined && !this.deps.selfSignup) {
      this.deps.logger.info('Sign-in requested for an address with no account (self-signup is off); no mail sent.');
      return;
    }
    this.sendInBackground(address, token);
  }

  private sendInBackground(address: string, token: string): void {
    const link = `${this.deps.publicUrl}/sign-in?token=${encodeURIComponent(token)}`;
    const minutes = LINK_TTL_MS / 60_000;
    const text = [
      'Someone (hopefully you) asked to sign in to Mailwarden with this address.',
      '',
      `Open this link within ${minutes} minutes to sign in: ${link}`,
      '',
      `Or send the token to POST /v1/auth/verify: ${token}`,
      '',
      'The link works once. If you did not ask for it, ignore this mail: nobody can sign in without it.',
    ].join('\n');
    const sending = this.deps.mailer
      .send({ to: address, subject: 'Your Mailwarden sign-in link', text })
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'Could not send a sign-in link through SMTP_RELAY_URL; check the relay address and credentials. The person can ask for a new link.');
      })
      .finally(() => this.pendingMail.delete(sending));
    this.pendingMail.add(sending);
  }

  /** Waits for sign-in mail still being sent (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.pendingMail]);
  }

  /** `POST /v1/auth/verify`: a sign-in link's token → a new session. */
  async verify(token: string, actor: Actor): Promise<SessionTokens> {
    await this.deps.throttle.checkTokenExchange(actor.ip ?? 'unknown');
    if (!LOGIN_TOKEN_SHAPE.test(token)) throw tokenRejected('malformed_token', 'This is not a sign-in token: they start with mwl_. Copy it again from the mail.');
    const link = await this.deps.repo.findLoginToken(sha256Hex(token));
    if (link === undefined) throw tokenRejected('invalid_token', 'This sign-in token is not valid. Ask for a new link.');
    if (link.used_at !== null) throw tokenRejected('token_used', 'This sign-in link was already used. Ask for a new link.');
    const now = this.deps.clock.now();
    if (link.expires_at <= isoTime(now)) throw tokenRejected('token_expired', 'This sign-in link has expired. Ask for a new link.');

    const user = await this.userForLink(link.email, link.user_id);
    return this.deps.repo.transaction(async (trx) => {
      if (!(await this.deps.repo.claimLoginToken(trx, link.id, isoTime(now)))) {
        throw tokenRejected('token_used', 'This sign-in link was already used. Ask for a new link.');
      }
      const familyId = newId('sess', now);
      await this.deps.repo.insertFamily(trx, {
        id: familyId,
        user_id: user.id,
        created_at: isoTime(now),
        expires_at: isoTime(now + REFRESH_TTL_MS),
        revoked_at: null,
        revoked_reason: null,
        client_ip: actor.ip,
      });
      const tokens = await this.issuePair(trx, familyId, now);
      await this.deps.audit.record(trx, {
        userId: user.id,
        action: 'auth.signed_in',
        actor: { ...actor, type: 'session', userId: user.id },
        targetType: 'session',
        targetId: familyId,
      });
      return { ...tokens, user };
    });
  }

  /** The link's account; created now when the address had none and self-signup is on. */
  private async userForLink(email: string, userId: string | null): Promise<UserRow> {
    const existing = await this.deps.users.findByEmail(email);
    if (existing !== undefined && (userId === null || existing.id === userId)) return existing;
    if (userId !== null || !this.deps.selfSignup) {
      // The account the link was for is gone (deleted), or sign-up is closed.
      throw tokenRejected('invalid_token', 'This sign-in token is not valid. Ask for a new link.');
    }
    return this.deps.users.createOrFind({ email });
  }

  /** `POST /v1/auth/refresh`: rotates the refresh token; reuse of a rotated one revokes the session. */
  async refresh(token: string, actor: Actor): Promise<SessionTokens> {
    await this.deps.throttle.checkTokenExchange(actor.ip ?? 'unknown');
    if (!REFRESH_TOKEN_SHAPE.test(token)) throw tokenRejected('malformed_token', 'This is not a refresh token: they start with mwr_.');
    const found = await this.deps.repo.findRefreshToken(sha256Hex(token));
    if (found === undefined) throw tokenRejected('invalid_token', 'This refresh token is not valid. Sign in again.');
    if (found.revoked_at !== null) throw tokenRejected('session_revoked', 'This session has ended. Sign in again.');
    const now = this.deps.clock.now();
    if (found.expires_at <= isoTime(now)) throw tokenRejected('token_expired', 'This refresh token has expired. Sign in again.');

    const outcome = await this.deps.repo.transaction(async (trx) => {
      if (!(await this.deps.repo.claimRefreshToken(trx, found.id, isoTime(now)))) {
        await this.deps.repo.revokeFamily(trx, found.family_id, 'refresh_token_reused', isoTime(now));
        await this.deps.audit.record(trx, {
          userId: found.user_id,
          action: 'auth.refresh_token_reused',
          actor: { ...actor, type: 'session', userId: null },
          targetType: 'session',
          targetId: found.family_id,
        });
        return null;
      }
      await this.deps.repo.extendFamily(trx, found.family_id, isoTime(now + REFRESH_TTL_MS));
      return this.issuePair(trx, found.family_id, now);
    });
    if (outcome === null) {
      this.deps.logger.warn({ session: found.family_id }, 'A rotated refresh token was presented again; the session is revoked (the token may have leaked).');
      throw tokenRejected('token_reused', 'This refresh token was already used, so the session has been ended for safety. Sign in again.');
    }
    const user = await this.deps.users.findById(found.user_id);
    if (user === undefined) throw tokenRejected('invalid_token', 'This refresh token is not valid. Sign in again.');
    return { ...outcome, user };
  }

  /** `POST /v1/auth/logout`: ends the caller's session (its refresh and access tokens). */
  async signOut(principal: Principal, actor: Actor): Promise<void> {
    if (principal.sessionId === null) {
      throw new InvalidInput('Signing out applies to sessions; this request used an API key (delete the key instead).');
    }
    const sessionId = principal.sessionId;
    await this.deps.repo.transaction(async (trx) => {
      await this.deps.repo.revokeFamily(trx, sessionId, 'signed_out', isoTime(this.deps.clock.now()));
      await this.deps.audit.record(trx, { userId: principal.user.id, action: 'auth.signed_out', actor, targetType: 'session', targetId: sessionId });
    });
  }

  private async issuePair(trx: Parameters<SessionsRepo['insertFamily']>[0], familyId: string, now: number) {
    const accessToken = ACCESS_TOKEN_PREFIX + randomToken(32);
    const refreshToken = REFRESH_TOKEN_PREFIX + randomToken(32);
    await this.deps.repo.insertAccessToken(trx, {
      token_hash: sha256Hex(accessToken),
      family_id: familyId,
      created_at: isoTime(now),
      expires_at: isoTime(now + ACCESS_TTL_MS),
    });
    await this.deps.repo.insertRefreshToken(trx, {
      id: newId('rt', now),
      family_id: familyId,
      token_hash: sha256Hex(refreshToken),
      created_at: isoTime(now),
      expires_at: isoTime(now + REFRESH_TTL_MS),
      rotated_at: null,
    });
    return { accessToken, refreshToken, expiresIn: ACCESS_TTL_MS / 1000, refreshExpiresIn: REFRESH_TTL_MS / 1000 };
  }

  /** True when `credential` looks like an access token (so the caller routes it here, not to API keys). */
  static isAccessToken(credential: string): boolean {
    return credential.startsWith(ACCESS_TOKEN_PREFIX);
  }

  /** Resolves an access token to a principal holding every permission, or throws Unauthenticated. */
  async authenticate(token: string): Promise<Principal> {
    if (!ACCESS_TOKEN_SHAPE.test(token)) throw tokenRejected('malformed_token', 'The access token is malformed: sign in again.');
    const found = await this.deps.repo.findAccessTokenWithOwner(sha256Hex(token));
    if (found === undefined) throw tokenRejected('invalid_token', 'The access token is not valid (the session may have ended). Sign in again.');
    if (found.revoked_at !== null) throw tokenRejected('session_revoked', 'This session has ended. Sign in again.');
    if (found.expires_at <= isoTime(this.deps.clock.now())) {
      throw tokenRejected('token_expired', 'The access token has expired; exchange the refresh token at POST /v1/auth/refresh.');
    }
    return {
      user: { id: found.user_id, email: found.email, name: found.user_name, plan: found.plan, role: found.role, created_at: found.user_created_at },
      permissions: ALL_SCOPES,
      keyId: null,
      sessionId: found.family_id,
      ownLimits: { perMinute: null, perHour: null, perDay: null },
    };
  }

  /** Deletes expired links, access tokens and sessions (the worker calls this periodically). */
  sweepExpired(): Promise<number> {
    return this.deps.repo.deleteExpired(isoTime(this.deps.clock.now()));
  }
}
