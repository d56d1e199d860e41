/**
 * SQL for mailboxes. Every query a user's request reaches is filtered by the owning user, so another
 * user's id behaves exactly like an id that does not exist. The verification-job functions at the end
 * work across users: the worker serves every account.
 */
import type { ExpressionBuilder, Kysely, Updateable } from 'kysely';
import type { MailboxesTable, Database } from '../platform/db/schema.ts';
import type { MailboxRow } from './mailboxes.model.ts';

/** True for a unique-constraint violation on either engine (PostgreSQL 23505; SQLite extended code 2067). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown } | null;
  return e?.code === '23505' || e?.errcode === 2067;
}

export type VerificationOutcome = Pick<
  Updateable<MailboxesTable>,
  'status' | 'provider' | 'connection_error' | 'imap_folders' | 'sending_ip' | 'verify_state' | 'verified_at'
>;

export class MailboxesRepo {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async insert(row: MailboxRow): Promise<void> {
    await this.db.insertInto('mailboxes').values(row).execute();
  }

  /** Oldest first: the order mailboxes were connected in. */
  listForUser(userId: string): Promise<MailboxRow[]> {
    return this.db.selectFrom('mailboxes').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  }

  findById(userId: string, id: string): Promise<MailboxRow | undefined> {
    return this.db.selectFrom('mailboxes').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  /** Deletes the row and with it the encrypted credentials. True when a row went. */
  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('mailboxes').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  // ---- verification job (all users) ----

  /** Up to `limit` ids whose verification is pending and not claimed (or whose claim lapsed before `nowIso`). */
  async dueForVerification(nowIso: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('mailboxes')
      .select('id')
      .where('verify_state', '=', 'verifying')
      .where((eb) => eb.or([eb('verify_lease_until', 'is', null), eb('verify_lease_until', '<', nowIso)]))
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Claims one pending verification until `leaseUntilIso` (compare-and-set, so of several workers
   * exactly one wins). Returns the row when claimed, undefined when another worker has it or it is gone.
   */
  async claimVerification(id: string, nowIso: string, leaseUntilIso: string): Promise<MailboxRow | undefined> {
    const result = await this.db
      .updateTable('mailboxes')
      .set((eb) => ({ verify_lease_until: leaseUntilIso, verify_attempts: eb('verify_attempts', '+', 1) }))
      .where('id', '=', id)
      .where('verify_state', '=', 'verifying')
      .where((eb) => eb.or([eb('verify_lease_until', 'is', null), eb('verify_lease_until', '<', nowIso)]))
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return undefined;
    return this.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Records a verification's outcome, only if this worker still holds the claim (`leaseUntilIso`).
   * A paused mailbox stays paused when its logins pass: `status` is only written when given.
   */
  async finishVerification(id: string, leaseUntilIso: string, outcome: VerificationOutcome, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('mailboxes')
      .set({ ...outcome, verify_lease_until: null, updated_at: nowIso })
      .where('id', '=', id)
      .where('verify_lease_until', '=', leaseUntilIso)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  // ---- DNS status (all users) ----

  /** Records a DNS check's statuses on the mailboxes it covers, unless a newer check is already recorded. */
  async recordDnsStatus(ids: readonly string[], status: { spf: string; dkim: string; dmarc: string }, checkedAtIso: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('mailboxes')
      .set({ dns_spf: status.spf, dns_dkim: status.dkim, dns_dmarc: status.dmarc, dns_checked_at: checkedAtIso })
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('dns_checked_at', 'is', null), eb('dns_checked_at', '<=', checkedAtIso)]))
      .execute();
  }

  /**
   * Takes up to `limit` mailboxes whose DNS was not refreshed since `cutoffIso` (verified or failed ones:
   * a mailbox still being verified has no sending IP yet), stamping them `nowIso` so other workers skip
   * them. Compare-and-set: of several workers, one gets each mailbox.
   */
  async claimForDnsRefresh(cutoffIso: string, nowIso: string, limit: number): Promise<DnsRefreshTarget[]> {
    const stale = (eb: ExpressionBuilder<Database, 'mailboxes'>) => eb.or([eb('dns_refresh_at', 'is', null), eb('dns_refresh_at', '<', cutoffIso)]);
    const candidates = await this.db
      .selectFrom('mailboxes')
      .select('id')
      .where('verify_state', '!=', 'verifying')
      .where(stale)
      .orderBy('dns_refresh_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    if (candidates.length === 0) return [];
    return this.db
      .updateTable('mailboxes')
      .set({ dns_refresh_at: nowIso })
      .where('id', 'in', candidates.map((c) => c.id))
      .where(stale)
      .returning(['id', 'domain', 'sending_ip', 'smtp_host'])
      .execute();
  }
}

export type DnsRefreshTarget = Pick<MailboxRow, 'id' | 'domain' | 'sending_ip' | 'smtp_host'>;
