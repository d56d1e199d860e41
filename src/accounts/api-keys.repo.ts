/**
 * SQL for API keys. Lookups by hash only: the raw key never reaches the database.
 */
import type { Kysely, Selectable } from 'kysely';
import { preparedQuery } from '../platform/db/prepared.ts';
import type { ApiKeysTable, Database, Plan, Role } from '../platform/db/schema.ts';

export type ApiKeyRow = Selectable<ApiKeysTable>;

/** A key joined with the owner facts authentication needs. */
export interface KeyWithOwner {
  id: string;
  user_id: string;
  key_hash: string;
  permissions: string;
  rate_limit_per_minute: number | null;
  rate_limit_per_hour: number | null;
  rate_limit_per_day: number | null;
  plan: Plan;
  role: Role;
  email: string;
  user_name: string | null;
  user_created_at: string;
}

export class ApiKeysRepo {
  private readonly db: Kysely<Database>;
  /** Runs on every authenticated request: compiled once. */
  private readonly selectByHashWithOwner;
  constructor(db: Kysely<Database>) {
    this.db = db;
    this.selectByHashWithOwner = preparedQuery<KeyWithOwner, [keyHash: string]>(db, () => this.byHashWithOwnerQuery(''));
  }

  async insert(key: ApiKeyRow): Promise<void> {
    await this.db.insertInto('api_keys').values(key).execute();
  }

  async findByHashWithOwner(keyHash: string): Promise<KeyWithOwner | undefined> {
    return (await this.selectByHashWithOwner(keyHash))[0];
  }

  private byHashWithOwnerQuery(keyHash: string) {
    return this.db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .select([
        'api_keys.id',
        'api_keys.user_id',
        'api_keys.key_hash',
        'api_keys.permissions',
        'api_keys.rate_limit_per_minute',
        'api_keys.rate_limit_per_hour',
        'api_keys.rate_limit_per_day',
        'users.plan',
        'users.role',
        'users.email',
        'users.name as user_name',
        'users.created_at as user_created_at',
      ])
      .where('api_keys.key_hash', '=', keyHash);
  }

  /** Sets `last_used_at` for many keys in one transaction (one commit, however many keys). */
  async touchLastUsed(usedAt: ReadonlyMap<string, string>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [id, at] of usedAt) {
        await trx.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
      }
    });
  }
}
