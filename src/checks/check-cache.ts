/**
 * The cache of check reports (table `check_results`, migration 0007). Reports are public DNS facts
 * keyed by what was checked, shared by every user; callers decide who may read which (the
 * mailboxes feature only asks about its own mailboxes' domains and IPs).
 */
import type { Db } from '../platform/db/index.ts';

export type CheckKind = 'dns-auth' | 'dnsbl';

export interface CachedReport<T> {
  checkedAt: string;
  report: T;
}

export class CheckCache {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async get<T>(kind: CheckKind, key: string): Promise<CachedReport<T> | undefined> {
    const row = await this.db.kysely
      .selectFrom('check_results')
      .select(['checked_at', 'report'])
      .where('kind', '=', kind)
      .where('cache_key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : { checkedAt: row.checked_at, report: JSON.parse(row.report) as T };
  }

  /** Stores a report unless a newer one is already there (two processes may refresh at once). */
  async put(kind: CheckKind, key: string, entry: { domain: string | null; ip: string | null; checkedAt: string; report: unknown }): Promise<void> {
    const values = { kind, cache_key: key, domain: entry.domain, ip: entry.ip, checked_at: entry.checkedAt, report: JSON.stringify(entry.report) };
    await this.db.kysely
      .insertInto('check_results')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['kind', 'cache_key'])
          .doUpdateSet({ checked_at: values.checked_at, report: values.report, domain: values.domain, ip: values.ip })
          .where('check_results.checked_at', '<=', values.checked_at),
      )
      .execute();
  }

  /** Deletes reports checked before `before` (ISO time); returns how many. */
  async deleteOlderThan(before: string): Promise<number> {
    const result = await this.db.kysely.deleteFrom('check_results').where('checked_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
