/**
 * Period figures from the rollups (migration 0011), exact for any [start, end):
 *
 *   [start ─ raw ─┤ whole hours (hourly) ├─ whole days (daily) ─┤ whole hours ├─ raw ─ end)
 *
 * Whole UTC days come from `analytics_daily` (one row per user and day), the whole hours around them
 * from `analytics_hourly`, and the minutes before the first and after the last whole hour from
 * `emails` itself (index (user_id, received_at); at most two hours of mail). A honeypot filter skips
 * the daily table (it has no honeypot); a minimum threat score reads `emails` only (the rollups do not
 * know scores per email). Every query aggregates in SQL: memory is bounded by the number of buckets.
 * All queries are scoped to one user.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../platform/db/index.ts';
import { COUNTER_COLUMNS, counterExpressions, dayOf, hourOf, type CounterColumn } from '../platform/db/migrations/0011_analytics.ts';
import type { Period } from './types.ts';

export type Counters = Record<CounterColumn, number>;
export type BucketSize = 'none' | 'hour' | 'day';

export interface Scope {
  userId: string;
  period: Period;
  /** Only these honeypots; all of the user's when empty. */
  honeypotIds: readonly string[];
  /** Only emails with threat_score ≥ this; null for all (pending ones included). */
  minThreatScore: number | null;
}

type Source = 'raw' | 'hourly' | 'daily';
interface Segment {
  source: Source;
  start: number;
  end: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTER_COLUMNS.map((c) => [c, 0])) as Counters;
}

export function addCounters(into: Counters, more: Counters): void {
  for (const c of COUNTER_COLUMNS) into[c] += more[c];
}

/** Splits a period into segments each source can answer exactly (see the file comment). */
export function planSegments(scope: Scope, bucket: BucketSize, unit: 'hour' | 'day' = 'day'): Segment[] {
  const start = Date.parse(scope.period.start);
  const end = Date.parse(scope.period.end);
  if (scope.minThreatScore !== null) return [{ source: 'raw', start, end }];
  const h1 = ceilTo(start, HOUR_MS);
  const h2 = floorTo(end, HOUR_MS);
  if (h1 >= h2) return [{ source: 'raw', start, end }];
  const segments: Segment[] = [{ source: 'raw', start, end: h1 }];
  const daily = bucket !== 'hour' && scope.honeypotIds.length === 0 && unit === 'day';
  const d1 = ceilTo(h1, DAY_MS);
  const d2 = floorTo(h2, DAY_MS);
  if (daily && d1 < d2) {
    segments.push({ source: 'hourly', start: h1, end: d1 }, { source: 'daily', start: d1, end: d2 }, { source: 'hourly', start: d2, end: h2 });
  } else {
    segments.push({ source: 'hourly', start: h1, end: h2 });
  }
  segments.push({ source: 'raw', start: h2, end });
  return segments.filter((s) => s.start < s.end);
}

export class CountersRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** Counters per bucket start (ISO), or under the key '' for `none`. */
  async sum(scope: Scope, bucket: BucketSize): Promise<Map<string, Counters>> {
    const out = new Map<string, Counters>();
    for (const segment of planSegments(scope, bucket)) {
      const rows = await this.segmentQuery(scope, segment, bucket).execute(this.db.kysely);
      for (const row of rows.rows) {
        const key = row.bucket ?? '';
        const counters = out.get(key) ?? zeroCounters();
        for (const c of COUNTER_COLUMNS) counters[c] += Number(row[c] ?? 0);
        out.set(key, counters);
      }
    }
    return out;
  }

  /** The whole period's counters. */
  async total(scope: Scope): Promise<Counters> {
    return (await this.sum(scope, 'none')).get('') ?? zeroCounters();
  }

  /**
   * How many distinct honeypots received mail in the period: the raw edges in one query, the whole
   * hours by one index seek per honeypot of the user (index (honeypot_id, hour)).
   */
  async honeypotsHit(scope: Scope): Promise<number> {
    const ids = new Set<string>();
    for (const segment of planSegments(scope, 'hour')) {
      const range = [iso(segment.start), iso(segment.end)] as const;
      const query = segment.source === 'raw'
        ? sql<{ honeypot_id: string }>`select distinct e.honeypot_id from emails e where e.user_id = ${scope.userId} and e.received_at >= ${range[0]} and e.received_at < ${range[1]}${this.filters(scope, 'e')}`
        : sql<{ honeypot_id: string }>`select p.id as honeypot_id from honeypots p where p.user_id = ${scope.userId}${scope.honeypotIds.length > 0 ? sql` and p.id in (${sql.join(scope.honeypotIds)})` : sql``}
            and exists (select 1 from analytics_hourly h where h.honeypot_id = p.id and h.hour >= ${range[0]} and h.hour < ${range[1]} and h.emails > 0)`;
      for (const row of (await query.execute(this.db.kysely)).rows) ids.add(row.honeypot_id);
    }
    return ids.size;
  }

  /** Campaigns of the user whose first message falls in the period (with the scope's filters: one of their emails matches). */
  async newCampaignCount(scope: Scope): Promise<number> {
    const row = await sql<{ n: number | string }>`select count(*) as n from campaigns c where ${this.campaignScope(scope)}`.execute(this.db.kysely);
    return Number(row.rows[0]?.n ?? 0);
  }

  /** Shared with the summary's campaign list. */
  campaignScope(scope: Scope): RawBuilder<unknown> {
    const base = sql`c.user_id = ${scope.userId} and c.first_seen_at >= ${scope.period.start} and c.first_seen_at < ${scope.period.end}`;
    if (scope.honeypotIds.length === 0 && scope.minThreatScore === null) return base;
    return sql`${base} and exists (select 1 from emails e where e.user_id = c.user_id and e.campaign_id = c.id${this.filters(scope, 'e')})`;
  }

  /** ` and …` conditions for the honeypot and score filters on alias `e` (emails) or `h` (hourly). */
  filters(scope: Scope, alias: 'e' | 'h'): RawBuilder<unknown> {
    const parts: RawBuilder<unknown>[] = [];
    if (scope.honeypotIds.length > 0) parts.push(sql` and ${sql.ref(`${alias}.honeypot_id`)} in (${sql.join(scope.honeypotIds)})`);
    if (alias === 'e' && scope.minThreatScore !== null) parts.push(sql` and e.threat_score >= ${scope.minThreatScore}`);
    return parts.length === 0 ? sql`` : sql.join(parts, sql``);
  }

  private segmentQuery(scope: Scope, segment: Segment, bucket: BucketSize) {
    const range = [iso(segment.start), iso(segment.end)] as const;
    if (segment.source === 'raw') {
      const expressions = counterExpressions('e');
      const sums = COUNTER_COLUMNS.map((c) => `sum(${expressions[c]}) as ${c}`).join(', ');
      const key = bucket === 'hour' ? hourOf('e') : bucket === 'day' ? dayOf('e') : `''`;
      return sql<Record<CounterColumn, number | null> & { bucket: string | null }>`select ${sql.raw(key)} as bucket, ${sql.raw(sums)} from emails e where e.user_id = ${scope.userId} and e.received_at >= ${range[0]} and e.received_at < ${range[1]}${this.filters(scope, 'e')}${groupBy(bucket, key)}`;
    }
    const sums = COUNTER_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', ');
    if (segment.source === 'hourly') {
      const key = bucket === 'hour' ? 'h.hour' : bucket === 'day' ? `(substr(h.hour, 1, 10) || 'T00:00:00.000Z')` : `''`;
      return sql<Record<CounterColumn, number | null> & { bucket: string | null }>`select ${sql.raw(key)} as bucket, ${sql.raw(sums)} from analytics_hourly h where h.user_id = ${scope.userId} and h.hour >= ${range[0]} and h.hour < ${range[1]}${this.filters(scope, 'h')}${groupBy(bucket, key)}`;
    }
    const key = bucket === 'day' ? 'd.day' : `''`;
    return sql<Record<CounterColumn, number | null> & { bucket: string | null }>`select ${sql.raw(key)} as bucket, ${sql.raw(sums)} from analytics_daily d where d.user_id = ${scope.userId} and d.day >= ${range[0]} and d.day < ${range[1]}${groupBy(bucket, key)}`;
  }
}

function groupBy(bucket: BucketSize, key: string): RawBuilder<unknown> {
  return bucket === 'none' ? sql`` : sql.raw(` group by ${key}`);
}
