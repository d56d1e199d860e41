/** `/v1/analytics/*` shapes (src/analytics/analytics.schema.ts) and the periods the API offers. */

/** Presets of `?period=` (the API also takes `custom` with dates; the overview offers these). */
export const PERIODS = [
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '365d', label: '1 year' },
] as const;

export interface Totals {
  emails: number;
  analysed: number;
  threats: number;
  malware: number;
  phishing: number;
  spam: number;
  clean: number;
  avg_threat_score: number | null;
  honeypots_hit: number;
  new_campaigns: number;
}

export interface Overview {
  period: { start: string; end: string; preset: string };
  totals: Totals;
  classification: Record<'CLEAN' | 'LOW_RISK' | 'SUSPICIOUS' | 'THREAT' | 'CRITICAL', number>;
  threat_types: Record<'malware' | 'phishing' | 'spam' | 'clean', number>;
  time_series: { granularity: 'hour' | 'day'; buckets: { start: string; emails: number; threats: number; malware: number; phishing: number; spam: number }[] };
  comparison: { previous_period: { start: string; end: string }; previous_totals: Totals; changes: Record<keyof Totals, number | null> } | null;
}

export interface Distribution {
  group_by: 'type' | 'score' | 'severity';
  emails: number;
  analysed: number;
  buckets: { key: string; emails: number; percent: number }[];
}

export interface Geographic {
  located_emails: number;
  countries: { country_code: string; country_name: string; emails: number; threats: number; percent: number }[];
  asns: { asn: number; as_org: string | null; emails: number; threats: number; percent: number }[];
}

/** `GET /api/v1/mailboxes` (Deliverability API, Pro and Enterprise plans). */
export interface MailboxSummary {
  id: string;
  email: string;
  status: 'active' | 'paused' | 'error';
  health_score: number;
}
