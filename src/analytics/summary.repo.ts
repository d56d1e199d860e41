/**
 * The figures of a period summary that rollups cannot give: distinct counts, top senders / domains /
 * IPs, notable indicators, new campaigns and honeypots hit by threats without alerts. Each is one SQL
 * aggregate over the user's emails in the period returning at most `limit` rows (plus a count):
 * memory stays bounded whatever the number of emails.
 *
 * One grouping serves both a top list and its distinct count (top senders and unique senders, top IPs
 * and unique IPs): the groups are materialized once (a few thousand rows), then ranked and counted.
 *
 * How the emails are read depends on the engine (the figures do not):
 * - PostgreSQL hashes each aggregate over the (user_id, received_at) range; the callers run the
 *   queries concurrently over the pool.
 * - SQLite sorts for every GROUP BY, which dominates a long period. When the period holds at least
 *   1/WALK_RATIO of the user's mail, the group-bys walk an index ordered by their key (migration 0014)
 *   instead: no sort, no table lookups, but every entry of the user is read. Shorter periods, and
 *   filtered summaries (the indexes lack honeypot_id), keep the (user_id, received_at) range. The choice is forced with INDEXED BY so it does not depend on
 *   statistics; the share comes from the daily rollup.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../platform/db/index.ts';
import { SUMMARY_INDEXES } from '../platform/db/migrations/0014_summary_indexes.ts';
import type { CountersRepo, Scope } from './counters.repo.ts';
import type { CampaignSummary, IndicatorCount, IpCount, SenderCount } from './types.ts';

const THREAT = sql`e.classification in ('THREAT', 'CRITICAL')`;
const THREAT_COUNT = sql`sum(case when ${THREAT} then 1 else 0 end)`;

/**
 * SQLite walks the key-ordered indexes when the user's stored emails are at most this many times the
 * period's. Measured on 1M emails: a walk costs ~0.1 µs per entry of the user, the range ~1.4 µs per
 * email of the period (fetch + sort), so the walk wins up to ~14×; 12 leaves a margin.
 */
export const WALK_RATIO = 12;
const RANGE_INDEX = 'emails_user_received_idx';

type Access = 'walk' | 'range';
type KeyIndex = 'sender' | 'senderDomain' | 'originIp';

export interface HoneypotNeedingAlerts {
  id: string;
  email_address: string;
  threats: number;
}

export interface TopWithCount<T> {
  top: T[];
  /** Distinct non-null keys in the period (e.g. unique senders). */
  distinct: number;
}

export class SummaryRepo {
  private readonly db: Db;
  private readonly counters: CountersRepo;
  constructor(db: Db, counters: CountersRepo) {
    this.db = db;
    this.counters = counters;
  }

  /** `e.user_id = … and e.received_at in the period` plus the scope's filters. */
  private where(scope: Scope): RawBuilder<unknown> {
    return sql`e.user_id = ${scope.userId} and e.received_at >= ${scope.period.start} and e.received_at < ${scope.period.end}${this.counters.filters(scope, 'e')}`;
  }

  /** How SQLite should read the period (see the file comment); PostgreSQL ignores it. */
  async access(scope: Scope): Promise<Access> {
    // Filters read columns the key-ordered indexes lack: the walk would look up rows in key order.
    if (this.db.engine !== 'sqlite' || scope.honeypotIds.length > 0 || scope.minThreatScore !== null) return 'range';
    const result = await sql<{ total: number | null; period: number | null }>`select sum(d.emails) as total,
        sum(case when d.day >= ${scope.period.start} and d.day < ${scope.period.end} then d.emails else 0 end) as period
      from analytics_daily d where d.user_id = ${scope.userId}`.execute(this.db.kysely);
    const row = result.rows[0];
    const total = Number(row?.total ?? 0);
    const period = Number(row?.period ?? 0);
    return period > 0 && total <= period * WALK_RATIO ? 'walk' : 'range';
  }

  /** `emails e`, with the index SQLite must read it through. */
  private emails(access: Access, key: KeyIndex): RawBuilder<unknown> {
    if (this.db.engine !== 'sqlite') return sql`emails e`;
    return sql`emails e indexed by ${sql.id(access === 'walk' ? SUMMARY_INDEXES[key] : RANGE_INDEX)}`;
  }

  /** Distinct senders and origin IPs (the previous period's; the current one's come with the top lists). */
  async distinctCounts(scope: Scope, access: Access): Promise<{ unique_senders: number; unique_ips: number }> {
    const count = async (query: RawBuilder<{ n: number | string }>) => Number((await query.execute(this.db.kysely)).rows[0]?.n ?? 0);
    const [senders, ips] = await Promise.all([
      count(sql<{ n: number | string }>`select count(*) as n from (select 1 as one from ${this.emails(access, 'sender')}
        where ${this.where(scope)} and e.from_address is not null group by lower(e.from_address)) g`),
      count(sql<{ n: number | string }>`select count(*) as n from (select 1 as one from ${this.emails(access, 'originIp')}
        where ${this.where(scope)} and e.origin_ip is not null group by e.origin_ip) g`),
    ]);
    return { unique_senders: senders, unique_ips: ips };
  }

  /** Top senders by lower-cased address, and how many distinct addresses sent in the period. */
  async senders(scope: Scope, limit: number, access: Access): Promise<TopWithCount<SenderCount>> {
    const result = await sql<{ address: string; emails: number | string; max_threat_score: number | null; total: number | string }>`
      with g as materialized (select lower(e.from_address) as address, count(*) as emails, max(e.threat_score) as max_threat_score
        from ${this.emails(access, 'sender')} where ${this.where(scope)} and e.from_address is not null group by lower(e.from_address))
      select g.address, g.emails, g.max_threat_score, (select count(*) from g) as total from g order by g.emails desc, g.address limit ${limit}`.execute(this.db.kysely);
    return {
      top: result.rows.map((r) => ({ address: r.address, domain: domainOf(r.address), emails: Number(r.emails), max_threat_score: r.max_threat_score === null ? null : Number(r.max_threat_score) })),
      distinct: Number(result.rows[0]?.total ?? 0),
    };
  }

  /** By the sender's registered domain as the analysis found it (pending mail has none yet). */
  async topSenderDomains(scope: Scope, limit: number, access: Access): Promise<Array<{ domain: string; emails: number; threats: number }>> {
    const result = await sql<{ domain: string; emails: number | string; threats: number | string }>`select e.sender_domain as domain, count(*) as emails, ${THREAT_COUNT} as threats
      from ${this.emails(access, 'senderDomain')} where ${this.where(scope)} and e.sender_domain is not null
      group by e.sender_domain order by count(*) desc, e.sender_domain limit ${limit}`.execute(this.db.kysely);
    return result.rows.map((r) => ({ domain: r.domain, emails: Number(r.emails), threats: Number(r.threats) }));
  }

  /**
   * Top origin IPs with where they are (the greatest stored country, ASN and AS name of the IP's
   * emails in the period), and how many distinct IPs sent. On SQLite the location of the listed IPs is
   * a second, small query (the key-ordered index does not hold it).
   */
  async ips(scope: Scope, limit: number, access: Access): Promise<TopWithCount<IpCount & { threats: number }>> {
    const postgres = this.db.engine === 'postgres';
    const locationColumns = postgres ? sql`, max(e.origin_country) as country_code, max(e.origin_asn) as asn, max(e.origin_as_org) as as_org` : sql``;
    const result = await sql<{ ip: string; emails: number | string; threats: number | string; max_threat_score: number | null; total: number | string } & Partial<Location>>`
      with g as materialized (select e.origin_ip as ip, count(*) as emails, ${THREAT_COUNT} as threats, max(e.threat_score) as max_threat_score${locationColumns}
        from ${this.emails(access, 'originIp')} where ${this.where(scope)} and e.origin_ip is not null group by e.origin_ip)
      select g.*, (select count(*) from g) as total from g order by g.emails desc, g.ip limit ${limit}`.execute(this.db.kysely);
    const located = postgres ? new Map(result.rows.map((r) => [r.ip, r as Location])) : await this.locations(scope, result.rows.map((r) => r.ip));
    return {
      top: result.rows.map((r) => {
        const where = located.get(r.ip);
        return {
          ip: r.ip, country_code: where?.country_code ?? 'ZZ', asn: where?.asn === null || where?.asn === undefined ? null : Number(where.asn), as_org: where?.as_org ?? null,
          emails: Number(r.emails), threats: Number(r.threats), max_threat_score: r.max_threat_score === null ? null : Number(r.max_threat_score),
        };
      }),
      distinct: Number(result.rows[0]?.total ?? 0),
    };
  }

  /** The same maxima as the grouped query, for a few IPs: an index seek per IP, then its period's rows. */
  private async locations(scope: Scope, ips: string[]): Promise<Map<string, Location>> {
    if (ips.length === 0) return new Map();
    const result = await sql<Location & { ip: string }>`select e.origin_ip as ip, max(e.origin_country) as country_code, max(e.origin_asn) as asn, max(e.origin_as_org) as as_org
      from emails e indexed by ${sql.id(SUMMARY_INDEXES.originIp)} where ${this.where(scope)} and e.origin_ip in (${sql.join(ips)}) group by e.origin_ip`.execute(this.db.kysely);
    return new Map(result.rows.map((r) => [r.ip, r]));
  }

  /** Indicator types over the period's threats, by how many threats carry them. */
  async notableIndicators(scope: Scope, limit: number): Promise<IndicatorCount[]> {
    const result = this.db.engine === 'postgres' ? await this.indicatorsPostgres(scope, limit) : await this.indicatorsSqlite(scope, limit);
    return result.filter((r) => r.type !== null).map((r) => ({ type: r.type, description: r.description ?? '', emails: Number(r.emails) }));
  }

  /** Through the partial index of threats (migration 0014); rowid is the email's identity here. */
  private async indicatorsSqlite(scope: Scope, limit: number): Promise<IndicatorRow[]> {
    const result = await sql<IndicatorRow>`select j.value ->> '$.type' as type, min(j.value ->> '$.description') as description, count(distinct e.rowid) as emails
      from emails e, json_each(e.indicators) as j where ${this.where(scope)} and ${THREAT} and e.indicators is not null
      group by 1 order by count(distinct e.rowid) desc, 1 limit ${limit}`.execute(this.db.kysely);
    return result.rows;
  }

  /**
   * Each email's indicator types are first reduced to one row per type (with its least description),
   * so the outer count is a plain hashed count per type: the same figures as count(distinct e.id).
   */
  private async indicatorsPostgres(scope: Scope, limit: number): Promise<IndicatorRow[]> {
    const result = await sql<IndicatorRow>`select t.type, min(t.description) as description, count(*) as emails
      from emails e cross join lateral (select j.value ->> 'type' as type, min(j.value ->> 'description') as description
        from json_array_elements(e.indicators::json) as j(value) group by j.value ->> 'type') t
      where ${this.where(scope)} and ${THREAT} and e.indicators is not null
      group by t.type order by count(*) desc, t.type limit ${limit}`.execute(this.db.kysely);
    return result.rows;
  }

  /** Campaigns first seen in the period, largest first. */
  async newCampaigns(scope: Scope, limit: number): Promise<CampaignSummary[]> {
    const result = await sql<{ id: string; first_seen_at: string; last_seen_at: string; message_count: number; honeypot_count: number; max_threat_score: number | null; representative_subject: string | null }>`
      select c.id, c.first_seen_at, c.last_seen_at, c.message_count, c.honeypot_count, c.max_threat_score, c.representative_subject
      from campaigns c where ${this.counters.campaignScope(scope)}
      order by c.message_count desc, c.first_seen_at, c.id limit ${limit}`.execute(this.db.kysely);
    return result.rows.map((r) => ({
      id: r.id, first_seen: r.first_seen_at, last_seen: r.last_seen_at, message_count: Number(r.message_count), honeypot_count: Number(r.honeypot_count),
      max_threat_score: r.max_threat_score === null ? null : Number(r.max_threat_score), representative_subject: r.representative_subject,
    }));
  }

  /**
   * The user's honeypots with alerts off that received threats in the period, most threats first.
   * Most users have none with alerts off: then the period's threats are not read at all.
   */
  async honeypotsWithoutAlerts(scope: Scope, limit: number): Promise<HoneypotNeedingAlerts[]> {
    const silent = await sql<{ n: number | string }>`select count(*) as n from honeypots h where h.user_id = ${scope.userId} and h.alerts_enabled = 0`.execute(this.db.kysely);
    if (Number(silent.rows[0]?.n ?? 0) === 0) return [];
    const result = await sql<{ id: string; email_address: string; threats: number | string }>`select h.id, h.email_address, count(*) as threats
      from emails e join honeypots h on h.id = e.honeypot_id and h.user_id = e.user_id
      where ${this.where(scope)} and ${THREAT} and h.alerts_enabled = 0
      group by h.id, h.email_address order by count(*) desc, h.id limit ${limit}`.execute(this.db.kysely);
    return result.rows.map((r) => ({ id: r.id, email_address: r.email_address, threats: Number(r.threats) }));
  }
}

interface Location {
  country_code: string | null;
  asn: number | string | null;
  as_org: string | null;
}

interface IndicatorRow {
  type: string;
  description: string | null;
  emails: number | string;
}

function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at < 0 || at === address.length - 1 ? null : address.slice(at + 1);
}
