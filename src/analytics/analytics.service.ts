/**
 * `/v1/analytics/*`: overview, threat distribution and geography of one user's captured mail over a
 * period (periods.ts). Figures come from the rollups (counters.repo.ts, geo.repo.ts) and follow the
 * glossary of types.ts; summarizePeriod uses the same functions, so both agree for the same period.
 */
import type { Clock } from '../platform/clock.ts';
import { Unprocessable } from '../platform/errors.ts';
import { addCounters, zeroCounters, type Counters, type CountersRepo, type Scope } from './counters.repo.ts';
import { changesOf, classificationOf, countedTotals, round1, scoreHistogramOf, threatTypesOf, timeBuckets } from './figures.ts';
import { countryName, englishRegions } from './geoip.ts';
import type { GeoRepo, GeoRow } from './geo.repo.ts';
import { granularityOf, parseCompare, previousPeriod, resolvePeriod, type PeriodQuery } from './periods.ts';
import type { AnalyticsOverview, AsnCount, CountryCount, GeographicBreakdown, OverviewTotals, Period, ThreatDistribution } from './types.ts';

export const GROUP_BY = ['type', 'score', 'severity'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface AnalyticsServiceDeps {
  counters: CountersRepo;
  geo: GeoRepo;
  clock: Clock;
}

export class AnalyticsService {
  private readonly deps: AnalyticsServiceDeps;
  constructor(deps: AnalyticsServiceDeps) {
    this.deps = deps;
  }

  async overview(userId: string, query: PeriodQuery & { compare?: string }): Promise<AnalyticsOverview> {
    const period = resolvePeriod(query, this.deps.clock.now());
    const compare = parseCompare(query.compare);
    const scope = unfiltered(userId, period);
    const granularity = granularityOf(period);
    const byBucket = await this.deps.counters.sum(scope, granularity);
    const all = zeroCounters();
    for (const c of byBucket.values()) addCounters(all, c);
    const totals = await this.overviewTotals(scope, all);
    let comparison: AnalyticsOverview['comparison'] = null;
    if (compare) {
      const previous = previousPeriod(period);
      const previousTotals = await this.overviewTotals(unfiltered(userId, previous));
      comparison = { previous_period: previous, previous_totals: previousTotals, changes: changesOf(totals, previousTotals) };
    }
    return {
      period,
      totals,
      classification: classificationOf(all),
      threat_types: threatTypesOf(all),
      time_series: { granularity, buckets: timeBuckets(period, granularity, byBucket) },
      comparison,
    };
  }

  async threatDistribution(userId: string, query: PeriodQuery & { group_by?: string }): Promise<ThreatDistribution> {
    const period = resolvePeriod(query, this.deps.clock.now());
    const groupBy = (query.group_by ?? 'type') as GroupBy;
    if (!GROUP_BY.includes(groupBy)) {
      throw new Unprocessable(`group_by must be one of ${GROUP_BY.join(', ')}.`, { field: 'group_by', value: query.group_by });
    }
    const c = await this.deps.counters.total(unfiltered(userId, period));
    const entries: Array<[string, number]> = groupBy === 'type'
      ? Object.entries(threatTypesOf(c))
      : groupBy === 'severity'
        ? Object.entries(classificationOf(c))
        : scoreHistogramOf(c).map((b) => [b.range, b.emails]);
    const percent = (n: number) => (c.analysed === 0 ? 0 : round1((n / c.analysed) * 100));
    return { period, group_by: groupBy, emails: c.emails, analysed: c.analysed, buckets: entries.map(([key, emails]) => ({ key, emails, percent: percent(emails) })) };
  }

  async geographic(userId: string, query: PeriodQuery & { limit?: string }): Promise<GeographicBreakdown> {
    const period = resolvePeriod(query, this.deps.clock.now());
    const limit = parseLimit(query.limit);
    const rows = await this.deps.geo.byCountryAndAsn(unfiltered(userId, period));
    const located = rows.reduce((sum, r) => sum + r.emails, 0);
    const percent = (n: number) => (located === 0 ? 0 : round1((n / located) * 100));
    return {
      period,
      located_emails: located,
      countries: topCountries(rows, limit).map((c) => ({ ...c, percent: percent(c.emails) })),
      asns: topAsns(rows, limit).map((a) => ({ ...a, percent: percent(a.emails) })),
    };
  }

  /** Counter totals plus honeypots hit and new campaigns (shared with summarizePeriod). */
  async overviewTotals(scope: Scope, known?: Counters): Promise<OverviewTotals> {
    const { counters } = this.deps;
    const [c, honeypotsHit, newCampaigns] = await Promise.all([known ?? counters.total(scope), counters.honeypotsHit(scope), counters.newCampaignCount(scope)]);
    return { ...countedTotals(c), analysed: c.analysed, honeypots_hit: honeypotsHit, new_campaigns: newCampaigns };
  }
}

export function unfiltered(userId: string, period: Period): Scope {
  return { userId, period: { start: period.start, end: period.end }, honeypotIds: [], minThreatScore: null };
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 10;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100) {
    throw new Unprocessable('limit must be a whole number from 1 to 100.', { field: 'limit', value });
  }
  return Number(value);
}

/** Countries by emails (then threats, then code), at most `limit`. */
export function topCountries(rows: readonly GeoRow[], limit: number): CountryCount[] {
  const byCountry = new Map<string, CountryCount>();
  const names = englishRegions();
  for (const row of rows) {
    const current = byCountry.get(row.country_code) ?? { country_code: row.country_code, country_name: countryName(row.country_code, names), emails: 0, threats: 0 };
    current.emails += row.emails;
    current.threats += row.threats;
    byCountry.set(row.country_code, current);
  }
  return [...byCountry.values()].sort((a, b) => b.emails - a.emails || b.threats - a.threats || a.country_code.localeCompare(b.country_code)).slice(0, limit);
}

/** Known autonomous systems by emails (then threats, then number), at most `limit`. */
export function topAsns(rows: readonly GeoRow[], limit: number): AsnCount[] {
  const byAsn = new Map<number, AsnCount>();
  for (const row of rows) {
    if (row.asn === 0) continue;
    const current = byAsn.get(row.asn) ?? { asn: row.asn, as_org: row.as_org, emails: 0, threats: 0 };
    current.emails += row.emails;
    current.threats += row.threats;
    current.as_org ??= row.as_org;
    byAsn.set(row.asn, current);
  }
  return [...byAsn.values()].sort((a, b) => b.emails - a.emails || b.threats - a.threats || a.asn - b.asn).slice(0, limit);
}
