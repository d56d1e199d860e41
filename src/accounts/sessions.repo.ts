/**
 * SQL for sign-in links, session families and their refresh and access tokens. Tokens are looked up
 * by SHA-256 digest only; the raw tokens never reach the database.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { preparedQuery } from '../platform/db/prepared.ts';
import type {
  AccessTokensTable,
  Database,
  LoginTokensTable,
  Plan,
  RefreshTokensTable,
  Role,
  SessionFamiliesTable,
} from '../platform/db/schema.ts';
import type { DbExecutor } from '../platform/db/index.ts';

export type LoginTokenRow = Selectable<LoginTokensTable>;
export type SessionFamilyRow = Selectable<SessionFamiliesTable>;
export type RefreshTokenRow = Selectable<RefreshTokensTable>;
export type AccessTokenRow = Selectable<AccessTokensTable>;

/** An access token joined with its session and owner: everything authentication needs, one query. */
export interface AccessTokenWithOwner {
  family_id: string;
  expires_at: string;
  revoked_at: string | null;
  user_id: string;
  email: string;
  user_name: string | null;
  plan: Plan;
  role: Role;
  user_created_at: string;
}

export interface RefreshTokenWithFamily extends RefreshTokenRow {
  user_id: string;
  revoked_at: string | null;
}

export class SessionsRepo {
  private readonly db: Kysely<Database>;
  /** Runs on every request made with an access token: compiled once. */
  private readonly selectAccessWithOwner;

  constructor(db: Kysely<Database>) {
    this.db = db;
    this.selectAccessWithOwner = preparedQuery<AccessTokenWithOwner, [tokenHash: string]>(db, () => this.accessWithOwnerQuery(''));
  }

  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async insertLoginToken(row: LoginTokenRow): Promise<void> {
    await this.db.insertInto('login_tokens').values(row).execute();
  }

  findLoginToken(tokenHash: string): Promise<LoginTokenRow | undefined> {
    return this.db.selectFrom('login_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Marks the link used if nobody did yet; false when another request won the race. */
  async claimLoginToken(trx: DbExecutor, id: string, now: string): Promise<boolean> {
    const result = await trx.updateTable('login_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async insertFamily(trx: DbExecutor, row: SessionFamilyRow): Promise<void> {
    await trx.insertInto('session_families').values(row).execute();
  }

  async insertRefreshToken(trx: DbExecutor, row: RefreshTokenRow): Promise<void> {
    await trx.insertInto('refresh_tokens').values(row).execute();
  }

  async insertAccessToken(trx: DbExecutor, row: AccessTokenRow): Promise<void> {
    await trx.insertInto('access_tokens').values(row).execute();
  }

  async extendFamily(trx: DbExecutor, familyId: string, expiresAt: string): Promise<void> {
    await trx.updateTable('session_families').set({ expires_at: expiresAt }).where('id', '=', familyId).execute();
  }

  findRefreshToken(tokenHash: string): Promise<RefreshTokenWithFamily | undefined> {
    return this.db
      .selectFrom('refresh_tokens')
      .innerJoin('session_families', 'session_families.id', 'refresh_tokens.family_id')
      .selectAll('refresh_tokens')
      .select(['session_families.user_id', 'session_families.revoked_at'])
      .where('refresh_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Marks a refresh token rotated if it was not yet; false when it already was (reuse or a race). */
  async claimRefreshToken(trx: DbExecutor, id: string, now: string): Promise<boolean> {
    const result = await trx.updateTable('refresh_tokens').set({ rotated_at: now }).where('id', '=', id).where('rotated_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Ends a session: its refresh tokens stop rotating and its access tokens stop working at once. */
  async revokeFamily(trx: DbExecutor, familyId: string, reason: string, now: string): Promise<void> {
    await trx.updateTable('session_families').set({ revoked_at: now, revoked_reason: reason }).where('id', '=', familyId).where('revoked_at', 'is', null).execute();
    await trx.deleteFrom('access_tokens').where('family_id', '=', familyId).execute();
  }

  async findAccessTokenWithOwner(tokenHash: string): Promise<AccessTokenWithOwner | undefined> {
    return (await this.selectAccessWithOwner(tokenHash))[0];
  }

  private accessWithOwnerQuery(tokenHash: string) {
    return this.db
      .selectFrom('access_tokens')
      .innerJoin('session_families', 'session_families.id', 'access_tokens.family_id')
      .innerJoin('users', 'users.id', 'session_families.user_id')
      .select([
        'access_tokens.family_id',
        'access_tokens.expires_at',
        'session_families.revoked_at',
        'users.id as user_id',
        'users.email',
        'users.name as user_name',
        'users.plan',
        'users.role',
        'users.created_at as user_created_at',
      ])
      .where('access_tokens.token_hash', '=', tokenHash);
  }

  /**
   * Deletes what can no longer be used: links and access tokens past expiry, sessions past their last
   * refresh token's expiry (their refresh tokens go with them). Returns how many rows went.
   */
  async deleteExpired(now: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const links = await trx.deleteFrom('login_tokens').where('expires_at', '<', now).executeTakeFirst();
      const access = await trx.deleteFrom('access_tokens').where('expires_at', '<', now).executeTakeFirst();
      const families = await trx.deleteFrom('session_families').where('expires_at', '<', now).executeTakeFirst();
      return Number(links.numDeletedRows + access.numDeletedRows + families.numDeletedRows);
    });
  }
}
