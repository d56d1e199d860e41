/**
 * SQL for the analysis queue and its results. The queue is the `emails` table itself: a row with
 * `analysis_status = 'pending'` is a job; claiming it takes a lease (`analysis_claimed_until`) so a
 * crashed worker's rows are taken again once the lease runs out, and several worker processes on one
 * PostgreSQL never claim the same row (FOR UPDATE SKIP LOCKED). Not user-scoped: the worker serves the
 * whole server.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Db, DbExecutor } from '../platform/db/index.ts';
import type { Database } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import type { AnalysisResult, ParsedContent } from './analyzer.ts';
import type { AttachmentVerdict } from './attachments/index.ts';

/** Attachment rows per multi-row INSERT (15 columns × 100 stays far below both engines' parameter limits). */
const INSERT_CHUNK_ROWS = 100;

export interface ClaimedEmail {
  id: string;
  user_id: string;
  honeypot_id: string;
  raw_sha256: string;
  transport: 'smtp' | 'http';
  smtp_ip: string | null;
  smtp_helo: string | null;
  smtp_mail_from: string | null;
  smtp_server: string;
  analysis_attempts: number;
}

export class AnalysisRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;
  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
  }

  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(work);
  }

  /** Claims up to `limit` pending rows, oldest first, whose lease is free or expired. */
  async claim(limit: number, nowIso: string, leaseUntilIso: string): Promise<ClaimedEmail[]> {
    let due = this.kysely.selectFrom('emails').select('id')
      .where('analysis_status', '=', 'pending')
      .where((eb) => eb.or([eb('analysis_claimed_until', 'is', null), eb('analysis_claimed_until', '<', nowIso)]))
      .orderBy('received_at').orderBy('id').limit(limit);
    if (this.db.engine === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await this.kysely.updateTable('emails')
      .set({ analysis_claimed_until: leaseUntilIso, analysis_attempts: sql<number>`analysis_attempts + 1` })
      .where('id', 'in', due)
      .returning(['id', 'user_id', 'honeypot_id', 'raw_sha256', 'transport', 'smtp_ip', 'smtp_helo', 'smtp_mail_from', 'smtp_server', 'analysis_attempts'])
      .execute();
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** The ids among `emailIds` that still exist (a row deleted while it was analysed is skipped). */
  async existing(trx: DbExecutor, emailIds: readonly string[]): Promise<string[]> {
    const rows = await trx.selectFrom('emails').select('id').where('id', 'in', [...emailIds]).execute();
    return rows.map((r) => r.id);
  }

  /**
   * Stores what the capture path left for later: bodies, parse warnings and one attachment row per
   * attachment (their blobs are already written), with the analysis verdicts when there are any.
   */
  async storeContent(trx: DbExecutor, rows: ReadonlyArray<{ id: string; user_id: string }>, content: ParsedContent, verdicts: readonly AttachmentVerdict[] | null, nowMs: number): Promise<void> {
    if (rows.length === 0) return;
    await trx.updateTable('emails').set({
      body_text: content.text,
      body_html: content.html,
      parse_warnings: JSON.stringify(content.warnings),
      attachment_count: content.attachments.length,
    }).where('id', 'in', rows.map((r) => r.id)).execute();
    const attachments = rows.flatMap((row) => content.attachments.map((a, position) => {
      const verdict = verdicts?.[position];
      return {
        id: newId('att', nowMs),
        email_id: row.id,
        user_id: row.user_id,
        position,
        filename: a.filename,
        declared_content_type: a.declaredContentType,
        sniffed_content_type: a.sniffedContentType,
        size: a.size,
        sha256: a.sha256,
        disposition: a.disposition,
        content_id: a.contentId,
        sha1: verdict?.sha1 ?? null,
        md5: verdict?.md5 ?? null,
        malware_detected: verdict === undefined ? null : verdict.malwareDetected ? 1 : 0,
        threat_name: verdict?.threatName ?? null,
      };
    }));
    for (let start = 0; start < attachments.length; start += INSERT_CHUNK_ROWS) {
      await trx.insertInto('email_attachments').values(attachments.slice(start, start + INSERT_CHUNK_ROWS)).execute();
    }
  }

  /** Writes one analysis to every row analysed from the same message; a row deleted meanwhile is skipped. */
  async complete(trx: DbExecutor, emailIds: readonly string[], result: AnalysisResult, nowIso: string): Promise<void> {
    const { scores } = result;
    await trx.updateTable('emails').set({
      threat_score: scores.threat_score,
      malware_score: scores.malware_score,
      spam_score: scores.spam_score,
      phishing_score: scores.phishing_score,
      reputation_score: scores.reputation_score,
      classification: scores.classification,
      analysis_status: 'complete',
      indicators: JSON.stringify(result.indicators),
      iocs: JSON.stringify(result.iocs),
      auth_results: JSON.stringify(result.auth),
      fingerprint: JSON.stringify(result.fingerprint),
      body_simhash: result.fingerprint.body_simhash,
      sender_domain: result.fingerprint.infrastructure.sender_domain,
      analysis_claimed_until: null,
      analyzed_at: nowIso,
      analysis_error: null,
    }).where('id', 'in', [...emailIds]).execute();
  }

  /** Gives the rows back to the queue (lease cleared) or, when `final`, marks them failed. */
  async fail(emailIds: readonly string[], error: string, nowIso: string, final: boolean, executor: DbExecutor = this.kysely): Promise<void> {
    if (emailIds.length === 0) return;
    await executor.updateTable('emails').set(final
      ? { analysis_status: 'failed', analysis_error: error, analysis_claimed_until: null, analyzed_at: nowIso }
      : { analysis_error: error, analysis_claimed_until: null })
      .where('id', 'in', [...emailIds]).where('analysis_status', '=', 'pending').execute();
  }

  async pendingCount(): Promise<number> {
    const row = await this.kysely.selectFrom('emails').select((eb) => eb.fn.countAll<number>().as('n')).where('analysis_status', '=', 'pending').executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
