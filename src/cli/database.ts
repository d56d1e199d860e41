/**
 * The configured database for one command: opened, migrated, and closed afterwards.
 */
import type { Config } from '../config.ts';
import { migrate, openDatabase, type Db } from '../platform/db/index.ts';

export async function withDatabase<T>(config: Config, run: (db: Db, applied: string[]) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    const applied = await migrate(db);
    return await run(db, applied);
  } finally {
    await db.close();
  }
}
