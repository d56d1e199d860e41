/**
 * SQL for API keys. Lookups by hash only: the raw key never reaches the database. Every query that
 * takes a key id is scoped to its owner.
 */
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Db } from '../platform/db/index.ts';
import { preparedQuery } from '../platform/db/prepared.ts';
import type { ApiKeysTable, Database, Plan, Role } from '../platform/db/schema.ts';
import { runListQuery, type ListPage, type ListResource, type ParsedListQuery } from '../http/list-query.ts';
import type { DbExecutor } from '../platform/db/index.ts';

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

/** `GET /v1/api-keys` through the shared list machinery. */
export const apiKeysListResource: ListResource = {
  name: 'API keys',
  table: 'api_keys',
  fields: {
    key_id: { column: 'id', type: 'string', sortable: true },
    name: { column: 'name', type: 'string', sortable: true },
    prefix: { column: 'prefix', type: 'string' },
    // JSON text: `permissions=contains:emails:read` finds keys holding that scope.
    permissions: { column: 'permissions', type: 'string' },
    created_at: { column: 'created_at', type: 'timestamp', sortable: true },
    updated_at: { column: 'updated_at', type: 'timestamp', sortable: true },
    last_used_at: { column: 'last_used_at', type: 'timestamp', nullable: true },
  },
  selectable: ['key_id', 'name', 'permissions', 'rate_limit', 'created_at', 'last_used_at', 'prefix'],
  timestampField: 'created_at',
};

export class ApiKeysRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;
  /** Runs on every authenticated request: compiled once. */
  private readonly selectByHashWithOwner;
  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
    this.selectByHashWithOwner = preparedQuery<KeyWithOwner, [keyHash: string]>(this.kysely, () => this.byHashWithOwnerQuery(''));
  }

  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(work);
  }

  async insert(key: ApiKeyRow, executor: DbExecutor = this.kysely): Promise<void> {
    await executor.insertInto('api_keys').values(key).execute();
  }

  findOwned(userId: string, id: string): Promise<ApiKeyRow | undefined> {
    return this.kysely.selectFrom('api_keys').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  async countOwned(userId: string): Promise<number> {
    const row = await this.kysely.selectFrom('api_keys').select((eb) => eb.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async list(userId: string, parsed: ParsedListQuery): Promise<ListPage<ApiKeyRow>> {
    const page = await runListQuery(this.db, apiKeysListResource, parsed, (qb) => qb.where('user_id', '=', userId));
    return page as unknown as ListPage<ApiKeyRow>;
  }

  /** Updates an owned key; false when the user has no such key. */
  async updateOwned(trx: DbExecutor, userId: string, id: string, changes: Updateable<ApiKeysTable>): Promise<boolean> {
    const result = await trx.updateTable('api_keys').set(changes).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async deleteOwned(trx: DbExecutor, userId: string, id: string): Promise<boolean> {
    const result = await trx.deleteFrom('api_keys').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  async findByHashWithOwner(keyHash: string): Promise<KeyWithOwner | undefined> {
    return (await this.selectByHashWithOwner(keyHash))[0];
  }

  private byHashWithOwnerQuery(keyHash: string) {
    return this.kysely
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
    await this.kysely.transaction().execute(async (trx) => {
      for (const [id, at] of usedAt) {
        await trx.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
      }
    });
  }
}
