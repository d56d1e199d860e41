/**
 * SQL for captured email. Every query a user's request reaches is filtered by the owning user, so
 * another user's id behaves exactly like one that does not exist. The blob reference check and the
 * retention batch are deliberately not user-scoped: they serve the whole server.
 */
import type { Kysely, Transaction } from 'kysely';
import { ListCountCache, runListQuery, type ListPage, type ParsedListQuery } from '../http/list-query.ts';
import type { BlobReferenceCheck } from '../platform/blobs/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Database } from '../platform/db/schema.ts';
import { EMAIL_LIST_COLUMNS, emailsResource } from './emails.list.ts';
import type { EmailAttachmentRow, EmailListRow, EmailRow, NewEmailAttachmentRow, NewEmailRow } from './emails.model.ts';
import type { DbExecutor } from '../platform/db/index.ts';
import { preparedWrite } from '../platform/db/prepared.ts';


/**
 * Rows per multi-row INSERT of attachments: 11 columns × 200 rows stays far below both engines'
 * bound-parameter limits (SQLite 32,766; PostgreSQL 65,535).
 */
const INSERT_CHUNK_ROWS = 200;

/** The columns a captured message's row is inserted with (ingest.service.ts); the rest keep their defaults. */
const CAPTURED_COLUMNS = [
  'id', 'user_id', 'honeypot_id', 'received_at', 'from_address', 'from_name', 'to_addresses', 'subject', 'message_id', 'size',
  'threat_score', 'malware_score', 'spam_score', 'phishing_score', 'reputation_score', 'classification', 'analysis_status',
  'attachment_count', 'raw_sha256', 'headers', 'body_text', 'body_html', 'parse_warnings', 'transport', 'smtp_server', 'smtp_ip',
  'smtp_port', 'smtp_helo', 'smtp_tls', 'smtp_mail_from',
] as const satisfies ReadonlyArray<keyof NewEmailRow>;

/** Every message the SMTP server accepts inserts one row: compiled once (see prepared.ts). */
const insertCapturedRow = preparedWrite<unknown[]>((db) =>
  db.insertInto('emails').values(Object.fromEntries(CAPTURED_COLUMNS.map((column) => [column, null])) as unknown as NewEmailRow));
/** Ids per `in (…)` list when reading digests of many emails. */
const ID_CHUNK = 500;

export class EmailsRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;
  /** Mailboxes grow to millions of rows: totals of big lists are reused for a few seconds. */
  private readonly countCache: ListCountCache;

  constructor(db: Db, countCache: ListCountCache = new ListCountCache()) {
    this.db = db;
    this.kysely = db.kysely;
    this.countCache = countCache;
  }

  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(work);
  }

  /** Inserts the rows of a captured message (every column of CAPTURED_COLUMNS given, null where unknown). */
  async insertCaptured(trx: DbExecutor, emails: readonly NewEmailRow[]): Promise<void> {
    for (const email of emails) await insertCapturedRow(trx, ...CAPTURED_COLUMNS.map((column) => email[column] ?? null));
  }

  async insert(trx: DbExecutor, emails: readonly NewEmailRow[], attachments: readonly NewEmailAttachmentRow[]): Promise<void> {
    if (emails.length > 0) await trx.insertInto('emails').values([...emails]).execute();
    for (let start = 0; start < attachments.length; start += INSERT_CHUNK_ROWS) {
      await trx.insertInto('email_attachments').values(attachments.slice(start, start + INSERT_CHUNK_ROWS)).execute();
    }
  }

  list(userId: string, parsed: ParsedListQuery): Promise<ListPage> {
    return runListQuery(this.db, emailsResource, parsed, (qb) => qb.where('emails.user_id', '=', userId), {
      columns: EMAIL_LIST_COLUMNS,
      countCache: this.countCache,
    });
  }

  findById(userId: string, id: string): Promise<EmailRow | undefined> {
    return this.kysely.selectFrom('emails').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  /** The raw message's digest and size, or undefined when the user has no such email. */
  findRaw(userId: string, id: string): Promise<Pick<EmailListRow, 'id' | 'size'> & { raw_sha256: string } | undefined> {
    return this.kysely.selectFrom('emails').select(['id', 'size', 'raw_sha256']).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  /** Undefined when the user has no such email (so an empty list means "no attachments"). */
  async listAttachments(userId: string, emailId: string): Promise<EmailAttachmentRow[] | undefined> {
    const email = await this.kysely.selectFrom('emails').select('id').where('user_id', '=', userId).where('id', '=', emailId).executeTakeFirst();
    if (email === undefined) return undefined;
    return this.attachmentsOf(userId, emailId);
  }

  attachmentsOf(userId: string, emailId: string): Promise<EmailAttachmentRow[]> {
    return this.kysely.selectFrom('email_attachments').selectAll()
      .where('user_id', '=', userId).where('email_id', '=', emailId).orderBy('position').execute();
  }

  findAttachment(userId: string, emailId: string, attachmentId: string): Promise<EmailAttachmentRow | undefined> {
    return this.kysely.selectFrom('email_attachments').selectAll()
      .where('user_id', '=', userId).where('email_id', '=', emailId).where('id', '=', attachmentId).executeTakeFirst();
  }

  /**
   * Deletes the user's email (its attachments cascade) and returns every blob digest it referenced,
   * or undefined when the user has no such email.
   */
  async delete(trx: DbExecutor, userId: string, id: string): Promise<string[] | undefined> {
    const digests = await this.digestsOf(trx, [id], userId);
    const deleted = await trx.deleteFrom('emails').where('user_id', '=', userId).where('id', '=', id).returning('id').executeTakeFirst();
    return deleted === undefined ? undefined : digests;
  }

  /** Raw and attachment digests of the mail captured by the user's honeypots `honeypotIds`. */
  async digestsOfHoneypots(trx: DbExecutor, userId: string, honeypotIds: readonly string[]): Promise<string[]> {
    const ids = await trx.selectFrom('emails').select('id').where('user_id', '=', userId).where('honeypot_id', 'in', [...honeypotIds]).execute();
    return this.digestsOf(trx, ids.map((row) => row.id), userId);
  }

  /** Raw and attachment digests of the given emails (optionally only the user's). */
  async digestsOf(trx: DbExecutor, ids: readonly string[], userId?: string): Promise<string[]> {
    const digests = new Set<string>();
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      let raws = trx.selectFrom('emails').select('raw_sha256 as sha256').where('id', 'in', chunk);
      let atts = trx.selectFrom('email_attachments').select('sha256').where('email_id', 'in', chunk);
      if (userId !== undefined) {
        raws = raws.where('user_id', '=', userId);
        atts = atts.where('user_id', '=', userId);
      }
      for (const row of await raws.union(atts).execute()) digests.add(row.sha256);
    }
    return [...digests];
  }

  /** Ids of up to `limit` emails (any user) received before `cutoffIso`, oldest first. */
  async idsReceivedBefore(trx: DbExecutor, cutoffIso: string, limit: number): Promise<string[]> {
    const rows = await trx.selectFrom('emails').select('id').where('received_at', '<', cutoffIso)
      .orderBy('received_at').orderBy('id').limit(limit).execute();
    return rows.map((row) => row.id);
  }

  async deleteByIds(trx: DbExecutor, ids: readonly string[]): Promise<number> {
    let deleted = 0;
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const result = await trx.deleteFrom('emails').where('id', 'in', ids.slice(start, start + ID_CHUNK)).executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    return deleted;
  }
}

/** The blob digests one account's email references (raw messages and attachments), for account deletion. */
export async function ownedEmailBlobs(trx: DbExecutor, userId: string): Promise<string[]> {
  const rows = await trx.selectFrom('emails').select('raw_sha256 as sha256').where('user_id', '=', userId)
    .union(trx.selectFrom('email_attachments').select('sha256').where('user_id', '=', userId))
    .execute();
  return rows.map((row) => row.sha256);
}

/** Which of `sha256s` any email still references, as a raw message or an attachment (whoever owns it). */
export const emailBlobReferences: BlobReferenceCheck = async (db, sha256s) => {
  if (sha256s.length === 0) return new Set();
  const rows = await db.selectFrom('emails').select('raw_sha256 as sha256').where('raw_sha256', 'in', sha256s)
    .union(db.selectFrom('email_attachments').select('sha256').where('sha256', 'in', sha256s))
    .execute();
  return new Set(rows.map((row) => row.sha256));
};
