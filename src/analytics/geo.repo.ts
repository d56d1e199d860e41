/**
 * Where a period's mail came from, per (country, ASN): whole UTC days from `analytics_geo_daily`,
 * the part-days at the edges (and every filtered query) from `emails` grouped in SQL. Only emails
 * whose origin is stored count (the analysis stores it; pending mail has none yet). Scoped to one user.
 * The result has one row per country and AS seen, a few thousand at most, never one per email.
 */
import { sql } from 'kysely';
import type { Db } from '../platform/db/index.ts';
import type { CountersRepo, Scope } from './counters.repo.ts';

export interface GeoRow {
  country_code: string;
  /** 0 when unknown. */
  asn: number;
  as_org: string | null;
  emails: number;
  threats: number;
}

const DAY_MS = 24 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

export class GeoRepo {
  private readonly db: Db;
  private readonly counters: CountersRepo;
  constructor(db: Db, counters: CountersRepo) {
    this.db = db;
    this.counters = counters;
  }

  async byCountryAndAsn(scope: Scope): Promise<GeoRow[]> {
    const merged = new Map<string, GeoRow>();
    for (const segment of this.segments(scope)) {
      const rows = segment.raw ? await this.rawRows(scope, segment.start, segment.end) : await this.rollupRows(scope.userId, segment.start, segment.end);
      for (const row of rows) {
        const key = `${row.country_code}|${row.asn}`;
        const current = merged.get(key);
        if (current === undefined) merged.set(key, { ...row, asn: Number(row.asn), emails: Number(row.emails), threats: Number(row.threats) });
        else {
          current.emails += Number(row.emails);
          current.threats += Number(row.threats);
          current.as_org ??= row.as_org;
        }
      }
    }
    return [...merged.values()].filter((r) => r.emails > 0);
  }

  private segments(scope: Scope): Array<{ raw: boolean; start: number; end: number }> {
    const start = Date.parse(scope.period.start);
    const end = Date.parse(scope.period.end);
    const d1 = Math.ceil(start / DAY_MS) * DAY_MS;
    const d2 = Math.floor(end / DAY_MS) * DAY_MS;
    if (scope.honeypotIds.length > 0 || scope.minThreatScore !== null || d1 >= d2) return [{ raw: true, start, end }];
    return [{ raw: true, start, end: d1 }, { raw: false, start: d1, end: d2 }, { raw: true, start: d2, end }].filter((s) => s.start < s.end);
  }

  private async rollupRows(userId: string, start: number, end: number): Promise<GeoRow[]> {
    const result = await sql<GeoRow>`select g.country_code, g.asn, max(g.as_org) as as_org, sum(g.emails) as emails, sum(g.threats) as threats
      from analytics_geo_daily g where g.user_id = ${userId} and g.day >= ${iso(start)} and g.day < ${iso(end)}
      group by g.country_code, g.asn`.execute(this.db.kysely);
    return result.rows;
  }

  private async rawRows(scope: Scope, start: number, end: number): Promise<GeoRow[]> {
    const result = await sql<GeoRow>`select e.origin_country as country_code, coalesce(e.origin_asn, 0) as asn, max(e.origin_as_org) as as_org,
        count(*) as emails, sum(case when e.classification in ('THREAT', 'CRITICAL') then 1 else 0 end) as threats
      from emails e where e.user_id = ${scope.userId} and e.received_at >= ${iso(start)} and e.received_at < ${iso(end)}
        and e.origin_country is not null${this.counters.filters(scope, 'e')}
      group by e.origin_country, coalesce(e.origin_asn, 0)`.execute(this.db.kysely);
    return result.rows;
  }
}
