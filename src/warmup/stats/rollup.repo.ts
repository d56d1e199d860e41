/**
 * SQL of the stats roll-up: which (mailbox, local date) pairs changed, their figures recomputed from
 * `warmup_emails`, the daily rows upserted, and the health inputs read. Not user-scoped (worker).
 *
 * A row's figures count on its `plan_date`: the sending mailbox's local date it was planned for (for a
 * reply or continuation, the replying mailbox's local date of its `scheduled_at`). Definitions
 * (agreed in the warm-up brief): `sent` = sent or bounced; `delivered` = sent and not bounced;
 * `bounced`; `opened` = located and marked read; `replied` = rows that got an answer; `*_landed` /
 * `missing` by `landed_in` (spam counts even if rescued later).
 */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Database } from '../../platform/db/schema.ts';
import { chunks } from '../../platform/chunks.ts';

const ID_CHUNK = 500;

export interface DailyFigures {
  mailbox_id: string;
  date: string;
  sent: number;
  delivered: number;
  opened: number;
  replied: number;
  bounced: number;
  inbox_landed: number;
  spam_landed: number;
  promotions_landed: number;
  missing: number;
}

export interface HealthMailbox {
  id: string;
  domain: string;
  timezone: string;
  sending_ip: string | null;
  dns_spf: string | null;
  dns_dkim: string | null;
  dns_dmarc: string | null;
}

const count = (condition: ReturnType<typeof sql>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;

export class RollupRepo {
  private readonly kysely: Kysely<Database>;

  constructor(db: Db) {
    this.kysely = db.kysely;
  }

  /** (mailbox, plan date) pairs of rows changed at or after `sinceIso`. */
  async touchedSince(sinceIso: string): Promise<Map<string, Set<string>>> {
    const rows = await this.kysely.selectFrom('warmup_emails').select(['mailbox_id', 'plan_date']).distinct().where('updated_at', '>=', sinceIso).execute();
    const touched = new Map<string, Set<string>>();
    for (const row of rows) {
      let dates = touched.get(row.mailbox_id);
      if (dates === undefined) touched.set(row.mailbox_id, (dates = new Set()));
      dates.add(row.plan_date);
    }
    return touched;
  }

  /** Figures of every (mailbox, date ≥ `fromDate`) for the given mailboxes, from their rows. */
  async figures(mailboxIds: readonly string[], fromDate: string): Promise<DailyFigures[]> {
    const out: DailyFigures[] = [];
    for (const part of chunks(mailboxIds, ID_CHUNK)) {
      const rows = await this.kysely
        .selectFrom('warmup_emails')
        .select([
          'mailbox_id',
          'plan_date as date',
          count(sql`status in ('sent', 'bounced')`).as('sent'),
          count(sql`status = 'sent'`).as('delivered'),
          count(sql`opened_at is not null`).as('opened'),
          count(sql`replied_at is not null`).as('replied'),
          count(sql`status = 'bounced'`).as('bounced'),
          count(sql`landed_in = 'inbox'`).as('inbox_landed'),
          count(sql`landed_in = 'spam'`).as('spam_landed'),
          count(sql`landed_in = 'promotions'`).as('promotions_landed'),
          count(sql`landed_in = 'missing'`).as('missing'),
        ])
        .where('mailbox_id', 'in', part)
        .where('plan_date', '>=', fromDate)
        .groupBy(['mailbox_id', 'plan_date'])
        .execute();
      for (const row of rows) {
        out.push({
          mailbox_id: row.mailbox_id, date: row.date, sent: Number(row.sent), delivered: Number(row.delivered), opened: Number(row.opened),
          replied: Number(row.replied), bounced: Number(row.bounced), inbox_landed: Number(row.inbox_landed), spam_landed: Number(row.spam_landed),
          promotions_landed: Number(row.promotions_landed), missing: Number(row.missing),
        });
      }
    }
    return out;
  }

  /** Inserts or replaces daily rows (idempotent). */
  async upsertDaily(rows: ReadonlyArray<DailyFigures & { health_score: number | null }>, nowIso: string): Promise<void> {
    for (const part of chunks(rows, 200)) {
      await this.kysely
        .insertInto('warmup_daily_stats')
        .values(part.map((r) => ({ ...r, updated_at: nowIso })))
        .onConflict((oc) =>
          oc.columns(['mailbox_id', 'date']).doUpdateSet((eb) => ({
            sent: eb.ref('excluded.sent'),
            delivered: eb.ref('excluded.delivered'),
            opened: eb.ref('excluded.opened'),
            replied: eb.ref('excluded.replied'),
            bounced: eb.ref('excluded.bounced'),
            inbox_landed: eb.ref('excluded.inbox_landed'),
            spam_landed: eb.ref('excluded.spam_landed'),
            promotions_landed: eb.ref('excluded.promotions_landed'),
            missing: eb.ref('excluded.missing'),
            health_score: eb.ref('excluded.health_score'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  /** Stored daily rows of the mailboxes from `fromDate` on. */
  async daily(mailboxIds: readonly string[], fromDate: string): Promise<DailyFigures[]> {
    const out: DailyFigures[] = [];
    for (const part of chunks(mailboxIds, ID_CHUNK)) {
      const rows = await this.kysely.selectFrom('warmup_daily_stats')
        .select(['mailbox_id', 'date', 'sent', 'delivered', 'opened', 'replied', 'bounced', 'inbox_landed', 'spam_landed', 'promotions_landed', 'missing'])
        .where('mailbox_id', 'in', part).where('date', '>=', fromDate).execute();
      out.push(...rows);
    }
    return out;
  }

  async mailboxes(ids: readonly string[]): Promise<HealthMailbox[]> {
    const out: HealthMailbox[] = [];
    for (const part of chunks(ids, ID_CHUNK)) {
      out.push(...(await this.kysely.selectFrom('mailboxes').select(['id', 'domain', 'timezone', 'sending_ip', 'dns_spf', 'dns_dkim', 'dns_dmarc']).where('id', 'in', part).execute()));
    }
    return out;
  }

  /** Ids of every mailbox verified for warm-up (the periodic full health pass). */
  async allVerified(): Promise<string[]> {
    const rows = await this.kysely.selectFrom('mailboxes').select('id').where('verify_state', '=', 'verified').execute();
    return rows.map((r) => r.id);
  }

  /**
   * The blacklists listing each IP or domain at its latest scan (check_results, kind `dnsbl`): a scan
   * keyed by IP+domain lists both. Keys are IPs and domains.
   */
  async listings(ips: readonly string[], domains: readonly string[]): Promise<Map<string, string[]>> {
    const latest = new Map<string, { at: string; lists: string[] }>();
    const keep = (key: string | null, at: string, lists: string[]) => {
      if (key === null) return;
      const known = latest.get(key);
      if (known === undefined || known.at < at) latest.set(key, { at, lists });
    };
    for (const [column, values] of [['ip', ips], ['domain', domains]] as const) {
      for (const part of chunks([...new Set(values)], ID_CHUNK)) {
        const rows = await this.kysely.selectFrom('check_results').select(['ip', 'domain', 'checked_at', 'report'])
          .where('kind', '=', 'dnsbl').where(column, 'in', part).execute();
        for (const row of rows) {
          const report = JSON.parse(row.report) as { blacklists_found?: Array<{ list: string; target: 'ip' | 'domain' }> };
          const found = report.blacklists_found ?? [];
          keep(row.ip, row.checked_at, found.filter((f) => f.target === 'ip').map((f) => f.list));
          keep(row.domain, row.checked_at, found.filter((f) => f.target === 'domain').map((f) => f.list));
        }
      }
    }
    return new Map([...latest].map(([key, value]) => [key, value.lists]));
  }

  async recordHealth(id: string, score: number, confident: boolean, reasonsJson: string, nowIso: string): Promise<void> {
    await this.kysely.updateTable('mailboxes')
      .set({ health_score: score, health_confident: confident ? 1 : 0, health_reasons: reasonsJson, updated_at: nowIso })
      .where('id', '=', id).execute();
  }
}
