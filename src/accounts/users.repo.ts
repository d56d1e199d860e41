/**
 * SQL for users.
 */
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, UsersTable } from '../platform/db/schema.ts';
import type { DbExecutor } from '../platform/db/index.ts';

export type UserRow = Selectable<UsersTable>;

export class UsersRepo {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async insert(user: UserRow): Promise<void> {
    await this.db.insertInto('users').values(user).execute();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  findById(id: string, executor: DbExecutor = this.db): Promise<UserRow | undefined> {
    return executor.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(trx: DbExecutor, id: string, changes: Updateable<UsersTable>): Promise<void> {
    await trx.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  /** Deletes the user row; every table that references users cascades. True when a row went. */
  async delete(trx: DbExecutor, id: string): Promise<boolean> {
    const result = await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }
}
