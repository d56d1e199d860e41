/**
 * SQL for `mailwarden import`, scoped to the honeypot's owner like every repository.
 */
import type { Db } from '../platform/db/index.ts';

export class ImportRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /**
   * Whether the honeypot already holds this message: the same Message-ID (both absent counts as the
   * same) and the same raw SHA-256. The digest is indexed; the Message-ID is compared on its matches.
   */
  async holds(userId: string, honeypotId: string, messageId: string | null, rawSha256: string): Promise<boolean> {
    const rows = await this.db.kysely.selectFrom('emails').select('message_id')
      .where('user_id', '=', userId).where('honeypot_id', '=', honeypotId).where('raw_sha256', '=', rawSha256)
      .execute();
    return rows.some((row) => row.message_id === messageId);
  }
}
