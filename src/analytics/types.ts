/**
 * Analytics and report data: the shapes shared by `/v1/analytics/*` (src/analytics/) and the report
 * renderers (src/reports/). One definition of every figure, so a report and the analytics endpoints
 * agree for the same period.
 *
 * Glossary
 * - **period**: a half-open interval [start, end) of `received_at`, ISO-8601 UTC with milliseconds.
 * - **previous period**: the interval of the same length ending where the period starts.
 * - **threat**: an email whose `classification` is `THREAT` or `CRITICAL` (threat_score ≥ 60,
 *   CONTRACT.md §3.3 bands). Emails not analysed yet count in `emails` but in no score figure.
 * - **threat type** of an email (one per email): the highest of its malware/phishing/spam scores when
 *   that score is ≥ 40 (ties: malware, then phishing, then spam); `clean` otherwise.
 * - **change_percent**: (current − previous) / previous × 100, rounded to one decimal; null when the
 *   previous figure is 0.
 * - **origin IP**: the SMTP client's address for mail received over SMTP; for mail posted over HTTP, the
 *   first public address in the Received chain. Country and ASN come from the offline databases.
 */

export type Classification = 'CLEAN' | 'LOW_RISK' | 'SUSPICIOUS' | 'THREAT' | 'CRITICAL';
export type ThreatType = 'malware' | 'phishing' | 'spam' | 'clean';

export interface Period {
  /** Inclusive, ISO-8601 UTC. */
  start: string;
  /** Exclusive, ISO-8601 UTC. */
  end: string;
}

/** Filters a report applies (CONTRACT.md §3.5 `filters`); analytics endpoints use none. */
export interface SummaryFilters {
  /** Only these honeypots (all of the user's when absent or empty). */
  honeypotIds?: string[];
  /** Only emails with threat_score ≥ this. */
  minThreatScore?: number;
}

export interface PeriodTotals {
  emails: number;
  /** Emails classified THREAT or CRITICAL. */
  threats: number;
  malware: number;
  phishing: number;
  spam: number;
  clean: number;
  /** Analysed emails only; null when none. Rounded to one decimal. */
  avg_threat_score: number | null;
  unique_senders: number;
  unique_ips: number;
  honeypots_hit: number;
  /** Campaigns whose first message falls in the period. */
  new_campaigns: number;
}

export interface TimeBucket {
  /** Start of the bucket, ISO-8601 UTC. Hourly for periods up to 48 h, daily otherwise. */
  start: string;
  emails: number;
  threats: number;
  malware: number;
  phishing: number;
  spam: number;
}

export interface CountryCount {
  /** ISO 3166-1 alpha-2, or `ZZ` when unknown. */
  country_code: string;
  country_name: string;
  emails: number;
  threats: number;
}

export interface SenderCount {
  address: string;
  domain: string | null;
  emails: number;
  max_threat_score: number | null;
}

export interface IpCount {
  ip: string;
  country_code: string;
  asn: number | null;
  as_org: string | null;
  emails: number;
  max_threat_score: number | null;
}

export interface AsnCount {
  asn: number;
  as_org: string | null;
  emails: number;
  threats: number;
}

export interface CampaignSummary {
  id: string;
  first_seen: string;
  last_seen: string;
  message_count: number;
  honeypot_count: number;
  max_threat_score: number | null;
  representative_subject: string | null;
}

export interface IndicatorCount {
  type: string;
  /** One representative description. */
  description: string;
  emails: number;
}

export interface Recommendation {
  priority: 'high' | 'medium' | 'low';
  /** What to do, e.g. "Block the sender domain paypa1-secure.com". */
  action: string;
  /** Why, from the data, e.g. "42 phishing emails in the period came from it". */
  reason: string;
}

/** Everything a report shows for one period; JSON reports are exactly this object. */
export interface PeriodSummary {
  period: Period;
  previous_period: Period;
  filters: { honeypot_ids: string[]; min_threat_score: number | null };
  totals: PeriodTotals;
  previous_totals: PeriodTotals;
  /** change_percent of each total against the previous period. */
  changes: Record<keyof PeriodTotals, number | null>;
  classification: Record<Classification, number>;
  threat_types: Record<ThreatType, number>;
  /** Ten buckets of threat_score: 0–9, 10–19, …, 90–100. */
  score_histogram: { range: string; emails: number }[];
  time_series: { granularity: 'hour' | 'day'; buckets: TimeBucket[] };
  top_senders: SenderCount[];
  top_sender_domains: { domain: string; emails: number; threats: number }[];
  top_ips: IpCount[];
  top_asns: AsnCount[];
  geography: CountryCount[];
  new_campaigns: CampaignSummary[];
  notable_indicators: IndicatorCount[];
  recommendations: Recommendation[];
  generated_at: string;
}

// ---- `/v1/analytics/*` responses (added by the analytics feature; figures as in the glossary) ----

/**
 * PeriodTotals without the distinct counts (`unique_senders`, `unique_ips`): those cannot be summed
 * from rollups, so the overview leaves them to the reports (summarizePeriod). `analysed` counts
 * emails with scores (emails − analysed are pending or failed).
 */
export type OverviewTotals = Omit<PeriodTotals, 'unique_senders' | 'unique_ips'> & { analysed: number };

export interface AnalyticsOverview {
  period: Period & { preset: string };
  totals: OverviewTotals;
  classification: Record<Classification, number>;
  threat_types: Record<ThreatType, number>;
  time_series: { granularity: 'hour' | 'day'; buckets: TimeBucket[] };
  /** With `compare=true`: the previous period, its totals and the change of each; null otherwise. */
  comparison: { previous_period: Period; previous_totals: OverviewTotals; changes: Record<keyof OverviewTotals, number | null> } | null;
}

export interface DistributionBucket {
  /** `malware`…, `0-9`…, or `CLEAN`…, by `group_by`. */
  key: string;
  emails: number;
  /** Share of the analysed emails, percent with one decimal (0 when none). */
  percent: number;
}

export interface ThreatDistribution {
  period: Period & { preset: string };
  group_by: 'type' | 'score' | 'severity';
  /** Emails received in the period (pending ones included). */
  emails: number;
  /** Emails with scores: the buckets add up to this. */
  analysed: number;
  buckets: DistributionBucket[];
}

export interface GeographicBreakdown {
  period: Period & { preset: string };
  /** Emails whose origin is known (stored by the analysis); `countries` and `asns` share it out. */
  located_emails: number;
  /** Top countries by emails (including `ZZ`, no country), at most `limit`. */
  countries: Array<CountryCount & { percent: number }>;
  /** Top autonomous systems by emails, at most `limit`. */
  asns: Array<AsnCount & { percent: number }>;
}
