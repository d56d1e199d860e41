/**
 * SQL for users.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../platform/db/schema.ts';

export type UserRow = Selectable<UsersTable>;

export class UsersRepo {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async insert(user: UserRow): Promise<void> {
    await this.db.insertInto('users').values(user).execute();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }
}
