/**
 * Deleting an account and everything it owns, in one operation that cannot be left half-done.
 *
 * How: one transaction (1) collects the digests of every stored file (blob) the account's rows
 * reference, (2) queues those digests for garbage collection, (3) deletes the user row — every table
 * holding the user's rows references `users.id` with ON DELETE CASCADE (keys, sessions, audit events,
 * honeypots, emails, webhooks, reports, mailboxes, credentials), and (4) records the deletion in the
 * acting admin's audit log. Either all of that commits or none of it does.
 * After the commit the blob collector deletes each queued file that no other row references (files
 * can be shared: attachments are stored once per content). If the process dies before that, the queue
 * rows survive and the worker's next collection finishes the job — a file is never left orphaned, and
 * never deleted while another account's email still points at it.
 */
import { deleteSharedCounters } from '../http/rate-limit/store.ts';
import type { Logger } from '../platform/logger.ts';
import type { Actor } from './actor.ts';
import type { AuditLog } from './audit.ts';
import { linkRequestSubject } from './login-throttle.ts';
import type { UsersRepo } from './users.repo.ts';
import type { DbExecutor } from '../platform/db/index.ts';


/** Lists the blob digests referenced by one account's rows (each feature that stores files provides one). */
export type OwnedBlobsQuery = (trx: DbExecutor, userId: string) => Promise<string[]>;

/** Where freed blobs go: queued inside the transaction, collected after it commits. */
export interface BlobRelease {
  queue(trx: DbExecutor, sha256s: readonly string[]): Promise<void>;
  collect(): Promise<void>;
}

export interface UserErasureDeps {
  users: UsersRepo;
  audit: AuditLog;
  logger: Logger;
  ownedBlobs: readonly OwnedBlobsQuery[];
  /** null while no feature stores files. */
  blobs: BlobRelease | null;
}

export class UserErasure {
  private readonly deps: UserErasureDeps;
  constructor(deps: UserErasureDeps) {
    this.deps = deps;
  }

  /** Deletes the account `userId`; false when it did not exist. */
  async erase(userId: string, actor: Actor): Promise<boolean> {
    const { users, audit, blobs, ownedBlobs } = this.deps;
    const outcome = await users.transaction(async (trx) => {
      const digests = new Set<string>();
      for (const query of ownedBlobs) for (const digest of await query(trx, userId)) digests.add(digest);
      if (blobs !== null && digests.size > 0) await blobs.queue(trx, [...digests]);
      await deleteRateLimitCounters(trx, userId);
      if (!(await users.delete(trx, userId))) return null;
      // The account's own log goes with it; an admin who deleted someone else keeps the record.
      if (actor.userId !== null && actor.userId !== userId) {
        await audit.record(trx, { userId: actor.userId, action: 'user.deleted', actor, targetType: 'user', targetId: userId });
      }
      return { files: digests.size };
    });
    if (outcome === null) return false;
    this.deps.logger.info({ user: userId, by: actor.userId, files_queued: outcome.files }, 'Deleted an account and everything it owned');
    if (blobs !== null && outcome.files > 0) {
      await blobs.collect().catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'Could not delete the files of a deleted account yet; the worker will retry.');
      });
    }
    return true;
  }
}

/**
 * Shared rate-limit counters (PostgreSQL mode) are keyed by key id, session id and the hash of the
 * address for sign-in requests; they would expire within a day, but they are the account's, so they go
 * now. Counters keyed by client IP belong to no account and stay.
 */
async function deleteRateLimitCounters(trx: DbExecutor, userId: string): Promise<void> {
  const user = await trx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
  if (user === undefined) return;
  const keys = await trx.selectFrom('api_keys').select('id').where('user_id', '=', userId).execute();
  const sessions = await trx.selectFrom('session_families').select('id').where('user_id', '=', userId).execute();
  // Keys and sessions are rate-limited under their own ids (see rateLimitSubject in principal.ts).
  await deleteSharedCounters(trx, [...keys.map((k) => k.id), ...sessions.map((f) => f.id), linkRequestSubject(user.email)]);
}
