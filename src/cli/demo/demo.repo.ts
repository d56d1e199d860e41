/**
 * SQL for `mailwarden demo`, every query scoped to the demo user.
 */
import type { Db } from '../../platform/db/index.ts';

export interface DemoEmailRow {
  id: string;
  message_id: string | null;
  honeypot_id: string;
  analysis_status: string;
  classification: string | null;
  threat_score: number | null;
  campaign_id: string | null;
}

/** Ids per `in (…)` list. */
const CHUNK = 500;

export class DemoRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** The user's key with this name (the demo key), if any. */
  async keyNamed(userId: string, name: string): Promise<{ id: string } | undefined> {
    return this.db.kysely.selectFrom('api_keys').select('id').where('user_id', '=', userId).where('name', '=', name).orderBy('created_at').executeTakeFirst();
  }

  /** The user's emails whose Message-ID is one of `messageIds`. */
  async emailsWithMessageIds(userId: string, messageIds: readonly string[]): Promise<DemoEmailRow[]> {
    const rows: DemoEmailRow[] = [];
    for (let start = 0; start < messageIds.length; start += CHUNK) {
      rows.push(...await this.db.kysely.selectFrom('emails')
        .select(['id', 'message_id', 'honeypot_id', 'analysis_status', 'classification', 'threat_score', 'campaign_id'])
        .where('user_id', '=', userId).where('message_id', 'in', messageIds.slice(start, start + CHUNK))
        .execute());
    }
    return rows;
  }
}
