/**
 * SQL for campaigns, always scoped to the owning user. The clustering queries run inside the
 * analysis transaction (`trx`); each is one indexed lookup, so joining a campaign costs a few index
 * probes whatever the number of stored emails.
 */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { runListQuery, type ListPage, type ParsedListQuery } from '../http/list-query.ts';
import type { Db, DbExecutor } from '../platform/db/index.ts';
import type { CampaignsTable } from '../platform/db/schema.ts';
import type { Bands } from './clustering.ts';
import { campaignsResource, MIN_LISTED_MESSAGES } from './campaigns.list.ts';

export type CampaignRow = Selectable<CampaignsTable>;
export type NewCampaignRow = Insertable<CampaignsTable>;
export type CampaignChanges = Omit<Updateable<CampaignsTable>, 'id' | 'user_id' | 'first_seen_at'>;

/** SimHash candidates examined per message; far above what a band value matches (~1.5 rows at 100,000 campaigns). */
const MAX_SIMHASH_CANDIDATES = 200;

export class CampaignsRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /**
   * Serialises campaign assignment per user until the transaction ends. On PostgreSQL two workers
   * analysing two copies of one phish at once would otherwise both find no campaign and create two;
   * an advisory transaction lock makes the second wait and then find the first's. SQLite runs one
   * write transaction at a time, so nothing is needed there.
   */
  async lockUser(trx: DbExecutor, userId: string): Promise<void> {
    if (this.db.engine !== 'postgres') return;
    await sql`select pg_advisory_xact_lock(hashtextextended(${`campaigns:${userId}`}, 0))`.execute(trx);
  }

  /** A campaign holding an earlier email with one of these attachments (most recently active first). */
  async findByAttachment(trx: DbExecutor, userId: string, sha256s: readonly string[]): Promise<string | undefined> {
    if (sha256s.length === 0) return undefined;
    const row = await trx.selectFrom('email_attachments')
      .innerJoin('emails', 'emails.id', 'email_attachments.email_id')
      .select('emails.campaign_id')
      .where('email_attachments.user_id', '=', userId)
      .where('email_attachments.sha256', 'in', [...sha256s])
      .where('emails.campaign_id', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return row?.campaign_id ?? undefined;
  }

  /** Campaigns whose representative SimHash shares at least one band with `bands` (to be checked exactly). */
  findBySimhashBands(trx: DbExecutor, userId: string, bands: Bands): Promise<Array<{ id: string; body_simhash: string | null }>> {
    return trx.selectFrom('campaigns').select(['id', 'body_simhash'])
      .where('user_id', '=', userId)
      .where((eb) => eb.or([
        eb('simhash_band0', '=', bands[0]),
        eb('simhash_band1', '=', bands[1]),
        eb('simhash_band2', '=', bands[2]),
        eb('simhash_band3', '=', bands[3]),
      ]))
      .limit(MAX_SIMHASH_CANDIDATES)
      .execute();
  }

  async findByUrlSet(trx: DbExecutor, userId: string, urlSet: string): Promise<string | undefined> {
    const row = await trx.selectFrom('campaigns').select('id')
      .where('user_id', '=', userId).where('url_set', '=', urlSet)
      .orderBy('last_seen_at', 'desc').limit(1).executeTakeFirst();
    return row?.id;
  }

  async findByInfrastructure(trx: DbExecutor, userId: string, senderDomain: string, originNetwork: string): Promise<string | undefined> {
    const row = await trx.selectFrom('campaigns').select('id')
      .where('user_id', '=', userId).where('sender_domain', '=', senderDomain).where('origin_network', '=', originNetwork)
      .orderBy('last_seen_at', 'desc').limit(1).executeTakeFirst();
    return row?.id;
  }

  find(executor: DbExecutor, userId: string, id: string): Promise<CampaignRow | undefined> {
    return executor.selectFrom('campaigns').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  async insert(trx: DbExecutor, row: NewCampaignRow): Promise<void> {
    await trx.insertInto('campaigns').values(row).execute();
  }

  async update(trx: DbExecutor, userId: string, id: string, changes: CampaignChanges): Promise<void> {
    await trx.updateTable('campaigns').set(changes).where('user_id', '=', userId).where('id', '=', id).execute();
  }

  async setEmailsCampaign(trx: DbExecutor, userId: string, emailIds: readonly string[], campaignId: string): Promise<void> {
    await trx.updateTable('emails').set({ campaign_id: campaignId }).where('user_id', '=', userId).where('id', 'in', [...emailIds]).execute();
  }

  /** Listed campaigns: those with at least MIN_LISTED_MESSAGES messages (a single message is not a campaign yet). */
  list(userId: string, parsed: ParsedListQuery): Promise<ListPage> {
    return runListQuery(this.db, campaignsResource, parsed, (qb) =>
      qb.where('user_id', '=', userId).where('message_count', '>=', MIN_LISTED_MESSAGES));
  }

  /** Ids of the campaign's latest emails, newest first. */
  async latestEmailIds(userId: string, campaignId: string, limit: number): Promise<string[]> {
    const rows = await this.db.kysely.selectFrom('emails').select('id')
      .where('user_id', '=', userId).where('campaign_id', '=', campaignId)
      .orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => r.id);
  }
}
