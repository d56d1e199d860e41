/**
 * SQL for reports. API queries are filtered by the owning user (another user's id behaves exactly like
 * one that does not exist). The job queries (claim, schedules, mail) serve the whole server, like the
 * analysis queue: they are the worker's, not a user's.
 */
import type { Insertable, Kysely } from 'kysely';
import type { BlobReferenceCheck } from '../platform/blobs/index.ts';
import type { Db, DbExecutor } from '../platform/db/index.ts';
import type { Database, ReportsTable } from '../platform/db/schema.ts';
import { runListQuery, type ListPage, type ParsedListQuery } from '../http/list-query.ts';
import { reportsResource } from './reports.list.ts';
import type { ReportRow } from './reports.model.ts';

export type NewReportRow = Insertable<ReportsTable>;

export interface FinishedFile {
  sha256: string;
  size: number;
  generatedAt: string;
  generationMs: number;
  /** Queue the file for mailing (recipients set). */
  mail: boolean;
}

export class ReportsRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;

  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
  }

  transaction<T>(work: (trx: DbExecutor) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(work);
  }

  async insert(row: NewReportRow): Promise<ReportRow> {
    return this.kysely.insertInto('reports').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findById(userId: string, id: string, executor: DbExecutor = this.kysely): Promise<ReportRow | undefined> {
    return executor.selectFrom('reports').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  /** The ids among `ids` that are honeypots of this user. */
  async ownedHoneypots(userId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.kysely.selectFrom('honeypots').select('id').where('user_id', '=', userId).where('id', 'in', ids).execute();
    return new Set(rows.map((row) => row.id));
  }

  list(userId: string, parsed: ParsedListQuery): Promise<ListPage> {
    return runListQuery(this.db, reportsResource, parsed, (qb) => qb.where('reports.user_id', '=', userId));
  }

  /** Deletes the user's report; returns its file's digest (null when none) or undefined when it was not theirs. */
  async delete(trx: DbExecutor, userId: string, id: string): Promise<{ file: string | null } | undefined> {
    const row = await trx.deleteFrom('reports').where('user_id', '=', userId).where('id', '=', id).returning('file_sha256').executeTakeFirst();
    return row === undefined ? undefined : { file: row.file_sha256 };
  }

  /**
   * Queues a generation unless one is already queued or running (one at a time per report). Returns the
   * row as it now is, or undefined when the user has no such report.
   */
  async queueGeneration(userId: string, id: string, nowIso: string, status: 'pending' | 'generating'): Promise<ReportRow | undefined> {
    await this.kysely.updateTable('reports')
      .set({ status, job_queued_at: nowIso, job_attempts: 0, error: null, updated_at: nowIso })
      .where('user_id', '=', userId).where('id', '=', id).where('job_queued_at', 'is', null)
      .execute();
    return this.findById(userId, id);
  }

  /**
   * Claims the oldest queued generation whose lease is free or lapsed, taking a new lease and token.
   * Several workers on one PostgreSQL never claim the same row (FOR UPDATE SKIP LOCKED).
   */
  async claim(nowIso: string, leaseUntilIso: string, token: string): Promise<ReportRow | undefined> {
    let due = this.kysely.selectFrom('reports').select('id')
      .where('job_queued_at', 'is not', null)
      .where((eb) => eb.or([eb('job_claimed_until', 'is', null), eb('job_claimed_until', '<', nowIso)]))
      .orderBy('job_queued_at').orderBy('id').limit(1);
    if (this.db.engine === 'postgres') due = due.forUpdate().skipLocked();
    return this.kysely.updateTable('reports')
      .set((eb) => ({ status: 'generating', job_claimed_until: leaseUntilIso, job_token: token, job_attempts: eb('job_attempts', '+', 1) }))
      .where('id', 'in', due)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Records a finished file if the claim (token) still holds, in one transaction with queueing the
   * previous file for deletion (`release`). Returns false when the claim was lost (report deleted, or
   * the lease lapsed and another worker took over).
   */
  async finish(id: string, token: string, file: FinishedFile, release: (trx: DbExecutor, sha256: string) => Promise<void>): Promise<boolean> {
    return this.transaction(async (trx) => {
      const current = await trx.selectFrom('reports').select('file_sha256').where('id', '=', id).where('job_token', '=', token).executeTakeFirst();
      if (current === undefined) return false;
      await trx.updateTable('reports').set({
        status: 'ready', error: null, file_sha256: file.sha256, file_size: file.size, generated_at: file.generatedAt, generation_ms: file.generationMs,
        job_queued_at: null, job_claimed_until: null, job_token: null, job_attempts: 0,
        mail_pending: file.mail ? 1 : 0, mail_attempts: 0, mail_error: null, updated_at: file.generatedAt,
      }).where('id', '=', id).execute();
      if (current.file_sha256 !== null && current.file_sha256 !== file.sha256) await release(trx, current.file_sha256);
      return true;
    });
  }

  /** Records a failed generation (the previous file, if any, is no longer offered). False when the claim was lost. */
  async fail(id: string, token: string, error: string, nowIso: string): Promise<boolean> {
    const rows = await this.kysely.updateTable('reports')
      .set({ status: 'failed', error, job_queued_at: null, job_claimed_until: null, job_token: null, updated_at: nowIso })
      .where('id', '=', id).where('job_token', '=', token)
      .returning('id').execute();
    return rows.length > 0;
  }

  /** Scheduled reports due at `nowIso` with no generation queued or running (a busy one fires when it is done). */
  dueSchedules(nowIso: string, limit: number): Promise<ReportRow[]> {
    return this.kysely.selectFrom('reports').selectAll()
      .where('next_run_at', 'is not', null).where('next_run_at', '<=', nowIso).where('job_queued_at', 'is', null)
      .orderBy('next_run_at').orderBy('id').limit(limit).execute();
  }

  /**
   * Fires one schedule: sets the period that just ended, queues a generation and moves `next_run_at`
   * on — only if nobody fired it meanwhile (compare-and-set on next_run_at). True when this call fired it.
   */
  async fireSchedule(row: ReportRow, period: { start: string; end: string }, nextRunIso: string, nowIso: string): Promise<boolean> {
    const rows = await this.kysely.updateTable('reports').set({
      period_start: period.start, period_end: period.end, next_run_at: nextRunIso,
      status: row.status === 'pending' ? 'pending' : 'generating', job_queued_at: nowIso, job_attempts: 0, error: null, updated_at: nowIso,
    }).where('id', '=', row.id).where('next_run_at', '=', row.next_run_at).where('job_queued_at', 'is', null)
      .returning('id').execute();
    return rows.length > 0;
  }

  /** Ready reports whose file still has to be mailed. */
  pendingMail(limit: number): Promise<ReportRow[]> {
    return this.kysely.selectFrom('reports').selectAll().where('mail_pending', '=', 1).where('status', '=', 'ready').orderBy('id').limit(limit).execute();
  }

  /** Marks a mailing done (sent, or given up with `error`) — only for the file it was about. */
  async mailDone(id: string, sha256: string, error: string | null, final: boolean): Promise<void> {
    await this.kysely.updateTable('reports')
      .set((eb) => ({ mail_pending: final ? 0 : 1, mail_error: error, mail_attempts: eb('mail_attempts', '+', 1) }))
      .where('id', '=', id).where('file_sha256', '=', sha256).execute();
  }
}

/** Report files one account owns (user erasure queues them). */
export async function ownedReportBlobs(trx: DbExecutor, userId: string): Promise<string[]> {
  const rows = await trx.selectFrom('reports').select('file_sha256').where('user_id', '=', userId).where('file_sha256', 'is not', null).execute();
  return rows.map((row) => row.file_sha256!);
}

/** Which of `sha256s` a report still points at (so the blob collector keeps them). */
export const reportBlobReferences: BlobReferenceCheck = async (db, sha256s) => {
  if (sha256s.length === 0) return new Set();
  const rows = await db.selectFrom('reports').select('file_sha256').where('file_sha256', 'in', sha256s).execute();
  return new Set(rows.map((row) => row.file_sha256!));
};
