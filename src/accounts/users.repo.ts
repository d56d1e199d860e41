/**
 * SQL for users.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../platform/db/schema.ts';
import { preparedQuery } from '../platform/db/prepared.ts';

export type UserRow = Selectable<UsersTable>;

export class UsersRepo {
  private readonly db: Kysely<Database>;
  /** Runs on most authenticated requests: compiled once. */
  private readonly selectById;
  constructor(db: Kysely<Database>) {
    this.db = db;
    this.selectById = preparedQuery<UserRow, [id: string]>(db, () => this.db.selectFrom('users').selectAll().where('id', '=', ''));
  }

  async insert(user: UserRow): Promise<void> {
    await this.db.insertInto('users').values(user).execute();
  }

  async findById(id: string): Promise<UserRow | undefined> {
    return (await this.selectById(id))[0];
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }
}
