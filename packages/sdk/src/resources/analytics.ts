/**
 * `/v1/analytics`: figures over a period (`24h`, `7d`, `30d`, `90d`, `365d`, or `custom` with
 * `start_date`/`end_date`) of the mail your honeypots received.
 */
import type { Api, DataOf } from '../api.ts';
import type { GetAnalyticsGeographicQuery, GetAnalyticsOverviewQuery, GetAnalyticsThreatDistributionQuery } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';

export class AnalyticsResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** Totals, classifications, threat types and a time series; `compare: true` adds the previous period. */
  overview(query?: GetAnalyticsOverviewQuery, options?: RequestOptions): Promise<DataOf<'GET /v1/analytics/overview'>> {
    return this.api.data('GET /v1/analytics/overview', { query }, options);
  }

  /** Analysed mail by `group_by`: `type` (default), `score` (tens) or `severity`. */
  threatDistribution(query?: GetAnalyticsThreatDistributionQuery, options?: RequestOptions): Promise<DataOf<'GET /v1/analytics/threat-distribution'>> {
    return this.api.data('GET /v1/analytics/threat-distribution', { query }, options);
  }

  /** Top origin countries and autonomous systems (offline databases). */
  geographic(query?: GetAnalyticsGeographicQuery, options?: RequestOptions): Promise<DataOf<'GET /v1/analytics/geographic'>> {
    return this.api.data('GET /v1/analytics/geographic', { query }, options);
  }
}
